/**
 * The fleet's state graph (JSONPath): who is due, one child rotation each, a summary.
 *
 * Normal path: Discover (writes the due items to the work bucket) →
 * IsFleetDryRun → RotateAccounts (a Distributed Map reading `accounts.json`:
 * one child workflow per account) → in each, RotateAccountPrincipals (a
 * Distributed Map reading the account's `due/<account>.json`: one child
 * execution per due principal, each starting the provider's rotation and
 * waiting for it) → Summarize, which reads what both Maps' ResultWriters
 * wrote. Items and results live in S3, never in the state, so the fleet has
 * no size ceiling. A dry run stops after Discover with the discovery as
 * output: it starts no child, so it takes none of the day's names and a real
 * run the same day still rotates.
 *
 * Failure paths: a failed Discover ends in DiscoveryFailed before anything
 * started, and a failed Summarize in SummaryFailed after every child has
 * ended (their results stay in the work bucket); neither holds a lock. Inside
 * an account every outcome becomes an item result, so one failing principal
 * never stops the others: a rotation already started today (same execution
 * name) is ALREADY_STARTED, any other failure is FAILED with its error and
 * cause. An account whose Map fails (more failures than tolerated) becomes
 * AccountFailed, and the other accounts go on.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
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
  /** Where the due items are read from and the Maps' results written to. */
  readonly workBucket: s3.IBucket;
  /** Child rotations at once within one account. */
  readonly maxConcurrency: number;
  /** Accounts rotated at once. */
  readonly accountConcurrency: number;
  readonly toleratedFailurePercentage: number;
}

/** Summarize reads every account's Map results; its Lambda timeout is 5 minutes, so its state allows more. */
export const SUMMARIZE_TASK_TIMEOUT = Duration.seconds(900);

/** Where the ResultWriters write, inside the work bucket (Summarize reads them back). */
export const RESULT_PREFIXES = {
  accounts: 'fleet-results/accounts',
  principals: 'fleet-results/principals',
} as const;

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
    const rotateAccounts = this.rotateAccounts(props);
    // No ResultPath: ASL's default `$` replaces the state with the summary, which is the run's output.
    const summaryFailed = failWithCaughtError(this, N.summaryFailed, '$.failure');
    const summarize = rotationTask(this, N.summarize, {
      lambdaFunction: props.summarize,
      taskTimeout: SUMMARIZE_TASK_TIMEOUT,
      payload: sfn.TaskInput.fromObject({
        discovery: sfn.JsonPath.objectAt('$.discovery'),
        // The outer ResultWriter's output: {MapRunArn, ResultWriterDetails: {Bucket, Key}}.
        results: sfn.JsonPath.objectAt('$.results'),
      }),
    }).addCatch(summaryFailed.fail, summaryFailed.catchProps);

    discover.next(
      new sfn.Choice(this, N.isFleetDryRun)
        .when(sfn.Condition.booleanEquals('$.discovery.dryRun', true), fleetDryRunComplete)
        .otherwise(rotateAccounts.next(summarize)),
    );
    this.startState = discover;
    this.endStates = [summarize];
  }

  /** One item per account with a due principal, read from `accounts.json`. */
  private rotateAccounts(props: FleetDefinitionProps): sfn.DistributedMap {
    const rotateAccounts = new sfn.DistributedMap(this, N.rotateAccounts, {
      itemReader: new sfn.S3JsonItemReader({
        bucket: props.workBucket,
        key: sfn.JsonPath.stringAt('$.discovery.accountsKey'),
      }),
      itemSelector: {
        account: sfn.JsonPath.stringAt('$$.Map.Item.Value.account'),
        itemsKey: sfn.JsonPath.stringAt('$$.Map.Item.Value.itemsKey'),
        gracePeriodSeconds: sfn.JsonPath.numberAt('$.discovery.gracePeriodSeconds'),
        deletionDelaySeconds: sfn.JsonPath.numberAt('$.discovery.deletionDelaySeconds'),
      },
      maxConcurrency: props.accountConcurrency,
      // An account's own failures end in AccountFailed: one account never stops the others.
      toleratedFailurePercentage: 100,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultWriterV2: new sfn.ResultWriterV2({ bucket: props.workBucket, prefix: RESULT_PREFIXES.accounts }),
      resultPath: '$.results',
    });
    rotateAccounts.itemProcessor(this.rotateAccountPrincipals(props));
    return rotateAccounts;
  }

  /** One account: its due principals, read from `due/<account>.json`; a failed Map becomes AccountFailed. */
  private rotateAccountPrincipals(props: FleetDefinitionProps): sfn.IChainable {
    const principals = new sfn.DistributedMap(this, N.rotateAccountPrincipals, {
      itemReader: new sfn.S3JsonItemReader({
        bucket: props.workBucket,
        key: sfn.JsonPath.stringAt('$.itemsKey'),
      }),
      itemSelector: {
        principal: sfn.JsonPath.stringAt('$$.Map.Item.Value.principal'),
        // Deterministic child names (Discover made them) make a second run on the same day start nobody twice.
        name: sfn.JsonPath.stringAt('$$.Map.Item.Value.name'),
        gracePeriodSeconds: sfn.JsonPath.numberAt('$.gracePeriodSeconds'),
        deletionDelaySeconds: sfn.JsonPath.numberAt('$.deletionDelaySeconds'),
      },
      maxConcurrency: props.maxConcurrency,
      toleratedFailurePercentage: props.toleratedFailurePercentage,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultWriterV2: new sfn.ResultWriterV2({
        bucket: props.workBucket,
        prefix: RESULT_PREFIXES.principals,
      }),
      resultPath: '$.run',
    });
    principals.itemProcessor(this.startRotation(props.rotation));
    principals.addCatch(
      new sfn.Pass(this, N.accountFailed, {
        parameters: {
          account: sfn.JsonPath.stringAt('$.account'),
          status: 'FAILED',
          error: sfn.JsonPath.stringAt('$.failure.Error'),
          cause: sfn.JsonPath.stringAt('$.failure.Cause'),
        },
      }),
      { errors: [sfn.Errors.ALL], resultPath: '$.failure' },
    );
    return principals;
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
