import { describe, expect, it } from 'vitest';
import { planRotation } from '../../lambdas/rotation/plan-rotation.ts';
import { TwoActiveKeysError } from '../../lambdas/rotation/rotation-errors.ts';
import { secretVersionIdFor } from '../../lambdas/rotation/secret-version-id.ts';
import { START } from '../support/in-memory-ports.ts';
import {
  EXECUTION_ARN,
  executionArnOf,
  keylessScenario,
  LOCK_ID,
  managedScenario,
  PRINCIPAL,
  planRequest,
  ROTATION_ID,
  SECRET_NAME,
  SECRET_VERSION_ID,
  unmanagedScenario,
} from './rotation-fixtures.ts';

const DAY = 24 * 3600;

describe('planRotation: choosing the old key', () => {
  it('plans to replace the key in AWSCURRENT and takes the lock for the longest possible rotation', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    // Act
    const plan = await planRotation(
      planRequest({ principal: PRINCIPAL, gracePeriodSeconds: DAY }),
      world.ports,
    );
    // Assess
    expect(plan).toMatchObject({
      rotationId: ROTATION_ID,
      executionArn: EXECUTION_ARN,
      secretVersionId: SECRET_VERSION_ID,
      provider: 'aws',
      principal: PRINCIPAL,
      secretName: SECRET_NAME,
      startedAt: START,
      gracePeriodSeconds: DAY,
      deletionDelaySeconds: 7 * DAY,
      graceWaitSeconds: DAY,
      dryRun: false,
      oldKeyId: oldKey.keyId,
      hasOldKey: true,
      existingKeyIds: [oldKey.keyId],
      inactiveKeyToDeleteId: null,
      adoption: false,
      oldKeyInUsePolicy: 'defer',
      maxDeferrals: 3,
    });
    // grace × (3 deferrals + 1) + deletion delay + one day of slack
    expect(world.lock.holders.get(LOCK_ID)).toEqual({
      rotationId: ROTATION_ID,
      executionArn: EXECUTION_ARN,
      acquiredAt: START,
      expiresAt: new Date(Date.parse(START) + (4 * DAY + 7 * DAY + DAY) * 1000).toISOString(),
    });
    expect(world.log.names({ mutatingOnly: true })).toEqual(['lock.acquire']);
  });

  it('adopts the single Active key of a principal without a secret', async () => {
    const { world, oldKey } = unmanagedScenario();
    const plan = await planRotation(planRequest(), world.ports);
    expect(plan).toMatchObject({ oldKeyId: oldKey.keyId, hasOldKey: true, adoption: true });
  });

  it('adopts the single Active key when the secret names a key that no longer exists', async () => {
    // Prepare: the key in AWSCURRENT was deleted by hand, and another one made.
    const { world, oldKey: replacement } = unmanagedScenario();
    world.secrets.seed(SECRET_NAME, 'initial-version', {
      Version: 1,
      AccessKeyId: 'AKIAGONE000000000000',
      SecretAccessKey: 'gone',
    });
    // Act
    const plan = await planRotation(planRequest(), world.ports);
    // Assess
    expect(plan).toMatchObject({ oldKeyId: replacement.keyId, adoption: true });
  });

  it('plans a first key, with nothing to retire, for a principal without keys', async () => {
    const { world } = keylessScenario();
    const plan = await planRotation(planRequest(), world.ports);
    expect(plan).toMatchObject({ oldKeyId: null, hasOldKey: false, existingKeyIds: [], adoption: false });
    // Nobody holds an old key to move off, so WaitGrace has nothing to wait for.
    expect(plan.graceWaitSeconds).toBe(0);
  });

  it('marks an extra Inactive key for deletion, to make room for the new key', async () => {
    const { world, oldKey } = managedScenario();
    const stale = world.iam.addKey(PRINCIPAL, 'Inactive');
    const plan = await planRotation(planRequest(), world.ports);
    expect(plan).toMatchObject({
      oldKeyId: oldKey.keyId,
      inactiveKeyToDeleteId: stale.keyId,
      existingKeyIds: [oldKey.keyId, stale.keyId],
    });
    expect(world.iam.key(stale.keyId)).toBeDefined();
  });

  it('refuses two Active keys when neither is managed, listing both ids', async () => {
    const { world, oldKey } = unmanagedScenario();
    const second = world.iam.addKey(PRINCIPAL);
    const outcome = planRotation(planRequest(), world.ports);
    await expect(outcome).rejects.toThrow(TwoActiveKeysError);
    await expect(outcome).rejects.toThrow(`${oldKey.keyId} (Active), ${second.keyId} (Active)`);
    expect(world.log.mutations).toEqual([]);
  });

  it('refuses a second Active key next to the managed one, telling the operator what to do', async () => {
    const { world, oldKey } = managedScenario();
    const stray = world.iam.addKey(PRINCIPAL);
    const outcome = planRotation(planRequest(), world.ports);
    await expect(outcome).rejects.toThrow(TwoActiveKeysError);
    await expect(outcome).rejects.toThrow(new RegExp(`${oldKey.keyId}.*${stray.keyId}.*Deactivate.*retry`));
    expect(world.lock.holders.size).toBe(0);
  });
});

