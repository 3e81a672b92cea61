/**
 * One Yandex call, end to end: route it, check the bearer token (all but the
 * token exchange itself), apply injected faults (see faults.ts), run it, render the answer
 * (google.rpc.Status JSON for IAM and operations, S3 XML for storage) and log
 * it in `cloud.requests` without any token, JWT or secret.
 */
import { randomUUID } from 'node:crypto';
import { CloudApiError } from '../cloud-api-error.ts';
import { type FaultInjector, type FaultKind, serveUnderFault } from '../faults.ts';
import type { RecordedRequest } from '../http/cloud-router.ts';
import { parseAuthorization, type ReceivedRequest } from '../http/sigv4-verifier.ts';
import type { WireResponse } from '../http/wire-response.ts';
import * as accessKeys from './access-key-handlers.ts';
import {
  GRPC,
  grpcCodeOf,
  notFound,
  unauthenticated,
  yandexError,
  yandexErrorResponse,
  yandexJson,
} from './grpc-status.ts';
import { exchangeJwt } from './iam-token-exchange.ts';
import { listBuckets, s3Error } from './storage-check.ts';
import { parseBody } from './yandex-input.ts';
import { identifyYandexCall, type YandexRoute } from './yandex-routes.ts';
import type { YandexStore } from './yandex-store.ts';

export interface YandexRouterDependencies {
  readonly store: YandexStore;
  readonly faults: FaultInjector;
  readonly record: (request: RecordedRequest) => void;
}

type Handler = (store: YandexStore, request: accessKeys.AccessKeyRequest) => unknown;

const HANDLERS: Readonly<Record<string, Handler>> = {
  ListAccessKeys: accessKeys.listAccessKeys,
  GetAccessKey: accessKeys.getAccessKey,
  CreateAccessKey: accessKeys.createAccessKey,
  UpdateAccessKey: accessKeys.updateAccessKey,
  DeleteAccessKey: accessKeys.deleteAccessKey,
  GetOperation: accessKeys.getOperation,
};
const MUTATING = new Set(['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey']);
/** Calls that answer with an Operation, which an armed `yandex-operation` fault makes fail. */
const OPERATION_ACTIONS = new Set(['UpdateAccessKey', 'DeleteAccessKey']);

function bearerOwner(request: ReceivedRequest, store: YandexStore): string {
  const match = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? '').trim());
  if (!match?.[1]) throw unauthenticated('Authentication required: send Authorization: Bearer <IAM token>');
  const owner = store.tokens.ownerOf(match[1]);
  if (!owner) throw unauthenticated('The IAM token is invalid or has expired');
  return owner;
}

type Served = { response: WireResponse; fault?: FaultKind };

/** Serves under the fault armed for the call; the fault is consumed only once this is reached. */
async function underFault(
  deps: YandexRouterDependencies,
  route: YandexRoute,
  serve: () => Promise<WireResponse>,
  renderError: (error: CloudApiError) => WireResponse,
): Promise<Served> {
  const fault = deps.faults.take(route.service, route.action);
  const response = await serveUnderFault(fault, serve, renderError);
  return { response, ...(fault && { fault: fault.kind }) };
}

/** Checks the route and the bearer token (not for the token exchange), then returns the call to make. */
function prepareRestCall(route: YandexRoute, request: ReceivedRequest, deps: YandexRouterDependencies) {
  if (route.action === 'CreateIamToken')
    return () => exchangeJwt(parseBody(request.body, ['jwt']), deps.store);
  const handler = HANDLERS[route.action];
  if (!handler) throw notFound(`No such method: ${request.method} ${route.path}`);
  const caller = bearerOwner(request, deps.store);
  // Consumed only once the operation is accepted, so a refused call leaves the fault armed.
  const operationFault = () => {
    const fault = OPERATION_ACTIONS.has(route.action)
      ? deps.faults.take('yandex-operation', route.action)
      : undefined;
    return fault?.kind === 'error'
      ? { code: grpcCodeOf(fault.error.code), message: fault.error.message }
      : undefined;
  };
  return () =>
    handler(deps.store, {
      query: new URL(request.url, 'http://local').searchParams,
      resourceId: route.resourceId,
      body: request.body,
      caller,
      operationFault,
    });
}

async function respond(
  route: YandexRoute,
  request: ReceivedRequest,
  deps: YandexRouterDependencies,
  requestId: string,
): Promise<Served> {
  if (route.service === 'yandex-storage') {
    const renderError = (thrown: unknown) =>
      s3Error(
        thrown instanceof CloudApiError ? thrown : new CloudApiError('InternalError', String(thrown), 500),
        requestId,
      );
    return underFault(
      deps,
      route,
      () => listBuckets(request, deps.store, requestId).catch(renderError),
      renderError,
    );
  }
  const renderError = (thrown: unknown) =>
    yandexErrorResponse(
      thrown instanceof CloudApiError
        ? thrown
        : yandexError(GRPC.INTERNAL, `Local cloud failure: ${String(thrown)}`),
      requestId,
    );
  let call: () => unknown;
  try {
    call = prepareRestCall(route, request, deps);
  } catch (thrown) {
    return { response: renderError(thrown) };
  }
  const serve = async () => {
    try {
      return yandexJson(200, call(), requestId);
    } catch (thrown) {
      return renderError(thrown);
    }
  };
  return underFault(deps, route, serve, renderError);
}

/** The parsed JSON body, for the log; undefined when there is none or it is not JSON. */
function loggedBody(body: Buffer): unknown {
  try {
    return body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** @returns undefined when the request is not a Yandex call (the AWS router takes it). */
export async function routeYandexRequest(
  request: ReceivedRequest,
  deps: YandexRouterDependencies,
): Promise<WireResponse | undefined> {
  const route = identifyYandexCall(request);
  if (!route) return undefined;
  const { response, fault } = await respond(route, request, deps, randomUUID());
  const mutating = MUTATING.has(route.action);
  const signing =
    route.service === 'yandex-storage' ? parseAuthorization(request.headers.authorization) : undefined;
  const body = mutating ? loggedBody(request.body) : undefined;
  deps.record({
    service: route.service,
    action: route.action,
    mutating,
    ...(typeof signing === 'object' ? { accessKeyId: signing.accessKeyId } : {}),
    status: response.status,
    at: new Date().toISOString(),
    http: { method: request.method, path: route.path, ...(body === undefined ? {} : { body }) },
    ...(fault && { fault }),
  });
  return response;
}
