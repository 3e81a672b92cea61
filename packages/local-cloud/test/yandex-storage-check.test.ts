import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalCloud, seedYandexServiceAccount, YANDEX_STORAGE_REGION } from '../src/index.ts';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';
import { ACCESS_KEYS_PATH, awaitOperation, iamToken, seedIdentity, yc } from './yandex-fixture.ts';

const SA = 'ajetargetaccount0001';

function storageClient(cloud: LocalCloud, accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({
    endpoint: cloud.endpoint,
    region: YANDEX_STORAGE_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

describe('Yandex Object Storage check (ListBuckets signed with a static key)', () => {
  let t: TestCloud;
  const clients: S3Client[] = [];
  beforeEach(async () => {
    t = await startTestCloud({ yandexOperationDelayMs: 0 });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await t.close();
  });

  function s3(accessKeyId: string, secretAccessKey: string): S3Client {
    const client = storageClient(t.cloud, accessKeyId, secretAccessKey);
    clients.push(client);
    return client;
  }

  function seededKey() {
    const { keyIds } = seedYandexServiceAccount(t.cloud, { serviceAccountId: SA, keys: [{ ageDays: 1 }] });
    const key = t.cloud.yandex.findAccessKeyByKeyId(keyIds[0] ?? '');
    if (!key) throw new Error('seeding failed');
    return key;
  }

  it('lists no buckets for a valid key and records its use in lastUsedAt', async () => {
    const key = seededKey();
    const before = Date.now();

    const listed = await s3(key.keyId, key.secret).send(new ListBucketsCommand({}));

    expect(listed.$metadata.httpStatusCode).toBe(200);
    expect(listed.Buckets ?? []).toEqual([]);
    expect(listed.Owner?.ID).toBe(SA);
    const lastUsedAt = Date.parse(t.cloud.yandex.findAccessKey(key.id)?.lastUsedAt ?? '');
    expect(lastUsedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(t.cloud.requests.at(-1)).toMatchObject({
      service: 'yandex-storage',
      action: 'ListBuckets',
      accessKeyId: key.keyId,
      status: 200,
    });
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and leaves lastUsedAt unset', async () => {
    const key = seededKey();

    // Another last character: appending a fixed one would leave the secret intact when it already ends so.
    const wrongSecret = `${key.secret.slice(0, -1)}${key.secret.endsWith('x') ? 'y' : 'x'}`;
    const refused = await rejectionOf(s3(key.keyId, wrongSecret).send(new ListBucketsCommand({})));

    expect(refused).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(t.cloud.yandex.findAccessKey(key.id)).not.toHaveProperty('lastUsedAt');
  });

  it('refuses a key deleted through the API, and an AWS IAM key, with InvalidAccessKeyId', async () => {
    const key = seededKey();
    const token = await iamToken(t.cloud, seedIdentity(t.cloud));
    const started = await yc(t.cloud, 'DELETE', `${ACCESS_KEYS_PATH}/${key.id}`, { token });
    await awaitOperation(t.cloud, token, started.body.id);
    t.cloud.iam.createUser({ userName: 'alice' });
    const awsKey = t.cloud.iam.createAccessKey('alice');

    const deleted = await rejectionOf(s3(key.keyId, key.secret).send(new ListBucketsCommand({})));
    const aws = await rejectionOf(
      s3(awsKey.accessKeyId, awsKey.secretAccessKey).send(new ListBucketsCommand({})),
    );

    expect(deleted).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    expect(aws).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
  });

  it('leaves a signature scoped to another region to AWS S3, which does not know the Yandex key', async () => {
    const key = seededKey();
    const client = new S3Client({
      endpoint: t.cloud.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: key.keyId, secretAccessKey: key.secret },
      maxAttempts: 1,
    });
    clients.push(client);

    const refused = await rejectionOf(client.send(new ListBucketsCommand({})));

    // The shared endpoint routes by the signature's region: us-east-1 is AWS's S3, not Yandex's storage.
    expect(refused).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    expect(t.cloud.requests.at(-1)).toMatchObject({ service: 's3', action: 'ListBuckets' });
  });

  it('answers in the S3 XML error shape', async () => {
    const response = await fetch(`${t.cloud.endpoint}/`);
    const body = await response.text();

    expect(response.status).toBe(403);
    expect(body).toMatch(/<Error><Code>AccessDenied<\/Code><Message>[^<]+<\/Message>/);
  });

  it('shares the endpoint with AWS: STS still answers on the same port', async () => {
    const identity = await t.sts.send(new GetCallerIdentityCommand({}));

    expect(identity.Account).toBe(t.cloud.accountId);
  });
});
