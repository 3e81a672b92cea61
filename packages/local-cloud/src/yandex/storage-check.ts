/**
 * Object Storage `GET /` (ListBuckets), the request the rotator signs with a
 * new static key to prove it works. It authenticates the SigV4 signature
 * against the static key's secret exactly as S3 does and answers in S3's XML,
 * with S3's error codes, so the real S3 client raises the same exceptions.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import { parseAuthorization, type ReceivedRequest, signatureMatches } from '../http/sigv4-verifier.ts';
import type { WireResponse } from '../http/wire-response.ts';
import { escapeXml } from '../http/xml-writer.ts';
import { checkS3PayloadHash } from '../s3/s3-payload-hash.ts';
import { YANDEX_STORAGE_REGION } from './yandex-constants.ts';
import type { YandexAccessKey, YandexStore } from './yandex-store.ts';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

function malformed(message: string): CloudApiError {
  return new CloudApiError('AuthorizationHeaderMalformed', message, 400);
}

/** @returns the static key that signed the request. @throws CloudApiError with an S3 error code. */
async function authenticate(request: ReceivedRequest, store: YandexStore): Promise<YandexAccessKey> {
  const authorization = parseAuthorization(request.headers.authorization);
  if (authorization === undefined) throw new CloudApiError('AccessDenied', 'Access Denied', 403);
  if (authorization === 'malformed') throw malformed('The authorization header is malformed.');
  if (authorization.region !== YANDEX_STORAGE_REGION)
    throw malformed(
      `The authorization header is malformed; the region '${authorization.region}' is wrong; expecting '${YANDEX_STORAGE_REGION}'`,
    );
  const key = store.findAccessKeyByKeyId(authorization.accessKeyId);
  if (!key)
    throw new CloudApiError(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
    );
  checkS3PayloadHash(request, authorization);
  if (!(await signatureMatches(request, authorization, key.secret, { uriEscapePath: false })))
    throw new CloudApiError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
    );
  return key;
}

export async function listBuckets(
  request: ReceivedRequest,
  store: YandexStore,
  requestId: string,
): Promise<WireResponse> {
  const key = await authenticate(request, store);
  store.recordKeyUse(key.keyId);
  const owner = escapeXml(key.serviceAccountId);
  const body =
    `${XML_DECLARATION}<ListAllMyBucketsResult xmlns="${S3_NAMESPACE}">` +
    `<Owner><ID>${owner}</ID><DisplayName>${owner}</DisplayName></Owner><Buckets></Buckets>` +
    '</ListAllMyBucketsResult>';
  return { status: 200, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body };
}

export function s3Error(error: CloudApiError, requestId: string): WireResponse {
  const body =
    `${XML_DECLARATION}<Error><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message><Resource>/</Resource>` +
    `<RequestId>${requestId}</RequestId></Error>`;
  return {
    status: error.status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    body,
  };
}
