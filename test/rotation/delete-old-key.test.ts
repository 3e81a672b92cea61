import { describe, expect, it } from 'vitest';
import { deleteOldKey } from '../../lambdas/rotation/delete-old-key.ts';
import { UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';
import {
  currentKeyIdOf,
  INITIAL_VERSION,
  managedScenario,
  PRINCIPAL,
  runUntil,
  SECRET_NAME,
  SECRET_VERSION_ID,
} from './rotation-fixtures.ts';

describe('deleteOldKey', () => {
  it('deletes the retired key and drops AWSPREVIOUS, which pointed at it', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'retired');
    expect(world.secrets.stagesOf(SECRET_NAME, INITIAL_VERSION)).toEqual(['AWSPREVIOUS']);
    // Act
    const deleted = await deleteOldKey(state, world.ports);
    // Assess
    expect(deleted).toEqual({ deletedAt: world.clock.iso() });
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([state.created?.newKeyId]);
    expect(world.iam.key(oldKey.keyId)).toBeUndefined();
    expect(world.secrets.stagesOf(SECRET_NAME, INITIAL_VERSION)).toEqual([]);
    expect(world.secrets.stagesOf(SECRET_NAME, SECRET_VERSION_ID)).toEqual(['AWSCURRENT']);
  });

  it('does not delete a key an operator re-activated during the deletion window', async () => {
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'retired');
    oldKey.status = 'Active';
    world.log.clear();
    const outcome = deleteOldKey(state, world.ports);
    await expect(outcome).rejects.toThrow(UnsafeKeyOperationError);
    await expect(outcome).rejects.toThrow(/Active again.*re-activated/);
    expect(world.log.mutations).toEqual([]);
    expect(world.iam.key(oldKey.keyId)?.status).toBe('Active');
  });

  it('never deletes the key in AWSCURRENT', async () => {
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'retired');
    world.secrets.seed(SECRET_NAME, 'restored-version', {
      Version: 1,
      AccessKeyId: oldKey.keyId,
      SecretAccessKey: oldKey.secretAccessKey,
    });
    world.log.clear();
    await expect(deleteOldKey(state, world.ports)).rejects.toThrow(UnsafeKeyOperationError);
    expect(world.log.mutations).toEqual([]);
    expect(world.iam.key(oldKey.keyId)).toBeDefined();
  });

  it('converges after a crash between deleting the key and dropping the label', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'retired');
    world.log.failNext('keys.deleteKey', 'after');
    await expect(deleteOldKey(state, world.ports)).rejects.toThrow();
    await deleteOldKey(state, world.ports);
    expect(world.secrets.stagesOf(SECRET_NAME, INITIAL_VERSION)).toEqual([]);
    world.log.clear();
    await deleteOldKey(state, world.ports);
    expect(world.log.mutations).toEqual([]);
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
  });
});
