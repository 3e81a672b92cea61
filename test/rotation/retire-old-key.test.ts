import { describe, expect, it } from 'vitest';
import { retireOldKey } from '../../lambdas/rotation/retire-old-key.ts';
import { UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';
import {
  currentKeyIdOf,
  managedScenario,
  PRINCIPAL,
  runUntil,
  unmanagedScenario,
} from './rotation-fixtures.ts';

describe('retireOldKey', () => {
  it('deactivates the old key and records when it may be deleted', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'usage');
    // Act
    const retired = await retireOldKey(state, world.ports);
    // Assess
    expect(retired).toEqual({ retiredAt: world.clock.iso() });
    expect(oldKey.status).toBe('Inactive');
    expect(oldKey.retired).toEqual({
      rotationId: state.plan.rotationId,
      retiredAt: retired.retiredAt,
      deleteAfter: new Date(
        Date.parse(retired.retiredAt) + state.plan.deletionDelaySeconds * 1000,
      ).toISOString(),
    });
    expect(world.iam.key(state.created?.newKeyId ?? '')?.status).toBe('Active');
  });

  it('retires an adopted key once the new key is published', async () => {
    const { world, oldKey } = unmanagedScenario();
    const state = await runUntil(world, 'usage');
    await retireOldKey(state, world.ports);
    expect(oldKey.status).toBe('Inactive');
  });

  it('changes nothing when run again, or when the key is already gone', async () => {
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'retired');
    world.log.clear();
    await retireOldKey(state, world.ports);
    await world.iam.deleteKey(PRINCIPAL, oldKey.keyId);
    world.log.clear();
    await retireOldKey(state, world.ports);
    expect(world.log.mutations).toEqual([]);
  });

  it('never retires the key in AWSCURRENT', async () => {
    // Prepare: something moved AWSCURRENT back to the old version.
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'usage');
    world.secrets.seed(state.plan.secretName, 'restored-version', {
      Version: 1,
      AccessKeyId: oldKey.keyId,
      SecretAccessKey: oldKey.secretAccessKey,
    });
    world.log.clear();
    // Act
    const outcome = retireOldKey(state, world.ports);
    // Assess
    await expect(outcome).rejects.toThrow(UnsafeKeyOperationError);
    await expect(outcome).rejects.toThrow(`${oldKey.keyId}: it is AWSCURRENT`);
    expect(world.log.mutations).toEqual([]);
    expect(oldKey.status).toBe('Active');
  });

  it('refuses before Publish, when an adopted key is still the only working one', async () => {
    const { world, oldKey } = unmanagedScenario();
    const state = await runUntil(world, 'verified');
    await expect(retireOldKey(state, world.ports)).rejects.toThrow(UnsafeKeyOperationError);
    expect(oldKey.status).toBe('Active');
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
  });
});
