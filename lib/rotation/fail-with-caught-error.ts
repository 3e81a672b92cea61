/**
 * A Catch that ends the run in a named Fail state carrying the caught error's
 * own name and cause, for tasks that have nothing left to undo: the run
 * fails as it would without a Catch, but the graph says so explicitly and the
 * history names the state that ended it.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

export interface CaughtFailure {
  readonly fail: sfn.Fail;
  readonly catchProps: sfn.CatchProps;
}

/** @param resultPath where the Catch puts the error, e.g. `$.recordFailure`. */
export function failWithCaughtError(
  scope: Construct,
  failStateName: string,
  resultPath: string,
): CaughtFailure {
  return {
    fail: new sfn.Fail(scope, failStateName, {
      errorPath: `${resultPath}.Error`,
      causePath: `${resultPath}.Cause`,
    }),
    catchProps: { errors: [sfn.Errors.ALL], resultPath },
  };
}
