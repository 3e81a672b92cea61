/**
 * The rotation graph rendered to ASL on its own, without an app synth (the way
 * aws-cdk's states-language tests do): a bare stack, stand-in functions, and
 * the fragment's start state through `sfn.StateGraph`. Every state, transition,
 * retrier and catcher is asserted exactly, in execution order.
 */
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { RotationDefinition, type RotationStepFunctions } from '../../lib/rotation/rotation-definition.ts';
import { mapRotationSteps } from '../../lib/rotation/rotation-steps.ts';
import { BACKOFF, STANDARD_RETRY } from './expected-retries.ts';

const arnOf = (step: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${step}`;

function renderRotationGraph(): { StartAt: string; States: Record<string, Record<string, unknown>> } {
  const stack = new Stack();
  const steps: RotationStepFunctions = mapRotationSteps((id) =>
    lambda.Function.fromFunctionArn(stack, id, arnOf(id)),
  );
  const definition = new RotationDefinition(stack, 'Rotation', steps);
  return stack.resolve(new sfn.StateGraph(definition.startState, 'rotation').toGraphJson());
}

const catchAll = (resultPath: string, next: string) => ({
  ErrorEquals: ['States.ALL'],
  ResultPath: resultPath,
  Next: next,
});
const task = (step: string, fields: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: arnOf(step),
  Retry: STANDARD_RETRY,
  ...fields,
});

/**
 * The whole graph, state by state in the order a run meets them: the 12 states of the normal
 * path, the dry run's end, the rollback path, then the after-Publish failure path.
 */
const EXPECTED_STATES = {
  Plan: task('plan', {
    ResultPath: '$.plan',
    Parameters: {
      'input.$': '$$.Execution.Input',
      'rotationId.$': '$$.Execution.Name',
      'executionArn.$': '$$.Execution.Id',
      'startedAt.$': '$$.Execution.StartTime',
    },
    Next: 'IsDryRun',
  }),
  IsDryRun: {
    Type: 'Choice',
    Choices: [{ Variable: '$.plan.dryRun', BooleanEquals: true, Next: 'DryRunComplete' }],
    Default: 'CreateKey',
  },
  CreateKey: task('createKey', {
    ResultPath: '$.created',
    Catch: [catchAll('$.failure', 'RollBack')],
    Next: 'VerifyKey',
  }),
  VerifyKey: task('verifyKey', {
    ResultPath: '$.verified',
    Retry: [...STANDARD_RETRY, { ErrorEquals: ['KeyNotYetValidError'], MaxAttempts: 6, ...BACKOFF }],
    Catch: [catchAll('$.failure', 'RollBack')],
    Next: 'Publish',
  }),
  Publish: task('publish', {
    ResultPath: '$.published',
    Catch: [catchAll('$.failure', 'RollBack')],
    Next: 'WaitGrace',
  }),
  WaitGrace: { Type: 'Wait', SecondsPath: '$.plan.graceWaitSeconds', Next: 'CheckOldKeyUse' },
  CheckOldKeyUse: task('checkOldKeyUse', {
    ResultPath: '$.usage',
    Catch: [catchAll('$.failure', 'RecordFailure')],
    Next: 'RetireOrDefer',
  }),
  RetireOrDefer: {
    Type: 'Choice',
    Choices: [
      {
        And: [
          { Variable: '$.plan.emergencyRevocation', IsPresent: true },
          { Variable: '$.plan.emergencyRevocation', StringEquals: 'DELETE' },
        ],
        Next: 'DeleteOldKey',
      },
      { Variable: '$.plan.hasOldKey', BooleanEquals: false, Next: 'Record' },
      { Variable: '$.usage.decision', StringEquals: 'DEFER', Next: 'WaitGrace' },
    ],
    Default: 'RetireOldKey',
  },
  RetireOldKey: task('retireOldKey', {
    ResultPath: '$.retired',
    Catch: [catchAll('$.failure', 'RecordFailure')],
    Next: 'WaitDeletion',
  }),
  WaitDeletion: { Type: 'Wait', SecondsPath: '$.plan.deletionDelaySeconds', Next: 'DeleteOldKey' },
  DeleteOldKey: task('deleteOldKey', {
    ResultPath: '$.deleted',
    Catch: [catchAll('$.failure', 'RecordFailure')],
    Next: 'Record',
  }),
  // No ResultPath: the evidence record replaces the state and is the run's output.
  Record: task('record', { Catch: [catchAll('$.recordFailure', 'RecordFailed')], End: true }),
  DryRunComplete: { Type: 'Succeed', OutputPath: '$.plan' },
  RollBack: task('rollBack', {
    ResultPath: '$.rolledBack',
    Catch: [
      {
        ErrorEquals: ['RotationAlreadyPublishedError'],
        ResultPath: '$.rollbackRefused',
        Next: 'RecordFailure',
      },
      catchAll('$.rollbackFailure', 'RollbackFailed'),
    ],
    Next: 'RecordRollback',
  }),
  RecordRollback: task('record', {
    ResultPath: '$.record',
    Catch: [catchAll('$.recordFailure', 'RecordFailed')],
    Next: 'RotationRolledBack',
  }),
  RotationRolledBack: { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' },
  RollbackFailed: { Type: 'Fail', Error: 'RollbackFailed', CausePath: '$.rollbackFailure.Cause' },
  RecordFailure: task('record', {
    ResultPath: '$.record',
    Catch: [catchAll('$.recordFailure', 'RecordFailed')],
    Next: 'RotationFailed',
  }),
  RotationFailed: { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' },
  RecordFailed: { Type: 'Fail', ErrorPath: '$.recordFailure.Error', CausePath: '$.recordFailure.Cause' },
};

describe('rotation definition rendered to ASL', () => {
  const graph = renderRotationGraph();

  it('starts at Plan and holds exactly these states, transitions, retriers and catchers', () => {
    expect(graph.StartAt).toBe('Plan');
    expect(graph.States).toStrictEqual(EXPECTED_STATES);
  });

  it('follows Next and each Choice Default through the 12 states of a rotation with an old key', () => {
    const path: string[] = [];
    for (let name: unknown = graph.StartAt; typeof name === 'string'; ) {
      path.push(name);
      const state = graph.States[name];
      name = state?.Next ?? state?.Default;
    }
    expect(path).toEqual(Object.keys(EXPECTED_STATES).slice(0, 12));
  });
});
