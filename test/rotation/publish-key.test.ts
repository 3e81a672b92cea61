import { describe, expect, it } from 'vitest';
import { publishKey } from '../../lambdas/rotation/publish-key.ts';
import { UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';
import {
  currentKeyIdOf,
  INITIAL_VERSION,
  keylessScenario,
  managedScenario,
  runUntil,
  SECRET_NAME,
  SECRET_VERSION_ID,
} from './rotation-fixtures.ts';

describe('publishKey', () => {
  it('makes the new version AWSCURRENT and the old one AWSPREVIOUS, dropping AWSPENDING', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'verified');
    expect(currentKeyIdOf(world)).toBe(oldKey.keyId);
    // Act
    const published = await publishKey(state, world.ports);
    // Assess
    expect(published).toEqual({ publishedAt: world.clock.iso() });
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
    expect(world.secrets.stagesOf(SECRET_NAME, SECRET_VERSION_ID)).toEqual(['AWSCURRENT']);
    expect(world.secrets.stagesOf(SECRET_NAME, INITIAL_VERSION)).toEqual(['AWSPREVIOUS']);
  });

  it('changes nothing when run again after success', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'published');
    world.log.clear();
    await publishKey(state, world.ports);
    expect(world.log.mutations).toEqual([]);
  });

  it('finishes the job after a crash between moving AWSCURRENT and removing AWSPENDING', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'verified');
    world.log.failNext('secrets.moveStage', 'after');
    await expect(publishKey(state, world.ports)).rejects.toThrow();
    expect(world.secrets.stagesOf(SECRET_NAME, SECRET_VERSION_ID)).toEqual(['AWSCURRENT', 'AWSPENDING']);
    await publishKey(state, world.ports);
    expect(world.secrets.stagesOf(SECRET_NAME, SECRET_VERSION_ID)).toEqual(['AWSCURRENT']);
    expect(world.secrets.stagesOf(SECRET_NAME, INITIAL_VERSION)).toEqual(['AWSPREVIOUS']);
  });

  it('publishes a first key, whose version Secrets Manager already labelled AWSCURRENT', async () => {
    const { world } = keylessScenario();
    const state = await runUntil(world, 'verified');
    await publishKey(state, world.ports);
    expect(world.secrets.stagesOf(SECRET_NAME, SECRET_VERSION_ID)).toEqual(['AWSCURRENT']);
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
  });

  it('refuses to publish a key that was never verified', async () => {
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'created');
    world.log.clear();
    await expect(publishKey(state, world.ports)).rejects.toThrow(UnsafeKeyOperationError);
    expect(world.log.mutations).toEqual([]);
    expect(currentKeyIdOf(world)).toBe(oldKey.keyId);
  });
});