describe('planRotation: dry run and retry', () => {
  it('plans a dry run without taking the lock or changing anything', async () => {
    const { world, oldKey } = managedScenario();
    const plan = await planRotation(planRequest({ principal: PRINCIPAL, dryRun: true }), world.ports);
    expect(plan).toMatchObject({ dryRun: true, oldKeyId: oldKey.keyId });
    expect(world.log.mutations).toEqual([]);
    expect(world.lock.holders.size).toBe(0);
  });

  it('still reports refusals on a dry run', async () => {
    const { world } = unmanagedScenario();
    world.iam.addKey(PRINCIPAL);
    const outcome = planRotation(planRequest({ principal: PRINCIPAL, dryRun: true }), world.ports);
    await expect(outcome).rejects.toThrow(TwoActiveKeysError);
  });

  it('gives the same plan when retried by the same rotation, which already holds the lock', async () => {
    const { world } = managedScenario();
    const first = await planRotation(planRequest(), world.ports);
    const second = await planRotation(planRequest(), world.ports);
    expect(second).toEqual(first);
  });
});

describe('planRotation: the secret version of the new key', () => {
  it('derives the version id from the execution ARN and start time, not from the rotation id', async () => {
    const { world } = managedScenario();
    const request = planRequest();
    const plan = await planRotation(request, world.ports);
    expect(plan.secretVersionId).toBe(secretVersionIdFor(request.executionArn, request.startedAt));
    expect(plan.secretVersionId).not.toBe(plan.rotationId);
    expect(plan.secretVersionId.length).toBeGreaterThanOrEqual(32);
    expect(plan.secretVersionId.length).toBeLessThanOrEqual(64);
  });

  it.each([
    ['one character', 'a'],
    ['80 characters', 'r'.repeat(80)],
  ])('gives an execution name of %s a version id Secrets Manager accepts', async (_case, rotationId) => {
    const { world } = managedScenario();
    const plan = await planRotation(planRequest(undefined, rotationId), world.ports);
    expect(plan.rotationId).toBe(rotationId);
    expect(plan.executionArn).toBe(executionArnOf(rotationId));
    expect(plan.secretVersionId).toBe(secretVersionIdFor(executionArnOf(rotationId), START));
    expect(plan.secretVersionId).toHaveLength(36);
  });

  it('gives a retried Plan of the same execution the same version id', async () => {
    const { world } = managedScenario();
    const first = await planRotation(planRequest(), world.ports);
    const second = await planRotation(planRequest(), world.ports);
    expect(second.secretVersionId).toBe(first.secretVersionId);
  });
});
