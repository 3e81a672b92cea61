/**
 * Removing a staging label (Publish drops AWSPENDING, DeleteOldKey drops
 * AWSPREVIOUS, RollBack drops AWSPENDING) when the answer is lost: the SDK
 * repeats the call, which finds the label gone and is refused. Found by the
 * fault matrix (a rollback ended RollbackFailed with its lock held). A removal
 * now means "this version does not carry the label", which a repeat keeps true.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerStore } from '../../lambdas/adapters/aws/secrets-manager-store.ts';
import {
  clientConfig,
  startTestCloud,
  type TestCloud,
} from '../../packages/local-cloud/test/local-cloud-fixture.ts';

const NAME = 'access-key-rotator/aws/alice';
const V1 = '11111111-1111-4111-8111-111111111111';
const V2 = '22222222-2222-4222-8222-222222222222';
const credential = (n: number) => ({
  Version: 1 as const,
  AccessKeyId: `AKIAEXAMPLE00000000${n}`,
  SecretAccessKey: `s${n}`,
});

let t: TestCloud;
let client: SecretsManagerClient;
beforeEach(async () => {
  t = await startTestCloud();
  const { maxAttempts: _, ...config } = clientConfig(t.cloud);
  client = new SecretsManagerClient(config); // the SDK's own retries, as in the Lambdas
});
afterEach(async () => {
  client.destroy();
  await t.close();
});

async function secretWithPendingVersion() {
  const store = secretsManagerStore(client, { kmsKeyId: undefined });
  await store.create(NAME, { provider: 'aws', principal: 'alice' });
  await store.putPending(NAME, V1, credential(1));
  await store.putPending(NAME, V2, credential(2));
  return store;
}

describe('removing a staging label whose answer is lost', () => {
  it('converges: the label is gone and the call succeeds', async () => {
    const store = await secretWithPendingVersion();
    t.cloud.injectFault({
      service: 'secretsmanager',
      action: 'UpdateSecretVersionStage',
      kind: 'lostResponse',
    });

    await store.moveStage(NAME, 'AWSPENDING', { fromVersionId: V2 });

    const stages = (await store.describe(NAME))?.versions.find((version) => version.versionId === V2)?.stages;
    expect(stages ?? []).not.toContain('AWSPENDING');
    const calls = t.cloud.requests.filter((request) => request.action === 'UpdateSecretVersionStage');
    expect(calls.map((call) => call.status)).toEqual([200, 400]);
  });

  it('means "not on this version": it changes nothing elsewhere, and an unknown version still fails', async () => {
    const store = await secretWithPendingVersion();
    const before = await store.describe(NAME);

    await store.moveStage(NAME, 'AWSPENDING', { fromVersionId: V1 });
    const missing = await store
      .moveStage(NAME, 'AWSPENDING', { fromVersionId: '33333333-3333-4333-8333-333333333333' })
      .catch((error: Error) => error);

    expect(await store.describe(NAME)).toEqual(before);
    expect(before?.versions.find((version) => version.versionId === V2)?.stages).toContain('AWSPENDING');
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
