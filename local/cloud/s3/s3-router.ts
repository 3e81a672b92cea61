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
import { identifyS3Call, type S3Call } from '../http/identify-call.ts';
import { parseAuthorization, type ReceivedRequest } from '../http/sigv4-verifier.ts';
import type { WireResponse } from '../http/wire-response.ts';
import type { IamStore } from '../iam/iam-store.ts';
import { authenticateS3, objectBytes } from './s3-authenticate.ts';
import type { S3Store } from './s3-store.ts';
import { listObjectsV2Xml, s3ErrorResponse, s3Response } from './s3-xml.ts';

export interface S3RouterDependencies {
  readonly store: S3Store;
  readonly iam: IamStore;
  readonly faults: FaultInjector;
  readonly record: (request: RecordedRequest) => void;
}

function act(call: S3Call, request: ReceivedRequest, store: S3Store, requestId: string): WireResponse {
  const key = call.key ?? '';
  switch (call.action) {
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
      return {
        status: 200,
        headers: {
          'x-amz-request-id': requestId,
          'content-type': object.contentType,
          etag: object.etag,
          'last-modified': new Date(object.lastModified).toUTCString(),
        },
        body: Buffer.from(object.body, 'base64').toString('utf8'),
      };
    }
    case 'ListObjectsV2': {
      const prefix = call.query.get('prefix') ?? '';
      const continuationToken = call.query.get('continuation-token') ?? undefined;
      const maxKeys = Math.min(Number(call.query.get('max-keys') ?? 1000) || 1000, 1000);
      const page = store.listObjects(call.bucket, { prefix, continuationToken, maxKeys });
      return s3Response(
        requestId,
        200,
        listObjectsV2Xml(call.bucket, { prefix, maxKeys, continuationToken }, page),
      );
    }
    case 'Unknown':
      throw new CloudApiError('NotImplemented', 'The local cloud does not implement this S3 request.', 501);
  }
}

/** @returns undefined when the request is not an S3 call. */
export async function routeS3Request(
  request: ReceivedRequest,
  deps: S3RouterDependencies,
): Promise<WireResponse | undefined> {
  const authorization = parseAuthorization(request.headers.authorization);
  const call = identifyS3Call(request.method, request.url, authorization);
  if (!call || typeof authorization !== 'object') return undefined;
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  const renderError = (error: unknown) => s3ErrorResponse(asCloudError(error), requestId, request.method);
  let outcome: { response: WireResponse; fault?: FaultKind };
  try {
    const context = await authenticateS3(request, authorization, deps.iam);
    // Consumed only by an authenticated call, as on the other routers.
    const fault = deps.faults.take('s3', call.action);
    const serve = async () => {
      try {
        const response = act(call, request, deps.store, requestId);
        if (context.caller.kind === 'user')
          deps.iam.recordKeyUse(context.caller.accessKeyId, { serviceName: 's3', region: context.region });
        return response;
      } catch (error) {
        return renderError(error);
      }
    };
    const response = await serveUnderFault(fault, serve, renderError);
    outcome = { response, ...(fault && { fault: fault.kind }) };
  } catch (error) {
    outcome = { response: renderError(error) };
  }
  deps.record({
    service: 's3',
    action: call.action,
    mutating: MUTATING.test(call.action),
    accessKeyId: authorization.accessKeyId,
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
