/**
 * Calls a handler module the way the Lambda service would: the payload and the
 * result cross a JSON boundary, and a thrown error reaches Step Functions as
 * its `name` (the errorType) with a JSON cause, as in a deployed state machine.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { SynthesizedFunction } from './synthesized-workflow.ts';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const DEFAULT_TIMEOUT_MS = 30_000;

function lambdaContext(fn: SynthesizedFunction): Context {
  const deadline = Date.now() + DEFAULT_TIMEOUT_MS;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The error Step Functions sees: same name, cause in the Lambda service's JSON shape. */
export class LambdaFunctionError extends Error {
  constructor(original: unknown) {
    const errorType = original instanceof Error ? original.name : 'Error';
    const errorMessage = original instanceof Error ? original.message : String(original);
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

export async function invokeLambda(fn: SynthesizedFunction, handler: LambdaHandler, payload: unknown) {
  const event = JSON.parse(JSON.stringify(payload ?? null));
  try {
    const result = await handler(event, lambdaContext(fn));
    return JSON.parse(JSON.stringify(result ?? null));
  } catch (error) {
    throw new LambdaFunctionError(error);
  }
}
