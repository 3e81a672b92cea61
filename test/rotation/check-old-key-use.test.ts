import { describe, expect, it } from 'vitest';
import type { RotatorSettings } from '../../lambdas/config/environment.ts';
import { checkOldKeyUse } from '../../lambdas/rotation/check-old-key-use.ts';
import { OldKeyStillInUseError, UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { keylessScenario, managedScenario, runUntil } from './rotation-fixtures.ts';

/** A rotation just published, whose old key was last used `usedSecondsAfterPublish` after publish. */
async function publishedRotation(
  usedSecondsAfterPublish: number | undefined,
  settings: Partial<RotatorSettings>,
) {
  const { world, oldKey } = managedScenario(settings);
  const state = await runUntil(world, 'published');
  const publishedAt = Date.parse(state.published?.publishedAt ?? '');
  if (usedSecondsAfterPublish !== undefined)
    oldKey.lastUsedAt = new Date(publishedAt + usedSecondsAfterPublish * 1000).toISOString();
  world.clock.advance(state.plan.gracePeriodSeconds);
  world.log.clear();
  return { world, state, oldKey };
}

describe('checkOldKeyUse', () => {
  it.each([
    ['never used', undefined],
    ['last used before publish', -60],
    ['last used at the very instant of publish', 0],
  ])('retires an old key %s, under every policy', async (_case, usedAfter) => {
    for (const policy of ['defer', 'alert', 'fail'] as const) {
      const { world, state } = await publishedRotation(usedAfter, { oldKeyInUsePolicy: policy });
      const usage = await checkOldKeyUse(state, world.ports);
      expect(usage).toMatchObject({
        decision: 'RETIRE',
        usedAfterPublish: false,
        alerted: false,
        deferrals: 0,
      });
      expect(world.log.mutations).toEqual([]);
    }
  });

  it('reports when the old key was last used', async () => {
    const { world, state, oldKey } = await publishedRotation(-60, {});
    const usage = await checkOldKeyUse(state, world.ports);
    expect(usage).toEqual({
      checkedAt: world.clock.iso(),
      oldKeyLastUsedAt: oldKey.lastUsedAt,
      usedAfterPublish: false,
      decision: 'RETIRE',
      deferrals: 0,
      alerted: false,
      policy: 'defer',
    });
  });

  it('defers while deferrals remain, counting them, then fails without retiring anything', async () => {
    // Prepare
    const { world, state, oldKey } = await publishedRotation(60, {
      oldKeyInUsePolicy: 'defer',
      maxDeferrals: 2,
    });
    // Act: the workflow feeds each usage back in; the consumer keeps using the old key every period.
    let current: RotationState = state;
    const decisions: [string, number][] = [];
    for (let round = 0; round < 2; round += 1) {
      const usage = await checkOldKeyUse(current, world.ports);
      decisions.push([usage.decision, usage.deferrals]);
      current = { ...current, usage };
      world.clock.advance(state.plan.gracePeriodSeconds);
      oldKey.lastUsedAt = new Date(world.clock.now().getTime() - 60_000).toISOString();
    }
    const exhausted = checkOldKeyUse(current, world.ports);
    // Assess
    expect(decisions).toEqual([
      ['DEFER', 1],
      ['DEFER', 2],
    ]);
    await expect(exhausted).rejects.toThrow(OldKeyStillInUseError);
    await expect(exhausted).rejects.toThrow(/2 of 2 times.*both keys stay usable/);
    expect(world.log.mutations).toEqual([]);
    expect(oldKey.status).toBe('Active');
  });

  it('after a deferral, retires a key whose only use came before the previous check', async () => {
    // Prepare: one use just after publish, then silence.
    const { world, state } = await publishedRotation(60, { oldKeyInUsePolicy: 'defer', maxDeferrals: 3 });
    const first = await checkOldKeyUse(state, world.ports);
    world.clock.advance(state.plan.gracePeriodSeconds);

    // Act
    const second = await checkOldKeyUse({ ...state, usage: first }, world.ports);

    // Assess
    expect(first).toMatchObject({ decision: 'DEFER', deferrals: 1 });
    expect(second).toMatchObject({ decision: 'RETIRE', usedAfterPublish: false, deferrals: 1 });
  });

  it('retires a still-used key under policy alert, flagged for notification', async () => {
    const { world, state } = await publishedRotation(60, { oldKeyInUsePolicy: 'alert' });
    const usage = await checkOldKeyUse(state, world.ports);
    expect(usage).toMatchObject({ decision: 'RETIRE', usedAfterPublish: true, alerted: true });
  });

  it('fails at once under policy fail, naming both keys', async () => {
    const { world, state, oldKey } = await publishedRotation(60, { oldKeyInUsePolicy: 'fail' });
    const outcome = checkOldKeyUse(state, world.ports);
    await expect(outcome).rejects.toThrow(OldKeyStillInUseError);
    await expect(outcome).rejects.toThrow(oldKey.keyId);
    await expect(outcome).rejects.toThrow(state.created?.newKeyId ?? '-');
  });

  it('with maxDeferrals 0, policy defer fails on the first use', async () => {
    const { world, state } = await publishedRotation(1, { oldKeyInUsePolicy: 'defer', maxDeferrals: 0 });
    await expect(checkOldKeyUse(state, world.ports)).rejects.toThrow(OldKeyStillInUseError);
  });

  it('retires at once when there is no old key (first key)', async () => {
    const { world } = keylessScenario();
    const state = await runUntil(world, 'published');
    const usage = await checkOldKeyUse(state, world.ports);
    expect(usage).toMatchObject({ decision: 'RETIRE', oldKeyLastUsedAt: null });
  });

  it('refuses to run before the new key is published', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'verified');
    await expect(checkOldKeyUse(state, world.ports)).rejects.toThrow(UnsafeKeyOperationError);
  });
});
