import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3KeyVerifier } from '../../../lambdas/adapters/yandex/s3-key-verifier.ts';
import type { StoredCredential } from '../../../lambdas/rotation/ports.ts';
import { sdkError } from '../sdk-errors.ts';
import { rejectionOf } from './yandex-test-stack.ts';

const s3Mock = mockClient(S3Client);
const verifier = s3KeyVerifier('http://127.0.0.1:4599');
const newKey: StoredCredential = {
  Version: 1,
  AccessKeyId: 'YCAJENEWKEY000000001',
  SecretAccessKey: 'YCnew-static-secret-value',
};

describe('Object Storage key verifier', () => {
  beforeEach(() => s3Mock.reset());

  it('signs ListBuckets with the new key, for ru-central1, path style, at the storage endpoint', async () => {
    // Prepare
    let seen: Record<string, unknown> = {};
    s3Mock.on(ListBucketsCommand).callsFake(async (_input, getClient) => {
      const { config } = getClient();
      const endpoint = await config.endpoint?.();
      seen = {
        accessKeyId: (await config.credentials()).accessKeyId,
        region: await config.region(),
        forcePathStyle: config.forcePathStyle,
        host: `${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`,
      };
      return { Buckets: [] };
    });

    // Act
    await verifier.verify('ajeservice0000000001', newKey);

    // Assess
    expect(seen).toEqual({
      accessKeyId: 'YCAJENEWKEY000000001',
      region: 'ru-central1',
      forcePathStyle: true,
      host: 'http://127.0.0.1:4599',
    });
  });

  it('accepts AccessDenied: the signature was checked before the permission', async () => {
    // Prepare
    s3Mock.on(ListBucketsCommand).rejects(sdkError('AccessDenied', 'Access Denied', { httpStatusCode: 403 }));

    // Act
    const verified = verifier.verify('ajeservice0000000001', newKey);

    // Assess
    await expect(verified).resolves.toBeUndefined();
  });

  it.each(['InvalidAccessKeyId', 'SignatureDoesNotMatch'])(
    'reports %s as KeyNotYetValidError, naming the key id but not the secret',
    async (name) => {
      // Prepare
      s3Mock
        .on(ListBucketsCommand)
        .rejects(sdkError(name, `rejected ${newKey.SecretAccessKey}`, { httpStatusCode: 403 }));

      // Act
      const error = await rejectionOf(verifier.verify('ajeservice0000000001', newKey));

      // Assess
      expect(error).toMatchObject({ name: 'KeyNotYetValidError' });
      expect(error.message).toBe(
        `access key YCAJENEWKEY000000001 is not accepted by Object Storage yet (${name})`,
      );
    },
  );

  it('turns a storage outage into TransientError', async () => {
    // Prepare
    s3Mock.on(ListBucketsCommand).rejects(sdkError('ServiceUnavailable', 'down', { httpStatusCode: 503 }));

    // Act
    const error = await rejectionOf(verifier.verify('ajeservice0000000001', newKey));

    // Assess
    expect(error).toMatchObject({ name: 'TransientError' });
    expect(error.message).not.toContain(newKey.SecretAccessKey);
  });

  it('lets any other refusal through unchanged', async () => {
    // Prepare
    const refusal = sdkError('InvalidRequest', 'bad request', { httpStatusCode: 400 });
    s3Mock.on(ListBucketsCommand).rejects(refusal);

    // Act
    const error = await rejectionOf(verifier.verify('ajeservice0000000001', newKey));

    // Assess
    expect(error).toBe(refusal);
  });
});
