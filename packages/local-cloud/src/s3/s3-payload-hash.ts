/**
 * S3's own rule for the payload hash a request signs: `x-amz-content-sha256`
 * is required, must be among the signed headers (S3 refuses an unsigned one as
 * AccessDenied, listing it in HeadersNotSigned), and when it is a hash rather
 * than `UNSIGNED-PAYLOAD` or a streaming mode, must be the body's SHA-256.
 * Shared by the S3 emulation and Yandex Object Storage, which checks as S3 does.
 */
import { createHash } from 'node:crypto';
import { CloudApiError } from '../cloud-api-error.ts';
import type { ReceivedRequest, SigV4Authorization } from '../http/sigv4-verifier.ts';

const HEX_SHA256 = /^[0-9a-f]{64}$/;
const CONTENT_SHA256 = 'x-amz-content-sha256';

/** @throws CloudApiError with S3's code when the payload hash is missing, unsigned or wrong. */
export function checkS3PayloadHash(request: ReceivedRequest, authorization: SigV4Authorization): void {
  const payloadHash = String(request.headers[CONTENT_SHA256] ?? '');
  if (payloadHash === '')
    throw new CloudApiError('InvalidRequest', `Missing required header for this request: ${CONTENT_SHA256}`);
  if (!authorization.signedHeaders.includes(CONTENT_SHA256))
    throw new CloudApiError(
      'AccessDenied',
      `There were headers present in the request which were not signed: ${CONTENT_SHA256}`,
      403,
    );
  if (HEX_SHA256.test(payloadHash) && payloadHash !== createHash('sha256').update(request.body).digest('hex'))
    throw new CloudApiError(
      'XAmzContentSHA256Mismatch',
      `The provided '${CONTENT_SHA256}' header does not match what was computed.`,
    );
}
