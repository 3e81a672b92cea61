/**
 * Runs the synthesized definition with aws-local-stepfunctions and stub task
 * handlers, to show the graph routes each outcome where DESIGN.md says:
 * rollback before Publish, record-and-fail after it, defer loops, dry runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Json,
  STUB_PLAN as plan,
  runWithStubs,
  type StubHandler,
  type StubOutcome,
  stepError,
  stubHandlers,
} from './stub-workflow-run.ts';
import { type AslDefinition, renderStateMachine, synthesizeRotator } from './synthesized-rotator.ts';

let definition: AslDefinition;

const run = (handlers: Record<string, StubHandler>): Promise<StubOutcome> =>
  runWithStubs(definition, handlers);

beforeAll(() => {
  // Prepare: the definition exactly as synthesized; stubs stand in for the functions.
  ({ definition } = renderStateMachine(synthesizeRotator().resources));
});

describe('rotation paths', () => {
  it('hands Plan the raw input and the execution fields', async () => {
    const outcome = await run(stubHandlers({ Plan: (input) => ({ ...plan, dryRun: true, seen: input }) }));
    const { seen } = outcome.output as { seen: Record<string, Json> };
    expect(seen).toMatchObject({
      input: { principal: 'alice' },
      rotationId: 'rotation-1',
      executionArn: 'arn:aws:states:::execution:m:rotation-1',
    });
    expect(Number.isNaN(Date.parse(String(seen.startedAt)))).toBe(false);
  });

  it('stops a dry run after Plan, with the plan as output', async () => {
    const outcome = await run(stubHandlers({ Plan: () => ({ ...plan, dryRun: true }) }));
    expect(outcome.visited).toEqual(['Plan', 'IsDryRun', 'DryRunComplete']);
    expect(outcome.output).toEqual({ ...plan, dryRun: true });
  });

  it('rotates, deferring while the old key is in use, and outputs the record', async () => {
    const decisions = ['DEFER', 'RETIRE'];
    const outcome = await run(
      stubHandlers({ CheckOldKeyUse: () => ({ decision: decisions.shift() ?? 'RETIRE' }) }),
    );
    expect(outcome.visited).toEqual([
      'Plan',
      'IsDryRun',
      'CreateKey',
      'VerifyKey',
      'Publish',
      'WaitGrace',
      'CheckOldKeyUse',
      'RetireOrDefer',
      'WaitGrace',
      'CheckOldKeyUse',
      'RetireOrDefer',
      'RetireOldKey',
      'WaitDeletion',
      'DeleteOldKey',
      'Record',
    ]);
    expect(outcome.output).toEqual({ status: 'SUCCEEDED' });
    expect(outcome.inputs.get('Record')).toMatchObject({
      plan,
      created: { newKeyId: 'AKIANEW' },
      verified: { verifiedAt: 't1' },
      published: { publishedAt: 't2' },
      usage: { decision: 'RETIRE' },
      retired: { retiredAt: 't3' },
      deleted: { deletedAt: 't4' },
    });
  });

  it('records straight after checking when there is no old key: nothing retired or deleted', async () => {
    const outcome = await run(
      stubHandlers({ Plan: () => ({ ...plan, hasOldKey: false, graceWaitSeconds: 0 }) }),
    );
    expect(outcome.visited.slice(-5)).toEqual([
      'Publish',
      'WaitGrace',
      'CheckOldKeyUse',
      'RetireOrDefer',
      'Record',
    ]);
    expect(outcome.output).toEqual({ status: 'SUCCEEDED' });
  });

  it('takes 12 state transitions on the normal path, without retries (a plan with no emergencyRevocation, as written before it existed)', async () => {
    const outcome = await run(stubHandlers({}));
    expect(outcome.visited).toHaveLength(12);
  });

  it('AWS emergency: the normal path with no wait, RetireOldKey deactivating, 12 transitions', async () => {
    const outcome = await run(
      stubHandlers({
        Plan: () => ({ ...plan, emergency: true, emergencyRevocation: 'DEACTIVATE', graceWaitSeconds: 0 }),
        CheckOldKeyUse: () => ({ decision: 'RETIRE', policy: 'EMERGENCY' }),
      }),
    );
    expect(outcome.visited).toEqual([
      'Plan',
      'IsDryRun',
      'CreateKey',
      'VerifyKey',
      'Publish',
      'WaitGrace',
      'CheckOldKeyUse',
      'RetireOrDefer',
      'RetireOldKey',
      'WaitDeletion',
      'DeleteOldKey',
      'Record',
    ]);
    expect(outcome.output).toEqual({ status: 'SUCCEEDED' });
  });

  it('Yandex emergency: deletes right after CheckOldKeyUse, skipping RetireOldKey and WaitDeletion, 10 transitions', async () => {
    const outcome = await run(
      stubHandlers({
        Plan: () => ({ ...plan, emergency: true, emergencyRevocation: 'DELETE', graceWaitSeconds: 0 }),
        CheckOldKeyUse: () => ({ decision: 'RETIRE', policy: 'EMERGENCY' }),
      }),
    );
    expect(outcome.visited).toEqual([
      'Plan',
      'IsDryRun',
      'CreateKey',
      'VerifyKey',
      'Publish',
      'WaitGrace',
      'CheckOldKeyUse',
      'RetireOrDefer',
      'DeleteOldKey',
      'Record',
    ]);
    expect(outcome.inputs.get('Record')).toMatchObject({ deleted: { deletedAt: 't4' } });
    expect(outcome.inputs.get('Record')).not.toHaveProperty('retired');
  });

  it.each(['NONE', 'DEACTIVATE'])(
    'keeps RetireOldKey and WaitDeletion for emergencyRevocation %s',
    async (emergencyRevocation) => {
      const outcome = await run(stubHandlers({ Plan: () => ({ ...plan, emergencyRevocation }) }));
      expect(outcome.visited).toHaveLength(12);
      expect(outcome.visited).toContain('WaitDeletion');
    },
  );

  it('goes to Record, not DeleteOldKey, for a Yandex emergency with no old key (revocation NONE)', async () => {
    const outcome = await run(
      stubHandlers({
        Plan: () => ({ ...plan, hasOldKey: false, emergency: true, emergencyRevocation: 'NONE' }),
      }),
    );
    expect(outcome.visited.slice(-2)).toEqual(['RetireOrDefer', 'Record']);
  });

  it('retries VerifyKey while the new key is not yet valid', async () => {
    let attempts = 0;
    const outcome = await run(
      stubHandlers({
        VerifyKey: () => {
          attempts += 1;
          if (attempts < 4) throw stepError('KeyNotYetValidError', 'InvalidClientTokenId');
          return { verifiedAt: 't1' };
        },
      }),
    );
    expect(attempts).toBe(4);
    expect(outcome.output).toEqual({ status: 'SUCCEEDED' });
  });

  it('rolls back a failure before Publish and fails with the step error', async () => {
    const outcome = await run(
      stubHandlers({
        Publish: () => {
          throw stepError('SecretMissingError', 'no secret');
        },
      }),
    );
    expect(outcome.visited.slice(-5)).toEqual([
      'VerifyKey',
      'Publish',
      'RollBack',
      'RecordRollback',
      'RotationRolledBack',
    ]);
    expect(outcome.inputs.get('RecordRollback')).toMatchObject({
      failure: { Error: 'SecretMissingError', Cause: 'no secret' },
      rolledBack: { rolledBackAt: 't5' },
    });
    expect(outcome.error?.name).toBe('SecretMissingError');
  });

  it('fails as RollbackFailed when the rollback itself fails', async () => {
    const outcome = await run(
      stubHandlers({
        CreateKey: () => {
          throw stepError('ServiceFailure', 'iam 500');
        },
        RollBack: () => {
          throw stepError('UnsafeKeyOperationError', 'refused');
        },
      }),
    );
    expect(outcome.visited.slice(-2)).toEqual(['RollBack', 'RollbackFailed']);
    expect(outcome.error?.name).toBe('RollbackFailed');
  });

  it('records a failure after Publish without rolling back, and fails with the step error', async () => {
    const outcome = await run(
      stubHandlers({
        RetireOldKey: () => {
          throw stepError('UnsafeKeyOperationError', 'old key is AWSCURRENT');
        },
      }),
    );
    expect(outcome.visited).not.toContain('RollBack');
    expect(outcome.visited.slice(-3)).toEqual(['RetireOldKey', 'RecordFailure', 'RotationFailed']);
    expect(outcome.inputs.get('RecordFailure')).toMatchObject({
      failure: { Error: 'UnsafeKeyOperationError', Cause: 'old key is AWSCURRENT' },
    });
    expect(outcome.error?.name).toBe('UnsafeKeyOperationError');
  });

  it('takes the after-Publish path when Publish failed after moving AWSCURRENT and RollBack finds it published', async () => {
    const outcome = await run(
      stubHandlers({
        Publish: () => {
          throw stepError('TimeoutError', 'the function timed out after moving AWSCURRENT');
        },
        RollBack: () => {
          throw stepError('RotationAlreadyPublishedError', 'already published');
        },
      }),
    );
    expect(outcome.visited.slice(-4)).toEqual(['Publish', 'RollBack', 'RecordFailure', 'RotationFailed']);
    expect(outcome.inputs.get('RecordFailure')).toMatchObject({
      failure: { Error: 'TimeoutError' },
      rollbackRefused: { Error: 'RotationAlreadyPublishedError' },
    });
    expect(outcome.error?.name).toBe('TimeoutError');
  });

  it.each([
    ['Record', {}],
    ['RecordFailure', { RetireOldKey: 'UnsafeKeyOperationError' }],
    ['RecordRollback', { CreateKey: 'ServiceFailure' }],
  ])('ends in RecordFailed with the record error when %s keeps failing', async (recordState, failing) => {
    const throwing = Object.fromEntries(
      Object.entries(failing).map(([state, name]) => [
        state,
        () => {
          throw stepError(name, `${state} failed`);
        },
      ]),
    );
    const outcome = await run(
      stubHandlers({
        ...throwing,
        [recordState]: () => {
          throw stepError('TransientError', 'Evidence archive write failed');
        },
      }),
    );
    expect(outcome.visited.slice(-2)).toEqual([recordState, 'RecordFailed']);
    expect(outcome.error?.name).toBe('TransientError');
  });
});
