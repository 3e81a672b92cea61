/**
 * The events the rules send through the Notifier port: what each carries,
 * when it is (and is not) sent, and that a send failing after the step's
 * work leaves that work in place for the retry, which sends again.
 */
import { describe, expect, it } from 'vitest';
import { checkOldKeyUse } from '../../lambdas/rotation/check-old-key-use.ts';
import { publishKey } from '../../lambdas/rotation/publish-key.ts';
import { recordEvidence } from '../../lambdas/rotation/record-evidence.ts';
import { ROTATION_EVENT_TYPES } from '../../lambdas/rotation/rotation-events.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import {
  currentKeyIdOf,
  EXECUTION_ARN,
  keylessScenario,
  LOCK_ID,
  managedScenario,
  PRINCIPAL,
  ROTATION_ID,
  runUntil,
} from './rotation-fixtures.ts';

const { rotated, deactivationUpcoming, deferred, failed } = ROTATION_EVENT_TYPES;

describe('rotation notifications', () => {
  it('publish announces the rotation and when the old key will be deactivated', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'verified');

    // Act
    const { publishedAt } = await publishKey(state, world.ports);

    // Assess
    const common = {
      rotationId: ROTATION_ID,
      executionArn: EXECUTION_ARN,
      provider: 'aws',
      principal: PRINCIPAL,
      account: '123456789012',
      oldKeyId: oldKey.keyId,
      newKeyId: state.created?.newKeyId,
      at: publishedAt,
    };
    const deactivationAt = new Date(Date.parse(publishedAt) + state.plan.gracePeriodSeconds * 1000);
    expect(world.notifier.events).toEqual([
      { type: rotated, ...common },
      { type: deactivationUpcoming, ...common, deactivationAt: deactivationAt.toISOString() },
    ]);
  });

  it('publish of a first key announces no deactivation: there is no old key', async () => {
    // Prepare
    const { world } = keylessScenario();
    const state = await runUntil(world, 'verified');

    // Act
    await publishKey(state, world.ports);

    // Assess
    expect(world.notifier.types()).toEqual([rotated]);
    expect(world.notifier.events[0]?.oldKeyId).toBeNull();
  });

  it('publish never fails on a notification: AWSCURRENT moves and the failed send is in the output', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = await runUntil(world, 'verified');
    world.log.failNext('notifier.notify');

    // Act
    const published = await publishKey(state, world.ports);

    // Assess
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
    expect(published.notificationFailure).toMatch(/^Access Key Rotated: /);
    expect(world.notifier.types()).toEqual([deactivationUpcoming]);
  });

  it('check-old-key-use notifies each deferral with the last use and the count', async () => {
    // Prepare
    const { world, oldKey } = managedScenario({ oldKeyInUsePolicy: 'defer', maxDeferrals: 3 });
    const state = await runUntil(world, 'published');
    oldKey.lastUsedAt = new Date(Date.parse(state.published?.publishedAt ?? '') + 60_000).toISOString();
    world.notifier.clear();

    // Act
    const firstUsage = await checkOldKeyUse(state, world.ports);
    await checkOldKeyUse({ ...state, usage: firstUsage }, world.ports);

    // Assess
    expect(world.notifier.types()).toEqual([deferred, deferred]);
    expect(world.notifier.events.map((event) => [event.oldKeyLastUsedAt, event.deferrals])).toEqual([
      [oldKey.lastUsedAt, 1],
      [oldKey.lastUsedAt, 2],
    ]);
    expect(world.notifier.events[0]).toMatchObject({ oldKeyId: oldKey.keyId, at: firstUsage.checkedAt });
  });

  it('check-old-key-use sends nothing when the old key is retired', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = await runUntil(world, 'published');
    world.notifier.clear();

    // Act
    const usage = await checkOldKeyUse(state, world.ports);

    // Assess
    expect(usage.decision).toBe('RETIRE');
    expect(world.notifier.events).toEqual([]);
  });

  it.each([
    ['before Publish', 'created', 'KeyNotYetValidError', 'ROLLED_BACK'],
    ['after Publish', 'published', 'OldKeyStillInUseError', 'FAILED'],
  ] as const)('record notifies a rotation that failed %s', async (_case, until, error, status) => {
    // Prepare
    const { world } = managedScenario();
    const reached = await runUntil(world, until);
    const state: RotationState = { ...reached, failure: { Error: error, Cause: 'cause text' } };
    world.notifier.clear();

    // Act
    await recordEvidence(state, world.ports);

    // Assess
    expect(world.notifier.events).toEqual([
      expect.objectContaining({
        type: failed,
        rotationId: ROTATION_ID,
        status,
        error,
        at: world.clock.iso(),
      }),
    ]);
  });

  it('record sends nothing for a rotation that succeeded', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = await runUntil(world, 'deleted');
    world.notifier.clear();

    // Act
    await recordEvidence(state, world.ports);

    // Assess
    expect(world.notifier.events).toEqual([]);
  });

  it('record releases the lock and completes when the failure notification cannot be sent', async () => {
    // Prepare
    const { world } = managedScenario();
    const reached = await runUntil(world, 'published');
    world.log.failNext('notifier.notify');

    // Act
    const record = await recordEvidence({ ...reached, failure: { Error: 'States.Timeout' } }, world.ports);

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.failure?.error).toBe('States.Timeout');
    expect(world.lock.holders.has(LOCK_ID)).toBe(false);
  });

  it('sends ids and instants only, never a secret', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'deleted');
    const newSecret = world.iam.key(state.created?.newKeyId ?? '')?.secretAccessKey ?? 'missing';

    // Act
    await recordEvidence({ ...state, failure: { Error: 'States.Timeout' } }, world.ports);

    // Assess
    const sent = JSON.stringify(world.notifier.events);
    expect(world.notifier.types()).toEqual([rotated, deactivationUpcoming, failed]);
    expect(sent).not.toContain(newSecret);
    expect(sent).not.toContain(oldKey.secretAccessKey);
  });
});
