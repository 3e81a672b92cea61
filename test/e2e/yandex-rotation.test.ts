/**
 * The synthesized Yandex state machine, run locally: its Lambdas call the
 * Yandex IAM REST API of the local cloud (token exchange, static keys,
 * operations) and check the new key against Object Storage. Watched for I1 and
 * I3 at every event and scanned for secrets (I2) after every scenario.
 */

import { seedYandexRotatorIdentity, seedYandexServiceAccount } from '@access-key-rotator/local-cloud';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkCurrentYandexCredential } from '../../cli/demo/current-credential-check.ts';
import { DEFAULT_SETTINGS } from '../../lambdas/config/environment.ts';
import { enteredStates, stageHolders } from './support/cloud-views.ts';
import { type E2eHarness, openE2eHarness, secretOf } from './support/e2e-harness.ts';

const FAST = { gracePeriodSeconds: 1, deletionDelaySeconds: 1 };
let harness: E2eHarness;

function seed(serviceAccountId: string, description = 'used by the backup job'): string[] {
  return seedYandexServiceAccount(harness.cloud, {
    serviceAccountId,
    keys: [{ ageDays: 120, description }],
    managedSecret: { name: secretOf(serviceAccountId, 'yandex'), keyIndex: 0 },
  }).keyIds;
}

function keyIdsOf(serviceAccountId: string): string[] {
  return harness.cloud.yandex.listAccessKeys(serviceAccountId).map((key) => key.keyId);
}

beforeAll(async () => {
  harness = await openE2eHarness({ provider: 'yandex' });
  seedYandexRotatorIdentity(harness.cloud, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
});
afterAll(() => harness.close());
afterEach(() => {
  harness.cloud.clearFaults();
  expect(harness.monitor.violations).toEqual([]);
  expect(harness.leaks()).toEqual([]);
});

describe('Yandex rotation, end to end on the local cloud', () => {
  it('rotates a static key: PATCH marks the old key retired, DELETE revokes it, the new key works', async () => {
    // Prepare
    const [oldKeyId] = seed('ajeserviceaccount001');
    const before = harness.cloud.requests.length;
    const oldResourceId = harness.cloud.yandex.findAccessKeyByKeyId(String(oldKeyId))?.id;

    // Act
    const { execution, evidence } = await harness.run({ principal: 'ajeserviceaccount001', ...FAST });

    // Assess: the steps, the keys and the published secret
    expect(execution.status).toBe('SUCCEEDED');
    expect(evidence).toMatchObject({ status: 'SUCCEEDED', provider: 'yandex', oldKeyId, failure: null });
    const newKeyId = String(evidence?.newKeyId);
    expect(newKeyId).toMatch(/^YC/);
    expect(keyIdsOf('ajeserviceaccount001')).toEqual([newKeyId]);
    expect(stageHolders(harness.cloud, 'ajeserviceaccount001', 'yandex')).toEqual({ AWSCURRENT: newKeyId });
    const consumer = await checkCurrentYandexCredential(secretOf('ajeserviceaccount001', 'yandex'));
    expect(consumer.accessKeyId).toBe(newKeyId);

    // Assess: the PATCH exactly as the API reference shows it, observed at the local cloud
    const calls = harness.cloud.requests.slice(before);
    const patch = calls.find((call) => call.service === 'yandex-iam' && call.action === 'UpdateAccessKey');
    expect(patch?.http?.method).toBe('PATCH');
    expect(patch?.http?.path).toBe(`/iam/aws-compatibility/v1/accessKeys/${oldResourceId}`);
    const body = patch?.http?.body as { updateMask: string; description: string };
    expect(Object.keys(body)).toEqual(['updateMask', 'description']);
    expect(body.updateMask).toBe('description');
    expect(body.description).toMatch(
      /^access-key-rotator: retired \S+ by ajeserviceaccount001-run-\d+; delete after \S+$/,
    );
    expect(body.description.length).toBeLessThanOrEqual(256);
    const retired = execution.events.find(
      (event) => event.type === 'StateExited' && event.stateName === 'RetireOldKey',
    );
    const retiredOutput = retired?.output as { retired?: { previousDescription?: string } } | undefined;
    expect(retiredOutput?.retired?.previousDescription).toBe('used by the backup job');
    const del = calls.find((call) => call.action === 'DeleteAccessKey');
    expect(del?.http).toMatchObject({
      method: 'DELETE',
      path: `/iam/aws-compatibility/v1/accessKeys/${oldResourceId}`,
    });
    expect(calls.filter((call) => call.action === 'GetOperation').length).toBeGreaterThanOrEqual(2);

    // Assess: one token exchange for the whole rotation (the container caches it)
    expect(calls.filter((call) => call.action === 'CreateIamToken')).toHaveLength(1);
  });

  it('rolls back when Publish fails: the new key is deleted and the old one stays AWSCURRENT', async () => {
    const [oldKeyId] = seed('ajeserviceaccount002');
    harness.cloud.injectFault({
      service: 'secretsmanager',
      action: 'UpdateSecretVersionStage',
      error: { code: 'AccessDeniedException', message: 'not allowed', status: 400 },
    });

    const { execution, evidence } = await harness.run({ principal: 'ajeserviceaccount002', ...FAST });

    expect(execution.status).toBe('FAILED');
    expect(evidence).toMatchObject({ status: 'ROLLED_BACK', oldKeyId });
    expect(keyIdsOf('ajeserviceaccount002')).toEqual([oldKeyId]);
    expect(stageHolders(harness.cloud, 'ajeserviceaccount002', 'yandex')).toEqual({ AWSCURRENT: oldKeyId });
  });

  it('after Publish, a failed operation deletes nothing: both keys stay usable', async () => {
    const [oldKeyId] = seed('ajeserviceaccount003');
    harness.cloud.injectFault({
      service: 'yandex-operation',
      action: 'UpdateAccessKey',
      error: { code: '7', message: 'Permission denied to update access key', status: 403 },
    });

    const { execution, evidence } = await harness.run({ principal: 'ajeserviceaccount003', ...FAST });

    expect(execution.status).toBe('FAILED');
    expect(enteredStates(execution).slice(-3)).toEqual(['RetireOldKey', 'RecordFailure', 'RotationFailed']);
    expect(evidence).toMatchObject({ status: 'FAILED', oldKeyId, retiredAt: null });
    expect(keyIdsOf('ajeserviceaccount003').sort()).toEqual(
      [String(oldKeyId), String(evidence?.newKeyId)].sort(),
    );
    const old = harness.cloud.yandex.findAccessKeyByKeyId(String(oldKeyId));
    expect(old?.description).toBe('used by the backup job');
  });

  it('refuses a malformed service-account id before any call that changes something', async () => {
    const { execution, mutatingCalls } = await harness.run(
      { principal: 'Not_A_Service_Account!' },
      'bad-yandex-input',
    );

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ValidationError');
    expect(execution.cause).toContain('principal');
    expect(mutatingCalls).toEqual([]);
  });
});
