/**
 * Who signed an S3 request, checked as S3 checks it: the admin key is trusted
 * (it stands for the Lambda role); a key issued by local IAM must be Active (a
 * session's, come with its token and be unexpired: signing-keys.ts),
 * the signed `x-amz-content-sha256` must match the body when it is a hash, and
 * the SigV4 signature (path signed as sent, not encoded twice) must verify.
 * Failures carry S3's codes: InvalidAccessKeyId, SignatureDoesNotMatch (403).
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { CallContext } from '../http/call-context.ts';
import { type Signers, signingKeyOf } from '../http/signing-keys.ts';
import { type ReceivedRequest, type SigV4Authorization, signatureMatches } from '../http/sigv4-verifier.ts';
import { checkS3PayloadHash } from './s3-payload-hash.ts';

export async function authenticateS3(
  request: ReceivedRequest,
  authorization: SigV4Authorization,
  signers: Signers,
): Promise<CallContext> {
  checkS3PayloadHash(request, authorization);
  const key = signingKeyOf(request, authorization.accessKeyId, signers);
  if (key === 'expired') throw new CloudApiError('ExpiredToken', 'The provided token has expired.', 400);
  if (key === 'unknown-key')
    throw new CloudApiError(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
    );
  if (key.kind === 'admin')
    return { caller: { kind: 'admin' }, accountId: key.accountId, region: authorization.region };
  if (!(await signatureMatches(request, authorization, key.secretAccessKey, { uriEscapePath: false })))
    throw new CloudApiError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
    );
  return { caller: key.caller, accountId: key.accountId, region: authorization.region };
}

/**
 * The object bytes of a PutObject: the body itself, or, when the SDK streamed
 * it `aws-chunked` (with a trailing checksum), the chunks' data joined.
 */
export function objectBytes(request: ReceivedRequest): Buffer {
  const encoding = String(request.headers['content-encoding'] ?? '');
  if (!encoding.split(',').some((part) => part.trim() === 'aws-chunked')) return request.body;
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < request.body.length) {
    const lineEnd = request.body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(
      request.body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '',
      16,
    );
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(request.body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
