/**
 * The rotation's state graph (JSONPath: the local runner ignores JSONata).
 *
 * Normal path: Plan → IsDryRun → CreateKey → VerifyKey → Publish → WaitGrace →
 * CheckOldKeyUse → RetireOrDefer (DEFER loops to WaitGrace) → RetireOldKey →
 * WaitDeletion → DeleteOldKey → Record, whose output is the evidence record:
 * 12 state transitions, each billed.
 *
 * With no old key (a principal's first key), WaitGrace waits 0 s
 * (`plan.graceWaitSeconds`), CheckOldKeyUse answers without an API call, and
 * RetireOrDefer goes straight to Record. One Choice serves both decisions, so
 * the normal path pays for no separate "has an old key?" state.
 *
 * Failure paths: a refused Plan changed nothing and simply fails. Before
 * Publish, consumers never saw the new key, so RollBack deletes it and the run
 * fails as RotationRolledBack. After Publish nothing is deleted automatically:
 * both keys stay usable, the failure is recorded and the run fails as RotationFailed.
 * Publish is the commit point: when its invocation fails after it moved
 * AWSCURRENT (a function timeout), RollBack refuses with
 * RotationAlreadyPublishedError and the run takes the after-Publish path.
 *
 * Record, RecordFailure and RecordRollback catch into RecordFailed. Record
 * releases the lock before it archives and notifies, so a Record that fails
 * later has already freed the principal; if the release itself kept failing,
 * the lock expires at the lease Plan set. A RollBack that keeps failing ends
 * RollbackFailed with the lock held until that lease too: what it left
 * (a new key, AWSPENDING) needs a person, and the next Plan would refuse anyway.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { type CaughtFailure, failWithCaughtError } from './fail-with-caught-error.ts';
import { ROTATION_STATE_NAMES as N } from './rotation-state-names.ts';
import { KEY_NOT_YET_VALID_RETRY, rotationTask } from './rotation-task.ts';

/** One function per step; Record serves the success, failure and rollback records. */
export interface RotationStepFunctions {
  readonly plan: lambda.IFunction;
  readonly createKey: lambda.IFunction;
  readonly verifyKey: lambda.IFunction;
  readonly publish: lambda.IFunction;
  readonly checkOldKeyUse: lambda.IFunction;
  readonly retireOldKey: lambda.IFunction;
  readonly deleteOldKey: lambda.IFunction;
  readonly rollBack: lambda.IFunction;
  readonly record: lambda.IFunction;
}

const CATCH_ALL_AS_FAILURE: sfn.CatchProps = { errors: [sfn.Errors.ALL], resultPath: '$.failure' };

