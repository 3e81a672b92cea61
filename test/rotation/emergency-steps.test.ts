/**
 * The steps after Publish in an emergency: CheckOldKeyUse retires at once
 * (policy EMERGENCY, no API call, no deferral); AWS then deactivates the
 * exposed key and deletes it after the delay, Yandex deletes it straight away
 * (DeleteOldKey in DELETE mode, the key never retired). The AWSCURRENT guard
 * holds in every mode.
 */
import { describe, expect, it } from 'vitest';
import type { RotatorSettings } from '../../lambdas/config/environment.ts';
import { checkOldKeyUse } from '../../lambdas/rotation/check-old-key-use.ts';
import { deleteOldKey } from '../../lambdas/rotation/delete-old-key.ts';
import { retireOldKey } from '../../lambdas/rotation/retire-old-key.ts';
import { UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';
import { createInMemoryPorts } from '../support/in-memory-ports.ts';
import { INITIAL_VERSION, managedScenario, PRINCIPAL, runUntil, SECRET_NAME } from './rotation-fixtures.ts';

const SERVICE_ACCOUNT = 'ajeserviceaccount1';

/** A Yandex service account with one managed key, its rotation published in an emergency. */
async function yandexEmergencyPublished() {
  const world = createInMemoryPorts({ settings: { provider: 'yandex' } });
  world.iam.addUser(SERVICE_ACCOUNT);
  const oldKey = world.iam.addKey(SERVICE_ACCOUNT);
  const secretName = `access-key-rotator/yandex/${SERVICE_ACCOUNT}`;
  world.secrets.seed(secretName, INITIAL_VERSION, {
    Version: 1,
    AccessKeyId: oldKey.keyId,
    SecretAccessKey: oldKey.secretAccessKey,
  });
  const input = { accessKeyId: oldKey.keyId, emergency: true };
  const state = await runUntil(world, 'published', input);
  return { world, oldKey, state, secretName };
}

describe('checkOldKeyUse in an emergency', () => {
  it.each(['defer', 'alert', 'fail'] as const)(
    'retires at once under policy %s, asking nothing, even when the key is still used',
    async (policy) => {
      const settings: Partial<RotatorSettings> = { oldKeyInUsePolicy: policy };
      const { world, oldKey } = managedScenario(settings);
      const state = await runUntil(world, 'published', { principal: PRINCIPAL, emergency: true });
      oldKey.lastUsedAt = world.clock.iso();
      world.clock.advance(1);
      world.log.clear();
      const notified = world.notifier.events.length;
      const usage = await checkOldKeyUse(state, world.ports);
      expect(usage).toMatchObject({
        decision: 'RETIRE',
        policy: 'EMERGENCY',
        deferrals: 0,
        alerted: false,
        oldKeyLastUsedAt: null,
      });
      expect(world.log.calls).toEqual([]);
      expect(world.notifier.events).toHaveLength(notified);
    },
  );

  it('still refuses before Publish', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'verified', { principal: PRINCIPAL, emergency: true });
    await expect(checkOldKeyUse(state, world.ports)).rejects.toThrow(UnsafeKeyOperationError);
  });
});

describe('AWS emergency: deactivate now, delete after the delay', () => {
  it('leaves the exposed key Inactive after RetireOldKey, and deletes it after the delay', async () => {
    const { world, oldKey } = managedScenario();
    const retired = await runUntil(world, 'retired', { accessKeyId: oldKey.keyId, emergency: true });
    expect(retired.plan.emergencyRevocation).toBe('DEACTIVATE');
    expect(retired.usage?.policy).toBe('EMERGENCY');
    expect(world.iam.key(oldKey.keyId)?.status).toBe('Inactive');
    world.clock.advance(retired.plan.deletionDelaySeconds);
    await deleteOldKey(retired, world.ports);
    expect(world.iam.key(oldKey.keyId)).toBeUndefined();
  });

  it('keeps the re-activation refusal: an operator rolled back during the delay', async () => {
    const { world, oldKey } = managedScenario();
    const retired = await runUntil(world, 'retired', { principal: PRINCIPAL, emergency: true });
    oldKey.status = 'Active';
    world.log.clear();
    await expect(deleteOldKey(retired, world.ports)).rejects.toThrow(/Active again/);
    expect(world.log.mutations).toEqual([]);
  });
});

describe('Yandex emergency: delete right after Publish', () => {
  it('deletes the exposed key that was never retired, and drops AWSPREVIOUS', async () => {
    const { world, oldKey, state, secretName } = await yandexEmergencyPublished();
    expect(state.plan.emergencyRevocation).toBe('DELETE');
    const usage = await checkOldKeyUse(state, world.ports);
    expect(world.iam.key(oldKey.keyId)?.status).toBe('Active');
    const deleted = await deleteOldKey({ ...state, usage }, world.ports);
    expect(deleted.deletedAt).toBe(world.clock.iso());
    expect(world.iam.key(oldKey.keyId)).toBeUndefined();
    expect(world.iam.keyIds(SERVICE_ACCOUNT)).toEqual([state.created?.newKeyId]);
    expect(world.secrets.stagesOf(secretName, INITIAL_VERSION)).toEqual([]);
  });

  it('never deletes the key in AWSCURRENT, even in DELETE mode', async () => {
    const { world, oldKey, state } = await yandexEmergencyPublished();
    // Someone put the exposed key back into AWSCURRENT by hand.
    const plan = { ...state.plan, oldKeyId: state.created?.newKeyId ?? '' };
    world.log.clear();
    await expect(deleteOldKey({ ...state, plan }, world.ports)).rejects.toThrow(UnsafeKeyOperationError);
    expect(world.log.mutations).toEqual([]);
    expect(world.iam.key(oldKey.keyId)?.status).toBe('Active');
  });

  it('an AWS plan without DELETE mode refuses an Active old key at DeleteOldKey', async () => {
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'usage', { principal: PRINCIPAL, emergency: true });
    world.log.clear();
    await expect(deleteOldKey(state, world.ports)).rejects.toThrow(/Active again/);
    expect(world.iam.key(oldKey.keyId)?.status).toBe('Active');
    // RetireOldKey is what revokes it on AWS.
    await retireOldKey(state, world.ports);
    expect(world.iam.key(oldKey.keyId)?.status).toBe('Inactive');
  });
});

it('keeps secrets out of the emergency state', async () => {
  const { world, oldKey } = managedScenario();
  const state = await runUntil(world, 'usage', { accessKeyId: oldKey.keyId, emergency: true });
  expect(JSON.stringify(state)).not.toContain(oldKey.secretAccessKey);
  expect(SECRET_NAME).toBe(state.plan.secretName);
});
