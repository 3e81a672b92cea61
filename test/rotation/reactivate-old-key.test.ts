import { describe, expect, it } from 'vitest';
import { reactivateOldKey } from '../../lambdas/rotation/reactivate-old-key.ts';
import { UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { createInMemoryPorts } from '../support/in-memory-ports.ts';
import {
  currentKeyIdOf,
  keylessScenario,
  LOCK_ID,
  managedScenario,
  PRINCIPAL,
  runUntil,
} from './rotation-fixtures.ts';

/** A rotation in its deletion window: old key retired, not deleted, lock held. */
async function inDeletionWindow() {
  const { world, oldKey } = managedScenario();
  const state = await runUntil(world, 'retired');
  world.log.clear();
  return { world, oldKey, state };
}

describe('reactivateOldKey', () => {
  it('makes the retired AWS key Active again, leaves the secret alone and releases the lock', async () => {
    // Prepare
    const { world, oldKey, state } = await inDeletionWindow();
    expect(oldKey.status).toBe('Inactive');
    expect(world.lock.holders.has(LOCK_ID)).toBe(true);

    // Act
    const result = await reactivateOldKey(state, world.ports);

    // Assess
    expect(result).toEqual({ reactivatedAt: world.clock.iso(), oldKeyId: oldKey.keyId });
    expect(oldKey.status).toBe('Active');
    expect(world.iam.key(state.created?.newKeyId ?? '')?.status).toBe('Active');
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
    expect(world.log.names({ mutatingOnly: true })).toEqual(['keys.reactivateKey', 'lock.release']);
    expect(world.lock.holders.has(LOCK_ID)).toBe(false);
  });

  it('gives a Yandex key back the description it had before it was marked retired', async () => {
    // Prepare
    const world = createInMemoryPorts({ settings: { provider: 'yandex' } });
    world.iam.addUser(PRINCIPAL);
    const oldKey = world.iam.addKey(PRINCIPAL);
    oldKey.description = 'used by the billing exporter';
    const state = await runUntil(world, 'retired');
    expect(oldKey.description).toMatch(/^access-key-rotator: retired /);

    // Act
    await reactivateOldKey(state, world.ports);

    // Assess
    expect(state.retired?.previousDescription).toBe('used by the billing exporter');
    expect(oldKey.description).toBe('used by the billing exporter');
    expect(oldKey.status).toBe('Active');
    expect(world.lock.holders.has(`yandex#${PRINCIPAL}`)).toBe(false);
  });

  it('changes no key when run again after success', async () => {
    // Prepare
    const { world, state } = await inDeletionWindow();
    await reactivateOldKey(state, world.ports);
    world.log.clear();

    // Act
    await reactivateOldKey(state, world.ports);

    // Assess
    expect(world.log.names({ mutatingOnly: true })).toEqual(['lock.release']);
  });

  it('refuses once the rotation has deleted the old key, changing nothing', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = await runUntil(world, 'deleted');
    world.log.clear();

    // Act
    const outcome = reactivateOldKey(state, world.ports);

    // Assess
    await expect(outcome).rejects.toThrow(UnsafeKeyOperationError);
    await expect(outcome).rejects.toThrow(/already deleted/);
    expect(world.log.calls).toEqual([]);
  });

  it('refuses when the old key is gone from the cloud, leaving the lock held', async () => {
    // Prepare
    const { world, oldKey, state } = await inDeletionWindow();
    await world.iam.deleteKey(PRINCIPAL, oldKey.keyId);
    world.log.clear();

    // Act
    const outcome = reactivateOldKey(state, world.ports);

    // Assess
    await expect(outcome).rejects.toThrow(`old key ${oldKey.keyId} is already deleted`);
    expect(world.log.mutations).toEqual([]);
    expect(world.lock.holders.has(LOCK_ID)).toBe(true);
  });

  it('refuses before the old key is retired: it is still usable, there is nothing to undo', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'usage');
    world.log.clear();

    // Act
    const outcome = reactivateOldKey(state, world.ports);

    // Assess
    await expect(outcome).rejects.toThrow(UnsafeKeyOperationError);
    await expect(outcome).rejects.toThrow(/never retired/);
    expect(world.log.calls).toEqual([]);
    expect(oldKey.status).toBe('Active');
  });

  it('refuses a rotation that had no old key', async () => {
    // Prepare
    const { world } = keylessScenario();
    const state: RotationState = await runUntil(world, 'retired');
    world.log.clear();

    // Act
    const outcome = reactivateOldKey(state, world.ports);

    // Assess
    await expect(outcome).rejects.toThrow(/had no old key/);
    expect(world.log.calls).toEqual([]);
  });
});
