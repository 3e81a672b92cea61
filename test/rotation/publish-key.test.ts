import { describe, expect, it } from 'vitest';
import { publishKey } from '../../lambdas/rotation/publish-key.ts';
import { UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';
import { serviceError } from './fakes/call-log.ts';
import {
  currentKeyIdOf,
  INITIAL_VERSION,
  keylessScenario,
  managedScenario,
  ROTATION_ID,
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

  it('changes no label when run again after success, and records the rotation on the secret again', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'published');
    world.log.clear();
    await publishKey(state, world.ports);
    expect(world.log.names({ mutatingOnly: true })).toEqual(['secrets.recordManagement']);
  });

  it('records on the secret, after AWSCURRENT moved, the rotation, the next due date and the deployment', async () => {
    // Prepare
    const { world } = managedScenario({ maxKeyAgeDays: 30, deploymentName: 'AccessKeyRotatorStack' });
    const state = await runUntil(world, 'verified');
    world.log.clear();
    // Act
    const published = await publishKey(state, world.ports);
    // Assess
    expect(world.secrets.managementOf(SECRET_NAME)).toEqual({
      lastRotationId: ROTATION_ID,
      nextDueAt: new Date(Date.parse(published.publishedAt) + 30 * 86_400_000).toISOString(),
      managedBy: 'AccessKeyRotatorStack',
    });
    expect(world.log.names({ mutatingOnly: true })).toEqual([
      'secrets.moveStage',
      'secrets.moveStage',
      'secrets.recordManagement',
    ]);
    expect(published).toEqual({ publishedAt: world.clock.iso() });
  });

  it('defaults the next due date to 90 days and the deployment to access-key-rotator', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'verified');
    const published = await publishKey(state, world.ports);
    expect(world.secrets.managementOf(SECRET_NAME)).toEqual({
      lastRotationId: ROTATION_ID,
      nextDueAt: new Date(Date.parse(published.publishedAt) + 90 * 86_400_000).toISOString(),
      managedBy: 'access-key-rotator',
    });
  });

  it('publishes all the same when the secret cannot be tagged, saying so in secretTagFailure', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = await runUntil(world, 'verified');
    world.log.failNext(
      'secrets.recordManagement',
      'before',
      serviceError('AccessDeniedException', 'not authorized to perform secretsmanager:TagResource'),
    );
    // Act
    const published = await publishKey(state, world.ports);
    // Assess
    expect(published).toEqual({
      publishedAt: world.clock.iso(),
      secretTagFailure: 'AccessDeniedException: not authorized to perform secretsmanager:TagResource',
    });
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
    expect(world.secrets.managementOf(SECRET_NAME)).toBeUndefined();
    // The notification is still sent: the tag failure stops nothing after it.
    expect(world.notifier.events.map((event) => event.type)).toContain('Access Key Rotated');
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
