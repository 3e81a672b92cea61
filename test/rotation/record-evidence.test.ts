import { describe, expect, it } from 'vitest';
import { recordEvidence, rotationStatus } from '../../lambdas/rotation/record-evidence.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import {
  EXECUTION_ARN,
  LOCK_ID,
  managedScenario,
  PRINCIPAL,
  ROTATION_ID,
  runUntil,
} from './rotation-fixtures.ts';

describe('recordEvidence', () => {
  it('records ids and timestamps of a completed rotation and releases the lock', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    oldKey.lastUsedAt = '2029-12-31T12:00:00.000Z';
    const state = await runUntil(world, 'deleted');
    // Act
    const record = await recordEvidence(state, world.ports);
    // Assess
    expect(record).toEqual({
      rotationId: ROTATION_ID,
      provider: 'aws',
      principal: PRINCIPAL,
      executionArn: EXECUTION_ARN,
      status: 'SUCCEEDED',
      oldKeyId: oldKey.keyId,
      newKeyId: state.created?.newKeyId,
      startedAt: state.plan.startedAt,
      newKeyCreatedAt: state.created?.newKeyCreatedAt,
      verifiedAt: state.verified?.verifiedAt,
      publishedAt: state.published?.publishedAt,
      oldKeyLastUsedAt: '2029-12-31T12:00:00.000Z',
      retiredAt: state.retired?.retiredAt,
      deletedAt: state.deleted?.deletedAt,
      failure: null,
      emergency: false,
      retirementPolicy: 'defer',
      exposureReportedAt: null,
      revokedAt: state.retired?.retiredAt,
      revocation: 'DEACTIVATED',
    });
    expect(world.lock.holders.has(LOCK_ID)).toBe(false);
  });

  it('records a failure and does not release a lock held by another rotation', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'plan');
    const other = { rotationId: 'other', executionArn: 'arn:other', acquiredAt: 'x', expiresAt: 'y' };
    world.lock.seed(LOCK_ID, other);
    const failed: RotationState = { ...state, failure: { Error: 'TwoActiveKeysError', Cause: 'two keys' } };
    const record = await recordEvidence(failed, world.ports);
    expect(record).toMatchObject({
      status: 'ROLLED_BACK',
      newKeyId: null,
      publishedAt: null,
      failure: { error: 'TwoActiveKeysError', cause: 'two keys' },
    });
    expect(world.lock.holders.get(LOCK_ID)).toEqual(other);
  });

  it.each([
    ['no failure', undefined, false, 'SUCCEEDED'],
    ['a failure before Publish', { Error: 'KeyNotYetValidError' }, false, 'ROLLED_BACK'],
    ['a failure after Publish', { Error: 'OldKeyStillInUseError', Cause: 'used' }, true, 'FAILED'],
  ] as const)('derives the status from %s', async (_case, failure, published, expected) => {
    const { world } = managedScenario();
    const state: RotationState = {
      ...(await runUntil(world, published ? 'published' : 'plan')),
      ...(failure ? { failure } : {}),
    };
    expect(rotationStatus(state)).toBe(expected);
  });

  it('records an empty cause when the Catch gave none', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'published');
    const record = await recordEvidence({ ...state, failure: { Error: 'States.Timeout' } }, world.ports);
    expect(record.failure).toEqual({ error: 'States.Timeout', cause: '' });
  });

  it("archives a Lambda error's cause decoded once: the message, not the runtime's JSON", async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'published');
    const runtimeCause = JSON.stringify({
      errorType: 'OldKeyStillInUseError',
      errorMessage: 'old key AKIAOLD was used 2 minutes ago',
      trace: ['OldKeyStillInUseError: old key AKIAOLD was used 2 minutes ago', '    at checkOldKeyUse'],
    });
    const record = await recordEvidence(
      { ...state, failure: { Error: 'OldKeyStillInUseError', Cause: runtimeCause } },
      world.ports,
    );
    expect(record.failure).toEqual({
      error: 'OldKeyStillInUseError',
      cause: 'old key AKIAOLD was used 2 minutes ago',
    });
  });
});
