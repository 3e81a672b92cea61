/**
 * One S3 REST call, end to end, beside the Query/JSON router and the Yandex
 * one: claim the request (identifyS3Call: SigV4 scoped to `s3` outside
 * Yandex's region, path-style), authenticate it, apply injected faults (see
 * faults.ts), run it, answer in S3's XML, record last use of an IAM key and
 * log the call in `cloud.requests`. Anything it does not claim goes on to the
 * other routers.
 */
import { randomUUID } from 'node:crypto';
import { CloudApiError } from '../cloud-api-error.ts';
import { type FaultInjector, type FaultKind, serveUnderFault } from '../faults.ts';
import { MUTATING, type RecordedRequest } from '../http/cloud-router.ts';
import { recordKeyUse, type Signers } from '../http/signing-keys.ts';
import { parseAuthorization, type ReceivedRequest } from '../http/sigv4-verifier.ts';
import type { WireResponse } from '../http/wire-response.ts';
import { notEmulatedMessage } from '../served-services.ts';
import { authenticateS3, objectBytes } from './s3-authenticate.ts';
import { identifyS3Call, type S3Call } from './s3-call.ts';
import type { StoredS3Object } from './s3-state.ts';
import type { S3Store } from './s3-store.ts';
import { listBucketsXml, listObjectsV2Xml, s3ErrorResponse, s3Response } from './s3-xml.ts';

export interface S3RouterDependencies {
  /** The cloud's account: ListBuckets names it as the owner. */
  readonly accountId: string;
  readonly store: S3Store;
  /** Who may sign; S3 itself is the home account's, whoever signs. */
  readonly signers: Signers;
  readonly faults: FaultInjector;
  readonly record: (request: RecordedRequest) => void;
}

function objectHeaders(object: StoredS3Object, requestId: string): Record<string, string> {
  return {
    'x-amz-request-id': requestId,
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
}

function listObjectsV2(call: S3Call, store: S3Store, requestId: string): WireResponse {
  const request = {
    prefix: call.query.get('prefix') ?? '',
    delimiter: call.query.get('delimiter') || undefined,
    startAfter: call.query.get('start-after') ?? undefined,
    continuationToken: call.query.get('continuation-token') ?? undefined,
    maxKeys: Math.min(Number(call.query.get('max-keys') ?? 1000) || 1000, 1000),
  };
  const page = store.listObjects(call.bucket, request);
  return s3Response(requestId, 200, listObjectsV2Xml(call.bucket, request, page));
}

function act(
  call: S3Call,
  request: ReceivedRequest,
  deps: S3RouterDependencies,
  requestId: string,
): WireResponse {
  const { store } = deps;
  const key = call.key ?? '';
  switch (call.action) {
    case 'ListBuckets':
      return s3Response(requestId, 200, listBucketsXml(deps.accountId, store.listBuckets()));
    case 'CreateBucket':
      store.createBucket(call.bucket);
      return s3Response(requestId, 200, '', { location: `/${call.bucket}` });
    case 'HeadBucket':
      if (!store.findBucket(call.bucket)) throw new CloudApiError('NotFound', 'Not Found', 404);
      return s3Response(requestId);
    case 'PutObject': {
      const contentType = String(request.headers['content-type'] ?? 'binary/octet-stream');
      const etag = store.putObject(call.bucket, key, objectBytes(request), contentType);
      return s3Response(requestId, 200, '', { etag });
    }
    case 'GetObject': {
      const object = store.getObject(call.bucket, key);
      const body = Buffer.from(object.body, 'base64').toString('utf8');
      return { status: 200, headers: objectHeaders(object, requestId), body };
    }
    case 'HeadObject': {
      // The headers GetObject would send, the length included, and no body.
      const object = store.getObject(call.bucket, key);
      const headers = { ...objectHeaders(object, requestId), 'content-length': String(object.size) };
      return { status: 200, headers, body: '' };
    }
    case 'ListObjectsV2':
      return listObjectsV2(call, store, requestId);
    case 'Unknown':
      throw new CloudApiError('NotImplemented', notEmulatedMessage('s3', call.operation), 501);
  }
}

/** @returns undefined when the request is not an S3 call. */
export async function routeS3Request(
  request: ReceivedRequest,
  deps: S3RouterDependencies,
): Promise<WireResponse | undefined> {
  const authorization = parseAuthorization(request.headers.authorization);
  const call = identifyS3Call(request, authorization);
  if (!call || typeof authorization !== 'object') return undefined;
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  const renderError = (error: unknown) => s3ErrorResponse(asCloudError(error), requestId, request.method);
  let outcome: { response: WireResponse; fault?: FaultKind; account?: string };
  try {
    const context = await authenticateS3(request, authorization, deps.signers);
    // Consumed only by an authenticated call, as on the other routers.
    const fault = deps.faults.take('s3', call.operation, context.accountId);
    const serve = async () => {
      try {
        const response = act(call, request, deps, requestId);
        recordKeyUse(deps.signers, context, 's3');
        return response;
      } catch (error) {
        return renderError(error);
      }
    };
    const response = await serveUnderFault(fault, serve, renderError);
    outcome = { response, account: context.accountId, ...(fault && { fault: fault.kind }) };
  } catch (error) {
    outcome = { response: renderError(error) };
  }
  deps.record({
    service: 's3',
    action: call.operation,
    mutating: MUTATING.test(call.operation),
    accessKeyId: authorization.accessKeyId,
    ...(outcome.account !== undefined && { account: outcome.account }),
    status: outcome.response.status,
    at: new Date().toISOString(),
    ...(outcome.fault && { fault: outcome.fault }),
  });
  return outcome.response;
}

function asCloudError(error: unknown): CloudApiError {
  return error instanceof CloudApiError
    ? error
    : new CloudApiError('InternalError', `Local cloud failure: ${String(error)}`, 500);
}
