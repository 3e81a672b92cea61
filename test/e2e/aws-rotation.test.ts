/**
 * The synthesized state machine, run locally against the embedded cloud, with
 * the real handlers and SDK clients. Every scenario is watched for I1 and I3
 * at each event and scanned for secrets (I2) at the end.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkCurrentCredential } from '../../cli/demo/current-credential-check.ts';
import { enteredStates, keyStatuses, lockHeld, stageHolders } from './support/cloud-views.ts';
import { type E2eHarness, openE2eHarness, secretOf } from './support/e2e-harness.ts';

const FAST = { gracePeriodSeconds: 1, deletionDelaySeconds: 1 };
let harness: E2eHarness;
let lockTable: string;

beforeAll(async () => {
  harness = await openE2eHarness();
  lockTable = String(harness.rotator.workflow.tables[0]?.logicalId);
});
afterAll(() => harness.close());
afterEach(() => {
  harness.cloud.clearFaults();
  expect(harness.monitor.violations).toEqual([]);
  expect(harness.leaks()).toEqual([]);
});

describe('AWS rotation, end to end on the local cloud', () => {
  it('rotates a managed key through every step and leaves only the new key, published and working', async () => {
    // Prepare
    const [oldKeyId] = harness.seed({ userName: 'alice', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    // Act
    const { execution, evidence, evidencePath } = await harness.run({ principal: 'alice', ...FAST });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(enteredStates(execution)).toEqual([
      'Plan',
      'IsDryRun',
      'CreateKey',
      'VerifyKey',
      'Publish',
      'WaitGrace',
      'CheckOldKeyUse',
      'RetireOrDefer',
      'RetireOldKey',
      'WaitDeletion',
      'DeleteOldKey',
      'Record',
    ]);
    const newKeyId = String(evidence?.newKeyId);
    expect(evidence).toMatchObject({
      status: 'SUCCEEDED',
      principal: 'alice',
      provider: 'aws',
      oldKeyId,
      failure: null,
    });
    for (const at of ['newKeyCreatedAt', 'verifiedAt', 'publishedAt', 'retiredAt', 'deletedAt'] as const) {
      expect(Date.parse(String(evidence?.[at]))).not.toBeNaN();
    }
    expect(keyStatuses(harness.cloud, 'alice')).toEqual({ [newKeyId]: 'Active' });
    expect(stageHolders(harness.cloud, 'alice')).toEqual({ AWSCURRENT: newKeyId });
    expect(lockHeld(harness.cloud, lockTable, 'alice')).toBe(false);
    expect(evidencePath).toMatch(/evidence/);
    const consumer = await checkCurrentCredential(secretOf('alice'));
    expect(consumer).toEqual({
      accessKeyId: newKeyId,
      proof: 'signs in as arn:aws:iam::000000000000:user/alice',
    });
  });

  it('adopts the only Active key of a user that has no managed secret yet', async () => {
    const [adoptedKeyId] = harness.seed({ userName: 'bob', keys: [{ ageDays: 200 }] });

    const { execution, evidence } = await harness.run({ principal: 'bob', ...FAST });

    expect(execution.status).toBe('SUCCEEDED');
    expect(evidence?.oldKeyId).toBe(adoptedKeyId);
    expect(keyStatuses(harness.cloud, 'bob')).toEqual({ [String(evidence?.newKeyId)]: 'Active' });
    expect(stageHolders(harness.cloud, 'bob')).toEqual({ AWSCURRENT: evidence?.newKeyId });
    expect(harness.cloud.secrets.findSecret(secretOf('bob'))?.tags).toMatchObject({
      provider: 'aws',
      principal: 'bob',
    });
  });

  it('gives a user without keys its first key, without waiting or retiring anything', async () => {
    harness.seed({ userName: 'frank', keys: [] });
    const calls = harness.cloud.requests.length;

    // A grace period the run must not wait for: there is no old key for consumers to move off.
    const { execution, evidence } = await harness.run({
      principal: 'frank',
      gracePeriodSeconds: 3600,
      deletionDelaySeconds: 1,
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(enteredStates(execution).slice(-5)).toEqual([
      'Publish',
      'WaitGrace',
      'CheckOldKeyUse',
      'RetireOrDefer',
      'Record',
    ]);
    expect(evidence).toMatchObject({ status: 'SUCCEEDED', oldKeyId: null });
    const newKeyId = String(evidence?.newKeyId);
    expect(keyStatuses(harness.cloud, 'frank')).toEqual({ [newKeyId]: 'Active' });
    expect(stageHolders(harness.cloud, 'frank')).toEqual({ AWSCURRENT: newKeyId });
    const actions = harness.cloud.requests.slice(calls).map((request) => request.action);
    expect(actions).not.toContain('GetAccessKeyLastUsed');
    expect(actions).not.toContain('UpdateAccessKey');
    expect(actions).not.toContain('DeleteAccessKey');
  });

  it('deletes an Inactive key that is not AWSCURRENT first, to make room for the new one', async () => {
    const [currentKeyId, inactiveKeyId] = harness.seed({
      userName: 'carol',
      keys: [{ ageDays: 100 }, { ageDays: 300, status: 'Inactive' }],
      managedKeyIndex: 0,
    });

    const { execution, evidence } = await harness.run({ principal: 'carol', ...FAST });

    expect(execution.status).toBe('SUCCEEDED');
    expect(evidence?.oldKeyId).toBe(currentKeyId);
    const created = execution.events.find(
      (event) => event.type === 'StateExited' && event.stateName === 'CreateKey',
    );
    const output = created?.output as { created?: { deletedInactiveKeyId?: string } } | undefined;
    expect(output?.created?.deletedInactiveKeyId).toBe(inactiveKeyId);
    expect(Object.keys(keyStatuses(harness.cloud, 'carol'))).toEqual([evidence?.newKeyId]);
  });

  it('rolls back when Publish fails: the new key is deleted and the old key stays AWSCURRENT', async () => {
    // Prepare
    const [oldKeyId] = harness.seed({ userName: 'dave', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    harness.cloud.injectFault({
      service: 'secretsmanager',
      action: 'UpdateSecretVersionStage',
      error: { code: 'AccessDeniedException', message: 'not allowed to move AWSCURRENT', status: 400 },
    });

    // Act
    const { execution, evidence } = await harness.run({ principal: 'dave', ...FAST });

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('AccessDeniedException');
    expect(enteredStates(execution).slice(-4)).toEqual([
      'Publish',
      'RollBack',
      'RecordRollback',
      'RotationRolledBack',
    ]);
    expect(evidence).toMatchObject({ status: 'ROLLED_BACK', oldKeyId, publishedAt: null });
    expect(evidence?.failure?.error).toBe('AccessDeniedException');
    expect(keyStatuses(harness.cloud, 'dave')).toEqual({ [String(oldKeyId)]: 'Active' });
    expect(stageHolders(harness.cloud, 'dave')).toEqual({ AWSCURRENT: oldKeyId });
    expect(lockHeld(harness.cloud, lockTable, 'dave')).toBe(false);
  });

  it('after Publish, a failure deletes nothing: both keys stay usable and the cause is reported', async () => {
    // Prepare
    const [oldKeyId] = harness.seed({ userName: 'erin', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    const oldSecret = String(harness.cloud.iam.findAccessKey(String(oldKeyId))?.secretAccessKey);
    harness.cloud.injectFault({
      service: 'iam',
      action: 'UpdateAccessKey',
      error: {
        code: 'AccessDenied',
        message: 'User is not authorized to perform iam:UpdateAccessKey',
        status: 403,
      },
    });

    // Act
    const { execution, evidence } = await harness.run({ principal: 'erin', ...FAST });

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('AccessDenied');
    expect(enteredStates(execution).slice(-3)).toEqual(['RetireOldKey', 'RecordFailure', 'RotationFailed']);
    expect(evidence).toMatchObject({ status: 'FAILED', oldKeyId, retiredAt: null, deletedAt: null });
    const newKeyId = String(evidence?.newKeyId);
    expect(keyStatuses(harness.cloud, 'erin')).toEqual({
      [String(oldKeyId)]: 'Active',
      [newKeyId]: 'Active',
    });
    expect((await checkCurrentCredential(secretOf('erin'))).accessKeyId).toBe(newKeyId);
    expect(oldSecret).toHaveLength(40);
    expect(lockHeld(harness.cloud, lockTable, 'erin')).toBe(false);
  });

  it('refuses a user with two Active keys before changing anything', async () => {
    harness.seed({ userName: 'frank', keys: [{ ageDays: 10 }, { ageDays: 20 }], managedKeyIndex: 0 });
    const before = keyStatuses(harness.cloud, 'frank');

    const { execution, mutatingCalls } = await harness.run({ principal: 'frank', ...FAST });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('TwoActiveKeysError');
    expect(mutatingCalls).toEqual([]);
    expect(keyStatuses(harness.cloud, 'frank')).toEqual(before);
  });

  it('refuses, by default, a user nobody opted in, naming the tag, before changing anything', async () => {
    // Prepare: an administrator with an old key and no opt-in tag.
    harness.seed({
      userName: 'root-admin',
      keys: [{ ageDays: 400 }],
      managedKeyIndex: 0,
      optedIn: false,
      tags: { role: 'admin' },
    });
    const before = keyStatuses(harness.cloud, 'root-admin');

    // Act
    const { execution, mutatingCalls } = await harness.run({ principal: 'root-admin', ...FAST });

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('PrincipalNotInScopeError');
    expect(execution.cause).toContain('lacks the opt-in tag access-key-rotator:rotate=true');
    expect(execution.cause).toContain('Key=access-key-rotator:rotate,Value=true');
    expect(mutatingCalls).toEqual([]);
    expect(keyStatuses(harness.cloud, 'root-admin')).toEqual(before);
  });

  it('refuses a second rotation while another holds the principal (invariant 5)', async () => {
    harness.seed({ userName: 'grace', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    harness.cloud.dynamodb.putItem(lockTable, {
      lockId: { S: 'aws#grace' },
      rotationId: { S: 'grace-other-rotation' },
      executionArn: { S: 'arn:aws:states:us-east-1:000000000000:execution:x:grace-other-rotation' },
      acquiredAt: { S: new Date().toISOString() },
      expiresAt: { S: new Date(Date.now() + 3_600_000).toISOString() },
      expiresAtEpoch: { N: String(Math.floor(Date.now() / 1000) + 3600) },
    });

    const { execution, mutatingCalls } = await harness.run({ principal: 'grace', ...FAST });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('RotationInFlightError');
    expect(execution.cause).toContain('grace-other-rotation');
    expect(mutatingCalls).toEqual([]);
  });

  it('refuses bad input with a ValidationError naming the field, before any call that changes something', async () => {
    const { execution, mutatingCalls } = await harness.run(
      { principal: 'not a user name!', gracePeriodSeconds: -1 } as never,
      'bad-input-run',
    );

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ValidationError');
    expect(execution.cause).toMatch(/principal|gracePeriodSeconds/);
    expect(mutatingCalls).toEqual([]);
  });

  it('defers retirement while a consumer still uses the old key, then fails safely with both keys usable', async () => {
    // Prepare: a consumer that keeps calling AWS with the old key during every grace period.
    const [oldKeyId] = harness.seed({ userName: 'heidi', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    const oldSecret = String(harness.cloud.iam.findAccessKey(String(oldKeyId))?.secretAccessKey);
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const consumer = new STSClient({
      credentials: { accessKeyId: String(oldKeyId), secretAccessKey: oldSecret },
    });
    const watch = harness.monitor.watch('heidi', secretOf('heidi'));
    const uses: Promise<unknown>[] = [];

    // Act
    const { execution } = await harness.rotator.rotate({
      name: 'heidi-defer',
      input: { principal: 'heidi', gracePeriodSeconds: 1, deletionDelaySeconds: 1 },
      onEvent: (event) => {
        watch(event);
        if (event.type === 'StateEntered' && event.stateName === 'WaitGrace') {
          uses.push(consumer.send(new GetCallerIdentityCommand({})));
        }
      },
    });
    await Promise.all(uses);
    consumer.destroy();

    // Assess: three deferrals (the default), then OLD_KEY_STILL_IN_USE with nothing retired.
    expect(enteredStates(execution).filter((state) => state === 'WaitGrace')).toHaveLength(4);
    expect(execution.error).toBe('OldKeyStillInUseError');
    expect(Object.values(keyStatuses(harness.cloud, 'heidi'))).toEqual(['Active', 'Active']);
  });
});
