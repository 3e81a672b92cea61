/**
 * The Object Storage verifier against the loopback fake, with no SDK mock:
 * proves the ListBuckets goes to the storage endpoint as `GET /`, SigV4-signed
 * with the new key for region ru-central1 and service s3, and that Storage's
 * XML error codes are read as the tests with mocks assume.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { s3KeyVerifier } from '../../../lambdas/adapters/yandex/s3-key-verifier.ts';
import type { StoredCredential } from '../../../lambdas/rotation/ports.ts';
import { FakeYandexApi, type Reply } from './fake-yandex-api.ts';
import { rejectionOf } from './yandex-test-stack.ts';

const newKey: StoredCredential = {
  Version: 1,
  AccessKeyId: 'YCAJENEWKEY000000001',
  SecretAccessKey: 'YCnew-static-secret-value',
};

function storageError(httpStatus: number, code: string): Reply {
  return {
    status: httpStatus,
    contentType: 'application/xml',
    raw: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message><RequestId>r1</RequestId></Error>`,
  };
}

describe('Object Storage key verifier on the wire', () => {
  let api: FakeYandexApi;
  beforeEach(async () => {
    api = await FakeYandexApi.start();
  });
  afterEach(() => api.close());

  it('sends a SigV4-signed GET / for ru-central1 and s3, with the new key', async () => {
    // Prepare
    api.failNext((call) => call.path === '/', storageError(403, 'AccessDenied'));

    // Act
    await s3KeyVerifier(api.url).verify('ajeservice0000000001', newKey);

    // Assess
    const [call] = api.calls;
    expect(call?.method).toBe('GET');
    expect(call?.path).toBe('/');
    expect(call?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=YCAJENEWKEY000000001\/\d{8}\/ru-central1\/s3\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.stringify(call?.headers)).not.toContain(newKey.SecretAccessKey);
  });

  it('reads InvalidAccessKeyId from the XML error as KeyNotYetValidError', async () => {
    // Prepare
    api.failNext((call) => call.path === '/', storageError(403, 'InvalidAccessKeyId'));

    // Act
    const error = await rejectionOf(s3KeyVerifier(api.url).verify('ajeservice0000000001', newKey));

    // Assess
    expect(error).toMatchObject({ name: 'KeyNotYetValidError' });
  });
});
