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
 * Emergency (`plan.emergency`, the same graph, no second workflow): WaitGrace
 * waits 0 s and CheckOldKeyUse answers RETIRE at once (policy EMERGENCY). AWS
 * then takes the normal path: RetireOldKey deactivates the exposed key, which
 * is deleted after the deletion delay (rollback may still re-activate it), 12
 * transitions. Yandex keys have no status, so deleting is the only revocation:
 * RetireOrDefer's first branch (`plan.emergencyRevocation` DELETE, tested with
 * isPresent so a plan written before that field existed takes the old
 * branches) goes straight to DeleteOldKey, 10 transitions.
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

/**
 * The rotation graph as a fragment: its states are built here in execution
 * order, the normal path first and the failure paths after it. Render it with
 * `new sfn.StateGraph(definition.startState, …).toGraphJson()`.
 */
export class RotationDefinition extends sfn.StateMachineFragment {
  readonly startState: sfn.State;
  /** Record, the last state of the normal path (DryRunComplete and every Fail end the run themselves). */
  readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, steps: RotationStepFunctions) {
    super(scope, id);
    // A Catch needs its target, so the failure paths (below) exist before the steps that catch into them.
    const recordFailed = failWithCaughtError(this, N.recordFailed, '$.recordFailure');
    const failedAfterPublish = this.afterPublishFailurePath(steps, recordFailed);
    const rollBack = this.rollBackPath(steps, failedAfterPublish, recordFailed);

    // No Catch: a refused plan changed nothing, so the run just fails with the rule's error.
    const plan = rotationTask(this, N.plan, {
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
    });
    const dryRunComplete = new sfn.Succeed(this, N.dryRunComplete, { outputPath: '$.plan' });

    // Before Publish: consumers never saw the new key, so a failure rolls it back.
    const createKey = rotationTask(this, N.createKey, {
      lambdaFunction: steps.createKey,
      resultPath: '$.created',
    }).addCatch(rollBack, CATCH_ALL_AS_FAILURE);
    const verifyKey = rotationTask(this, N.verifyKey, {
      lambdaFunction: steps.verifyKey,
      resultPath: '$.verified',
      extraRetries: [KEY_NOT_YET_VALID_RETRY],
    }).addCatch(rollBack, CATCH_ALL_AS_FAILURE);
    const publish = rotationTask(this, N.publish, {
      lambdaFunction: steps.publish,
      resultPath: '$.published',
    }).addCatch(rollBack, CATCH_ALL_AS_FAILURE);

    // After Publish: both keys stay usable, a failure is recorded.
    const waitGrace = new sfn.Wait(this, N.waitGrace, {
      time: sfn.WaitTime.secondsPath('$.plan.graceWaitSeconds'),
    });
    const checkOldKeyUse = rotationTask(this, N.checkOldKeyUse, {
      lambdaFunction: steps.checkOldKeyUse,
      resultPath: '$.usage',
    }).addCatch(failedAfterPublish, CATCH_ALL_AS_FAILURE);
    const retireOldKey = rotationTask(this, N.retireOldKey, {
      lambdaFunction: steps.retireOldKey,
      resultPath: '$.retired',
    }).addCatch(failedAfterPublish, CATCH_ALL_AS_FAILURE);
    const waitDeletion = new sfn.Wait(this, N.waitDeletion, {
      time: sfn.WaitTime.secondsPath('$.plan.deletionDelaySeconds'),
    });
    const deleteOldKey = rotationTask(this, N.deleteOldKey, {
      lambdaFunction: steps.deleteOldKey,
      resultPath: '$.deleted',
    }).addCatch(failedAfterPublish, CATCH_ALL_AS_FAILURE);
    // No ResultPath: the record replaces the state and becomes the execution's output.
    const record = rotationTask(this, N.record, { lambdaFunction: steps.record }).addCatch(
      recordFailed.fail,
      recordFailed.catchProps,
    );

    plan.next(
      new sfn.Choice(this, N.isDryRun)
        .when(sfn.Condition.booleanEquals('$.plan.dryRun', true), dryRunComplete)
        .otherwise(
          createKey
            .next(verifyKey)
            .next(publish)
            .next(waitGrace)
            .next(checkOldKeyUse)
            .next(
              new sfn.Choice(this, N.retireOrDefer)
                .when(
                  sfn.Condition.and(
                    sfn.Condition.isPresent('$.plan.emergencyRevocation'),
                    sfn.Condition.stringEquals('$.plan.emergencyRevocation', 'DELETE'),
                  ),
                  deleteOldKey,
                )
                .when(sfn.Condition.booleanEquals('$.plan.hasOldKey', false), record)
                .when(sfn.Condition.stringEquals('$.usage.decision', 'DEFER'), waitGrace)
                .otherwise(retireOldKey.next(waitDeletion).next(deleteOldKey).next(record)),
            ),
        ),
    );
    this.startState = plan;
    this.endStates = [record];
  }

  /** Before Publish: delete the new key and pending version, record, and fail with the original error. */
  private rollBackPath(
    steps: RotationStepFunctions,
    failedAfterPublish: sfn.IChainable,
    recordFailed: CaughtFailure,
  ): sfn.IChainable {
    const recordRollback = rotationTask(this, N.recordRollback, {
      lambdaFunction: steps.record,
      resultPath: '$.record',
    }).addCatch(recordFailed.fail, recordFailed.catchProps);
    return rotationTask(this, N.rollBack, { lambdaFunction: steps.rollBack, resultPath: '$.rolledBack' })
      .addCatch(failedAfterPublish, {
        errors: ['RotationAlreadyPublishedError'],
        resultPath: '$.rollbackRefused',
      })
      .addCatch(
        new sfn.Fail(this, N.rollbackFailed, {
          error: 'RollbackFailed',
          causePath: '$.rollbackFailure.Cause',
        }),
        { errors: [sfn.Errors.ALL], resultPath: '$.rollbackFailure' },
      )
      .next(recordRollback)
      .next(
        new sfn.Fail(this, N.rotationRolledBack, {
          errorPath: '$.failure.Error',
          causePath: '$.failure.Cause',
        }),
      );
  }

  /** After Publish: record the failure with both keys left usable, then fail with the step's own error. */
  private afterPublishFailurePath(steps: RotationStepFunctions, recordFailed: CaughtFailure): sfn.IChainable {
    return rotationTask(this, N.recordFailure, { lambdaFunction: steps.record, resultPath: '$.record' })
      .addCatch(recordFailed.fail, recordFailed.catchProps)
      .next(
        new sfn.Fail(this, N.rotationFailed, { errorPath: '$.failure.Error', causePath: '$.failure.Cause' }),
      );
  }
}
