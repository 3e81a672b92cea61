import { describe, expect, it } from 'vitest';
import { createKey } from '../../lambdas/rotation/create-key.ts';
import { SecretMissingError, UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';
import {
  keylessScenario,
  managedScenario,
  PRINCIPAL,
  ROTATION_ID,
  runUntil,
  SECRET_NAME,
  SECRET_VERSION_ID,
  unmanagedScenario,
} from './rotation-fixtures.ts';

describe('createKey', () => {
  it("creates the key and stores it as AWSPENDING under the plan's secret version, returning only ids", async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'plan');
    world.log.clear();
    // Act
    const created = await createKey(state, world.ports);
    // Assess
    const newKey = world.iam.key(created.newKeyId);
    expect(created).toEqual({
      newKeyId: newKey?.keyId,
      newKeyCreatedAt: newKey?.createdAt,
      secretVersionId: SECRET_VERSION_ID,
      deletedInactiveKeyId: null,
    });
    expect(created.secretVersionId).toBe(state.plan.secretVersionId);
    expect(world.secrets.stagesOf(SECRET_NAME, SECRET_VERSION_ID)).toEqual(['AWSPENDING']);
    expect(world.secrets.stagesOf(SECRET_NAME, ROTATION_ID)).toEqual([]);
    const stored = await world.secrets.readCredential(SECRET_NAME, { versionId: SECRET_VERSION_ID });
    expect(stored).toEqual({
      Version: 1,
      AccessKeyId: newKey?.keyId,
      SecretAccessKey: newKey?.secretAccessKey,
    });
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, created.newKeyId]);
    expect(JSON.stringify(created)).not.toContain(newKey?.secretAccessKey);
    // The secret's resource policy first (create-key-access-policy.test.ts), then the key and its value.
    expect(world.log.names({ mutatingOnly: true })).toEqual([
      'secrets.putAccessPolicy',
      'keys.createKey',
      'secrets.putPending',
    ]);
    // The rotation id still names the key (its description); the version id is the plan's.
    expect(world.log.mutations.slice(1).map((call) => call.args)).toEqual([
      [PRINCIPAL, ROTATION_ID],
      [SECRET_NAME, SECRET_VERSION_ID, created.newKeyId],
    ]);
  });

  it('creates the secret first when adopting a key (no AWSCURRENT to keep)', async () => {
    const { world } = unmanagedScenario();
    const state = await runUntil(world, 'plan');
    world.log.clear();
    await createKey(state, world.ports);
    expect(world.log.names({ mutatingOnly: true })).toEqual([
      'secrets.create',
      'secrets.putAccessPolicy',
      'keys.createKey',
      'secrets.putPending',
    ]);
    expect(world.secrets.secrets.get(SECRET_NAME)?.tags).toEqual({ provider: 'aws', principal: PRINCIPAL });
  });

  it('deletes the Inactive key chosen by Plan before creating, so the principal never has three keys', async () => {
    const { world, oldKey } = managedScenario();
    const stale = world.iam.addKey(PRINCIPAL, 'Inactive');
    const state = await runUntil(world, 'plan');
    const created = await createKey(state, world.ports);
    expect(created.deletedInactiveKeyId).toBe(stale.keyId);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, created.newKeyId]);
  });

  it('refuses to delete the extra key when an operator re-activated it since Plan', async () => {
    const { world, oldKey } = managedScenario();
    const stale = world.iam.addKey(PRINCIPAL, 'Inactive');
    const state = await runUntil(world, 'plan');
    stale.status = 'Active';
    world.log.clear();
    await expect(createKey(state, world.ports)).rejects.toThrow(UnsafeKeyOperationError);
    expect(world.log.mutations).toEqual([]);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, stale.keyId]);
  });

  it('refuses to create anything on a dry run', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'plan', { principal: PRINCIPAL, dryRun: true });
    await expect(createKey(state, world.ports)).rejects.toThrow(UnsafeKeyOperationError);
    expect(world.log.mutations).toEqual([]);
  });
});

describe('createKey under retry (invariant 4)', () => {
  it('returns the stored key when run again after success, creating nothing', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'plan');
    const first = await createKey(state, world.ports);
    world.log.clear();
    const second = await createKey(state, world.ports);
    expect(second).toEqual(first);
    expect(world.log.mutations).toEqual([]);
  });

  it('converges after a crash after PutSecretValue landed (lost response)', async () => {
    const { world } = keylessScenario();
    const state = await runUntil(world, 'plan');
    world.log.failNext('secrets.putPending', 'after');
    const first = await createKey(state, world.ports);
    const second = await createKey(state, world.ports);
    expect(second.newKeyId).toBe(first.newKeyId);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([first.newKeyId]);
    // A secret's first version is AWSCURRENT at once: Secrets Manager labels it so.
    expect(world.secrets.stagesOf(SECRET_NAME, SECRET_VERSION_ID)).toEqual(['AWSCURRENT', 'AWSPENDING']);
  });

  it('deletes the new key when storing it fails, so no key is left without its secret', async () => {
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'plan');
    world.log.failNext('secrets.putPending', 'before');
    await expect(createKey(state, world.ports)).rejects.toThrow('secrets.putPending failed');
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId]);
    // The retry starts clean and succeeds.
    const created = await createKey(state, world.ports);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, created.newKeyId]);
  });

  it('deletes the orphan of an attempt that crashed between CreateAccessKey and PutSecretValue', async () => {
    // Prepare: the key was created, then the Lambda died before storing it.
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'plan');
    const orphan = world.iam.addKey(PRINCIPAL);
    // Act: without the cleanup, a third key would hit IAM's limit.
    const created = await createKey(state, world.ports);
    // Assess
    expect(world.iam.key(orphan.keyId)).toBeUndefined();
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, created.newKeyId]);
    const stored = await world.secrets.readCredential(SECRET_NAME, { versionId: SECRET_VERSION_ID });
    expect(stored?.AccessKeyId).toBe(created.newKeyId);
  });

  it('converges after a crash after the Inactive key was deleted', async () => {
    const { world, oldKey } = managedScenario();
    const stale = world.iam.addKey(PRINCIPAL, 'Inactive');
    const state = await runUntil(world, 'plan');
    world.log.failNext('keys.deleteKey', 'after');
    await expect(createKey(state, world.ports)).rejects.toThrow();
    const created = await createKey(state, world.ports);
    expect(created.deletedInactiveKeyId).toBe(stale.keyId);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, created.newKeyId]);
  });

  it('converges after a crash right after the secret was created for an adopted key', async () => {
    const { world, oldKey } = unmanagedScenario();
    const state = await runUntil(world, 'plan');
    world.log.failNext('secrets.create', 'after');
    await expect(createKey(state, world.ports)).rejects.toThrow();
    const created = await createKey(state, world.ports);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, created.newKeyId]);
  });

  it('reports a stored version whose key has vanished instead of creating a second one', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'plan');
    const created = await createKey(state, world.ports);
    await world.iam.deleteKey(PRINCIPAL, created.newKeyId);
    world.log.clear();
    await expect(createKey(state, world.ports)).rejects.toThrow(SecretMissingError);
    expect(world.log.mutations).toEqual([]);
  });
});
