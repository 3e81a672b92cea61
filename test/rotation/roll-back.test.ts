import { describe, expect, it } from 'vitest';
import { planRotation } from '../../lambdas/rotation/plan-rotation.ts';
import { rollBack } from '../../lambdas/rotation/roll-back.ts';
import { RotationAlreadyPublishedError } from '../../lambdas/rotation/rotation-errors.ts';
import {
  currentKeyIdOf,
  INITIAL_VERSION,
  keylessScenario,
  LOCK_ID,
  managedScenario,
  OTHER_ROTATION_ID,
  PRINCIPAL,
  planRequest,
  runUntil,
  SECRET_NAME,
  SECRET_VERSION_ID,
  unmanagedScenario,
} from './rotation-fixtures.ts';

describe('rollBack', () => {
  it('deletes only the new key, drops AWSPENDING and releases the lock', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'created');
    expect(world.secrets.stagesOf(SECRET_NAME, state.plan.secretVersionId)).toEqual(['AWSPENDING']);
    // Act
    const rolledBack = await rollBack({ ...state, failure: { Error: 'KeyNotYetValidError' } }, world.ports);
    // Assess
    expect(rolledBack).toEqual({ rolledBackAt: world.clock.iso(), deletedKeyIds: [state.created?.newKeyId] });
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId]);
    expect(oldKey.status).toBe('Active');
    expect(world.secrets.stagesOf(SECRET_NAME, SECRET_VERSION_ID)).toEqual([]);
    expect(world.secrets.stagesOf(SECRET_NAME, INITIAL_VERSION)).toEqual(['AWSCURRENT']);
    expect(world.lock.holders.has(LOCK_ID)).toBe(false);
  });

  it('also deletes the orphan of a CreateKey that crashed before storing, and nothing Plan saw', async () => {
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'plan');
    const orphan = world.iam.addKey(PRINCIPAL);
    const rolledBack = await rollBack(state, world.ports);
    expect(rolledBack.deletedKeyIds).toEqual([orphan.keyId]);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId]);
  });

  it('changes nothing more when run again', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'verified');
    await rollBack(state, world.ports);
    world.log.clear();
    const again = await rollBack(state, world.ports);
    expect(again.deletedKeyIds).toEqual([]);
    expect(world.log.names({ mutatingOnly: true })).toEqual(['lock.release']);
  });

  it('refuses after Publish, deleting nothing: both keys stay usable', async () => {
    const { world, oldKey } = managedScenario();
    const { published: _published, ...state } = await runUntil(world, 'published');
    world.log.clear();
    const outcome = rollBack(state, world.ports);
    await expect(outcome).rejects.toThrow(RotationAlreadyPublishedError);
    await expect(outcome).rejects.toThrow('already published');
    expect(world.log.mutations).toEqual([]);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, state.created?.newKeyId]);
  });

  it('rolls back a first key although Secrets Manager labelled its version AWSCURRENT', async () => {
    // Prepare: the secret's first version is AWSCURRENT from the moment it is stored.
    const { world } = keylessScenario();
    const state = await runUntil(world, 'created');
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
    // Act
    const rolledBack = await rollBack(state, world.ports);
    const again = await rollBack(state, world.ports);
    // Assess
    expect(rolledBack.deletedKeyIds).toEqual([state.created?.newKeyId]);
    expect(again.deletedKeyIds).toEqual([]);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([]);
    expect(world.secrets.stagesOf(SECRET_NAME, SECRET_VERSION_ID)).toEqual(['AWSCURRENT']);
  });

  it('lets the next rotation adopt the key again after an adoption was rolled back', async () => {
    const { world, oldKey } = unmanagedScenario();
    const state = await runUntil(world, 'verified');
    await rollBack(state, world.ports);
    const next = await planRotation(planRequest(undefined, OTHER_ROTATION_ID), world.ports);
    expect(next).toMatchObject({ oldKeyId: oldKey.keyId, adoption: true });
  });

  it('refuses after a first key was published', async () => {
    const { world } = keylessScenario();
    const { published: _published, ...state } = await runUntil(world, 'published');
    await expect(rollBack(state, world.ports)).rejects.toThrow(RotationAlreadyPublishedError);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([state.created?.newKeyId]);
  });

  it('refuses when the state says published, whatever the labels say', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'verified');
    const outcome = rollBack({ ...state, published: { publishedAt: world.clock.iso() } }, world.ports);
    await expect(outcome).rejects.toThrow(RotationAlreadyPublishedError);
  });
});
