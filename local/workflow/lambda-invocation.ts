/**
 * How a failed Lambda invocation reaches Step Functions: the error's name is
 * the errorType (what Retry and Catch match on), and the cause is the Lambda
 * service's JSON shape, as in a deployed state machine.
 */
export class LambdaFunctionError extends Error {
  constructor(errorType: string, errorMessage: string) {
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}