/** Builds the graph in `scope` and returns its start state. */
export function buildRotationDefinition(scope: Construct, steps: RotationStepFunctions): sfn.IChainable {
  const recordFailed = failWithCaughtError(scope, N.recordFailed, '$.recordFailure');
  const failedAfterPublish = afterPublishFailurePath(scope, steps, recordFailed);
  const rollBack = rollBackPath(scope, steps, failedAfterPublish, recordFailed);

  // No ResultPath: the record replaces the state and becomes the execution's output.
  const record = rotationTask(scope, N.record, { lambdaFunction: steps.record }).addCatch(
    recordFailed.fail,
    recordFailed.catchProps,
  );
  const deleteOldKey = rotationTask(scope, N.deleteOldKey, {
    lambdaFunction: steps.deleteOldKey,
    resultPath: '$.deleted',
  }).addCatch(failedAfterPublish, CATCH_ALL_AS_FAILURE);
  deleteOldKey.next(record);
  const waitDeletion = new sfn.Wait(scope, N.waitDeletion, {
    time: sfn.WaitTime.secondsPath('$.plan.deletionDelaySeconds'),
  }).next(deleteOldKey);
  const retireOldKey = rotationTask(scope, N.retireOldKey, {
    lambdaFunction: steps.retireOldKey,
    resultPath: '$.retired',
  }).addCatch(failedAfterPublish, CATCH_ALL_AS_FAILURE);
  retireOldKey.next(waitDeletion);

  const waitGrace = new sfn.Wait(scope, N.waitGrace, {
    time: sfn.WaitTime.secondsPath('$.plan.graceWaitSeconds'),
  });
  const checkOldKeyUse = rotationTask(scope, N.checkOldKeyUse, {
    lambdaFunction: steps.checkOldKeyUse,
    resultPath: '$.usage',
  }).addCatch(failedAfterPublish, CATCH_ALL_AS_FAILURE);
  const retireOrDefer = new sfn.Choice(scope, N.retireOrDefer)
    .when(sfn.Condition.booleanEquals('$.plan.hasOldKey', false), record)
    .when(sfn.Condition.stringEquals('$.usage.decision', 'DEFER'), waitGrace)
    .otherwise(retireOldKey);
  waitGrace.next(checkOldKeyUse);
  checkOldKeyUse.next(retireOrDefer);

  const publish = rotationTask(scope, N.publish, { lambdaFunction: steps.publish, resultPath: '$.published' })
    .addCatch(rollBack, CATCH_ALL_AS_FAILURE)
    .next(waitGrace);
  const verifyKey = rotationTask(scope, N.verifyKey, {
    lambdaFunction: steps.verifyKey,
    resultPath: '$.verified',
    extraRetries: [KEY_NOT_YET_VALID_RETRY],
  })
    .addCatch(rollBack, CATCH_ALL_AS_FAILURE)
    .next(publish);
  const createKey = rotationTask(scope, N.createKey, {
    lambdaFunction: steps.createKey,
    resultPath: '$.created',
  })
    .addCatch(rollBack, CATCH_ALL_AS_FAILURE)
    .next(verifyKey);

  const isDryRun = new sfn.Choice(scope, N.isDryRun)
    .when(
      sfn.Condition.booleanEquals('$.plan.dryRun', true),
      new sfn.Succeed(scope, N.dryRunComplete, { outputPath: '$.plan' }),
    )
    .otherwise(createKey);
  // No Catch: a refused plan changed nothing, so the run just fails with the rule's error.
  return rotationTask(scope, N.plan, {
    lambdaFunction: steps.plan,
    resultPath: '$.plan',
    payload: sfn.TaskInput.fromObject({
      // The execution input as given: `$` of a `null` input points to no value, so the
      // run would fail before this task could refuse it by name.
      input: sfn.JsonPath.executionInput,
      rotationId: sfn.JsonPath.executionName,
      executionArn: sfn.JsonPath.executionId,
      startedAt: sfn.JsonPath.executionStartTime,
    }),
  }).next(isDryRun);
}

/** After Publish: record the failure with both keys left usable, then fail with the step's own error. */
function afterPublishFailurePath(
  scope: Construct,
  steps: RotationStepFunctions,
  recordFailed: CaughtFailure,
): sfn.IChainable {
  return rotationTask(scope, N.recordFailure, { lambdaFunction: steps.record, resultPath: '$.record' })
    .addCatch(recordFailed.fail, recordFailed.catchProps)
    .next(
      new sfn.Fail(scope, N.rotationFailed, { errorPath: '$.failure.Error', causePath: '$.failure.Cause' }),
    );
}

/** Before Publish: delete the new key and pending version, record, and fail with the original error. */
function rollBackPath(
  scope: Construct,
  steps: RotationStepFunctions,
  failedAfterPublish: sfn.IChainable,
  recordFailed: CaughtFailure,
): sfn.IChainable {
  const rollbackFailed = new sfn.Fail(scope, N.rollbackFailed, {
    error: 'RollbackFailed',
    causePath: '$.rollbackFailure.Cause',
  });
  const recordRollback = rotationTask(scope, N.recordRollback, {
    lambdaFunction: steps.record,
    resultPath: '$.record',
  })
    .addCatch(recordFailed.fail, recordFailed.catchProps)
    .next(
      new sfn.Fail(scope, N.rotationRolledBack, {
        errorPath: '$.failure.Error',
        causePath: '$.failure.Cause',
      }),
    );
  return rotationTask(scope, N.rollBack, { lambdaFunction: steps.rollBack, resultPath: '$.rolledBack' })
    .addCatch(failedAfterPublish, {
      errors: ['RotationAlreadyPublishedError'],
      resultPath: '$.rollbackRefused',
    })
    .addCatch(rollbackFailed, { errors: [sfn.Errors.ALL], resultPath: '$.rollbackFailure' })
    .next(recordRollback);
}
