/**
 * The fleet's state graph (JSONPath): who is due, one child rotation each, a summary.
 *
 * Normal path: Discover → IsFleetDryRun → RotateEach (a Distributed Map: one
 * child execution per due principal, each starting the provider's rotation
 * and waiting for it) → Summarize, whose output is the run's summary. A dry
 * run stops after Discover with the discovery as output: it starts no child,
 * so it takes none of the day's names and a real run the same day still rotates.
 *
 * Failure paths: a failed Discover ends in DiscoveryFailed before anything
 * started, and a failed Summarize in SummaryFailed after every child has
 * ended (their results stay in the history); neither holds a lock. Inside
 * RotateEach every outcome becomes an item result, so one failing principal
 * never stops the others: a rotation already started today (same execution
 * name) is ALREADY_STARTED, any other failure is FAILED with its error and cause.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { failWithCaughtError } from '../rotation/fail-with-caught-error.ts';
import { rotationTask } from '../rotation/rotation-task.ts';
import { FLEET_STATE_NAMES as N } from './fleet-state-names.ts';

export interface FleetDefinitionProps {
  readonly discover: lambda.IFunction;
  readonly summarize: lambda.IFunction;
  /** The same provider's rotation state machine, started once per due principal. */
  readonly rotation: sfn.IStateMachine;
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage: number;
}

/** Discover pages through every user of the account; its Lambda timeout is 5 minutes. */
export const DISCOVER_TASK_TIMEOUT = Duration.seconds(900);

/** Starting a child may be throttled (execution limits, API rate): retried with jitter, then FAILED. */
export const START_ROTATION_RETRY: sfn.RetryProps = {
  errors: [
    'StepFunctions.ExecutionLimitExceededException',
    'StepFunctions.AWSStepFunctionsException',
    'StepFunctions.SdkClientException',
  ],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxDelay: Duration.seconds(60),
  maxAttempts: 5,
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * The fleet graph as a fragment, its states built in execution order: Discover,
 * IsFleetDryRun, RotateEach (StartRotation for each item) and Summarize.
 */
export class FleetDefinition extends sfn.StateMachineFragment {
  readonly startState: sfn.State;
  /** Summarize, the last state of the normal path. */
  readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: FleetDefinitionProps) {
    super(scope, id);
    const discoveryFailed = failWithCaughtError(this, N.discoveryFailed, '$.failure');
    const discover = rotationTask(this, N.discover, {
      lambdaFunction: props.discover,
      resultPath: '$.discovery',
      taskTimeout: DISCOVER_TASK_TIMEOUT,
      payload: sfn.TaskInput.fromObject({
        // The execution input as given: `$` of a `null` input points to no value, so the
        // run would fail before this task could refuse it by name.
        input: sfn.JsonPath.executionInput,
        executionArn: sfn.JsonPath.executionId,
        startedAt: sfn.JsonPath.executionStartTime,
      }),
    }).addCatch(discoveryFailed.fail, discoveryFailed.catchProps);
    const fleetDryRunComplete = new sfn.Succeed(this, N.fleetDryRunComplete, { outputPath: '$.discovery' });
    const rotateEach = new sfn.DistributedMap(this, N.rotateEach, {
      itemsPath: '$.discovery.due',
      itemSelector: {
        principal: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
        // Deterministic child names make a second run on the same day start nobody twice.
        name: sfn.JsonPath.format(
          '{}-{}',
          sfn.JsonPath.stringAt('$$.Map.Item.Value'),
          sfn.JsonPath.stringAt('$.discovery.runDate'),
        ),
        gracePeriodSeconds: sfn.JsonPath.numberAt('$.discovery.gracePeriodSeconds'),
        deletionDelaySeconds: sfn.JsonPath.numberAt('$.discovery.deletionDelaySeconds'),
      },
      maxConcurrency: props.maxConcurrency,
      toleratedFailurePercentage: props.toleratedFailurePercentage,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultPath: '$.results',
    });
    rotateEach.itemProcessor(this.startRotation(props.rotation));
    // No ResultPath: ASL's default `$` replaces the state with the summary, which is the run's output.
    const summaryFailed = failWithCaughtError(this, N.summaryFailed, '$.failure');
    const summarize = rotationTask(this, N.summarize, {
      lambdaFunction: props.summarize,
      payload: sfn.TaskInput.fromObject({
        discovery: sfn.JsonPath.objectAt('$.discovery'),
        results: sfn.JsonPath.listAt('$.results'),
      }),
    }).addCatch(summaryFailed.fail, summaryFailed.catchProps);

    discover.next(
      new sfn.Choice(this, N.isFleetDryRun)
        .when(sfn.Condition.booleanEquals('$.discovery.dryRun', true), fleetDryRunComplete)
        .otherwise(rotateEach.next(summarize)),
    );
    this.startState = discover;
    this.endStates = [summarize];
  }

  /** One Map item: start the child rotation and wait for it (`.sync:2` returns its parsed Input and Output). */
  private startRotation(rotation: sfn.IStateMachine): sfn.IChainable {
    return new tasks.StepFunctionsStartExecution(this, N.startRotation, {
      stateMachine: rotation,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      name: sfn.JsonPath.stringAt('$.name'),
      input: sfn.TaskInput.fromObject({
        principal: sfn.JsonPath.stringAt('$.principal'),
        gracePeriodSeconds: sfn.JsonPath.numberAt('$.gracePeriodSeconds'),
        deletionDelaySeconds: sfn.JsonPath.numberAt('$.deletionDelaySeconds'),
      }),
      // Adds AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: the console links each child to this run.
      associateWithParent: true,
      resultSelector: {
        principal: sfn.JsonPath.stringAt('$.Input.principal'),
        status: sfn.JsonPath.stringAt('$.Status'),
        executionArn: sfn.JsonPath.stringAt('$.ExecutionArn'),
      },
    })
      .addRetry(START_ROTATION_RETRY)
      .addCatch(
        new sfn.Pass(this, N.alreadyStartedToday, {
          parameters: { principal: sfn.JsonPath.stringAt('$.principal'), status: 'ALREADY_STARTED' },
        }),
        { errors: ['StepFunctions.ExecutionAlreadyExistsException'], resultPath: '$.failure' },
      )
      .addCatch(
        new sfn.Pass(this, N.recordItemFailure, {
          parameters: {
            principal: sfn.JsonPath.stringAt('$.principal'),
            status: 'FAILED',
            error: sfn.JsonPath.stringAt('$.failure.Error'),
            cause: sfn.JsonPath.stringAt('$.failure.Cause'),
          },
        }),
        { errors: [sfn.Errors.ALL], resultPath: '$.failure' },
      );
  }
}
