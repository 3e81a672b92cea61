/**
 * S3's payload-hash rule, shared by the S3 emulation and the Yandex storage
 * check: the hash must be sent, signed, and (when it is a hash) the body's.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReceivedRequest, SigV4Authorization } from '../src/http/sigv4-verifier.ts';
import { checkS3PayloadHash } from '../src/s3/s3-payload-hash.ts';

const BODY = Buffer.from('object bytes');
const BODY_SHA256 = createHash('sha256').update(BODY).digest('hex');

function signing(signedHeaders: string): SigV4Authorization {
  return {
    accessKeyId: 'AKIAEXAMPLE',
    region: 'us-east-1',
    service: 's3',
    signedHeaders: signedHeaders.split(';'),
    signature: '0'.repeat(64),
  };
}

function put(payloadHash?: string): ReceivedRequest {
  const headers = payloadHash === undefined ? {} : { 'x-amz-content-sha256': payloadHash };
  return { method: 'PUT', url: '/bucket/key', headers: { host: 'h', ...headers }, body: BODY };
}

describe("S3's x-amz-content-sha256 rule", () => {
  const signed = signing('host;x-amz-content-sha256;x-amz-date');

  it('accepts the body hash and UNSIGNED-PAYLOAD when the header is signed', () => {
    expect(() => checkS3PayloadHash(put(BODY_SHA256), signed)).not.toThrow();
    expect(() => checkS3PayloadHash(put('UNSIGNED-PAYLOAD'), signed)).not.toThrow();
  });

  it('refuses a missing header, an unsigned one, and a hash of other bytes, with S3 codes', () => {
    expect(() => checkS3PayloadHash(put(), signed)).toThrow(
      expect.objectContaining({ code: 'InvalidRequest' }),
    );
    expect(() => checkS3PayloadHash(put(BODY_SHA256), signing('host;x-amz-date'))).toThrow(
      expect.objectContaining({ code: 'AccessDenied', status: 403 }),
    );
    expect(() => checkS3PayloadHash(put('0'.repeat(64)), signed)).toThrow(
      expect.objectContaining({ code: 'XAmzContentSHA256Mismatch' }),
    );
  });
});
