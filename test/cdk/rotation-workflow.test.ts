/**
 * The synthesized state machine, rendered to plain JSON: the shape the local
 * runner executes and AWS deploys. Transitions, retries and catches are
 * asserted exactly, state by state.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ROTATION_STATE_NAMES } from '../../lib/rotation/rotation-state-names.ts';
import { BACKOFF, STANDARD_RETRY } from './expected-retries.ts';
import {
  type AslDefinition,
  type AslState,
  renderStateMachine,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

let synthesized: SynthesizedRotator;
let machine: TemplateResource;
let definition: AslDefinition;

function state(name: string): AslState {
  const found = definition.States[name];
  if (!found) throw new Error(`No state ${name}`);
  return found;
}

function entryOf(resource: unknown): unknown {
  const logicalId = String(resource).replace(/^<(.+)\.Arn>$/, '$1');
  return synthesized.resources[logicalId]?.Metadata?.['akr:entry'];
}

beforeAll(() => {
  // Prepare
  synthesized = synthesizeRotator();
  ({ machine, definition } = renderStateMachine(synthesized.resources));
});

describe('rotation state graph', () => {
  it('starts at Plan and has exactly the named states', () => {
    expect(definition.StartAt).toBe('Plan');
    expect(Object.keys(definition.States).sort()).toEqual(Object.values(ROTATION_STATE_NAMES).sort());
  });

  it('has no top-level timeout and stays in JSONPath', () => {
    expect(definition.TimeoutSeconds).toBeUndefined();
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    for (const [name, s] of Object.entries(definition.States)) {
      for (const jsonataField of ['Arguments', 'Output', 'Assign', 'QueryLanguage']) {
        expect(s[jsonataField], `${name}.${jsonataField}`).toBeUndefined();
      }
    }
  });

  it.each([
    ['Plan', 'Task', 'IsDryRun', '$.plan', 'lambdas/handlers/plan.ts'],
    ['CreateKey', 'Task', 'VerifyKey', '$.created', 'lambdas/handlers/create-key.ts'],
    ['VerifyKey', 'Task', 'Publish', '$.verified', 'lambdas/handlers/verify-key.ts'],
    ['Publish', 'Task', 'WaitGrace', '$.published', 'lambdas/handlers/publish.ts'],
    ['CheckOldKeyUse', 'Task', 'RetireOrDefer', '$.usage', 'lambdas/handlers/check-old-key-use.ts'],
    ['RetireOldKey', 'Task', 'WaitDeletion', '$.retired', 'lambdas/handlers/retire-old-key.ts'],
    ['DeleteOldKey', 'Task', 'Record', '$.deleted', 'lambdas/handlers/delete-old-key.ts'],
    ['RecordFailure', 'Task', 'RotationFailed', '$.record', 'lambdas/handlers/record.ts'],
    ['RollBack', 'Task', 'RecordRollback', '$.rolledBack', 'lambdas/handlers/roll-back.ts'],
    ['RecordRollback', 'Task', 'RotationRolledBack', '$.record', 'lambdas/handlers/record.ts'],
  ])('%s is a %s going to %s with ResultPath %s, bound to %s', (name, type, next, resultPath, entry) => {
    const s = state(name);
    expect(s.Type).toBe(type);
    expect(s.Next).toBe(next);
    expect(s.End).toBeUndefined();
    expect(s.ResultPath).toBe(resultPath);
    expect(entryOf(s.Resource)).toBe(entry);
  });

  it('Record ends the run with its result as the whole output (the evidence record)', () => {
    const record = state('Record');
    expect(record).toMatchObject({ Type: 'Task', End: true });
    // ASL's default ResultPath is `$` (replace). Written out, aws-local-stepfunctions would merge instead.
    expect(record).not.toHaveProperty('ResultPath');
    expect(record.Next).toBeUndefined();
    expect(entryOf(record.Resource)).toBe('lambdas/handlers/record.ts');
  });

  it('passes the context fields to Plan and the whole state to every other task', () => {
    expect(state('Plan').Parameters).toEqual({
      'input.$': '$$.Execution.Input',
      'rotationId.$': '$$.Execution.Name',
      'executionArn.$': '$$.Execution.Id',
      'startedAt.$': '$$.Execution.StartTime',
    });
    const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
    expect(tasks).toHaveLength(11);
    for (const [name, s] of tasks) {
      if (name !== 'Plan') expect(s.Parameters, name).toBeUndefined();
    }
  });

  it('retries every Lambda task explicitly, and VerifyKey also while IAM settles', () => {
    for (const [name, s] of Object.entries(definition.States)) {
      if (s.Type !== 'Task' || name === 'VerifyKey') continue;
      expect(s.Retry, name).toEqual(STANDARD_RETRY);
    }
    expect(state('VerifyKey').Retry).toEqual([
      ...STANDARD_RETRY,
      { ErrorEquals: ['KeyNotYetValidError'], MaxAttempts: 6, ...BACKOFF },
    ]);
  });

  it.each([
    ['CreateKey', 'RollBack', '$.failure'],
    ['VerifyKey', 'RollBack', '$.failure'],
    ['Publish', 'RollBack', '$.failure'],
    ['CheckOldKeyUse', 'RecordFailure', '$.failure'],
    ['RetireOldKey', 'RecordFailure', '$.failure'],
    ['DeleteOldKey', 'RecordFailure', '$.failure'],
    ['Record', 'RecordFailed', '$.recordFailure'],
    ['RecordFailure', 'RecordFailed', '$.recordFailure'],
    ['RecordRollback', 'RecordFailed', '$.recordFailure'],
  ])('%s catches everything into %s at %s', (name, next, resultPath) => {
    expect(state(name).Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: resultPath, Next: next }]);
  });

  it('ends a failed Record in RecordFailed with the caught error as the run error', () => {
    expect(state('RecordFailed')).toEqual({
      Type: 'Fail',
      ErrorPath: '$.recordFailure.Error',
      CausePath: '$.recordFailure.Cause',
    });
  });

  it('sends a RollBack that finds the rotation published down the after-Publish path, anything else to RollbackFailed', () => {
    expect(state('RollBack').Catch).toEqual([
      {
        ErrorEquals: ['RotationAlreadyPublishedError'],
        ResultPath: '$.rollbackRefused',
        Next: 'RecordFailure',
      },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.rollbackFailure', Next: 'RollbackFailed' },
    ]);
  });

  it('has a Catch on every Lambda task but Plan, whose failure changed nothing', () => {
    const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
    const uncaught = tasks.filter(([, s]) => !s.Catch).map(([name]) => name);
    expect(uncaught).toEqual(['Plan']);
  });

  it('chooses dry run, emergency deletion, old key and deferral from the plan and usage', () => {
    expect(state('IsDryRun')).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.plan.dryRun', BooleanEquals: true, Next: 'DryRunComplete' }],
      Default: 'CreateKey',
    });
    expect(state('RetireOrDefer')).toEqual({
      Type: 'Choice',
      Choices: [
        // First: a Yandex emergency deletes the exposed key at once, with no retirement before it.
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
    });
  });

  it('reads both waits from the plan', () => {
    expect(state('WaitGrace')).toEqual({
      Type: 'Wait',
      SecondsPath: '$.plan.graceWaitSeconds',
      Next: 'CheckOldKeyUse',
    });
    expect(state('WaitDeletion')).toEqual({
      Type: 'Wait',
      SecondsPath: '$.plan.deletionDelaySeconds',
      Next: 'DeleteOldKey',
    });
  });

  const failedWithStepError = { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' };
  it.each([
    ['DryRunComplete', { Type: 'Succeed', OutputPath: '$.plan' }],
    ['RotationFailed', failedWithStepError],
    ['RotationRolledBack', failedWithStepError],
    ['RollbackFailed', { Type: 'Fail', Error: 'RollbackFailed', CausePath: '$.rollbackFailure.Cause' }],
  ])('ends in %s', (name, expected) => {
    expect(state(name)).toEqual(expected);
  });
});

describe('rotation state machine', () => {
  it('is Standard, traced, and logs every event without execution data', () => {
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ALL',
      IncludeExecutionData: false,
    });
  });

  it('logs to its own vendedlogs log group with a retention', () => {
    const logging = machine.Properties.LoggingConfiguration as {
      Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } } }[];
    };
    const logGroupId = logging.Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] ?? '';
    const logGroup = synthesized.resources[logGroupId];
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(String(logGroup?.Properties.LogGroupName)).toMatch(/^\/aws\/vendedlogs\/states\//);
    expect(logGroup?.Properties.RetentionInDays).toBe(365);
  });
});
