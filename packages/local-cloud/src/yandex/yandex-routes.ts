/**
 * Tells Yandex calls from AWS calls on the shared endpoint, by REST path and
 * method. AWS calls never collide: they POST to `/` (Query or X-Amz-Target),
 * while Object Storage's ListBuckets is a GET of `/` without an `Action`.
 */
import type { YandexServiceName } from '../cloud-constants.ts';
import type { ReceivedRequest } from '../http/sigv4-verifier.ts';

export interface YandexRoute {
  readonly service: YandexServiceName;
  /** `Unknown` for a path under a Yandex prefix that no call matches. */
  readonly action: string;
  /** The `{accessKeyId}` or `{operationId}` path segment. */
  readonly resourceId?: string;
  readonly path: string;
}

const ACCESS_KEYS = '/iam/aws-compatibility/v1/accessKeys';
const ACCESS_KEY_ACTIONS: Readonly<Record<string, string>> = {
  GET: 'GetAccessKey',
  PATCH: 'UpdateAccessKey',
  DELETE: 'DeleteAccessKey',
};

/** The one path segment after `prefix/`, decoded; undefined if there is none or more than one. */
function segmentAfter(path: string, prefix: string): string | undefined {
  if (!path.startsWith(`${prefix}/`)) return undefined;
  const rest = path.slice(prefix.length + 1);
  if (rest === '' || rest.includes('/')) return undefined;
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}

function iamRoute(method: string, path: string): YandexRoute | undefined {
  const unknown: YandexRoute = { service: 'yandex-iam', action: 'Unknown', path };
  if (path === '/iam/v1/tokens')
    return method === 'POST' ? { ...unknown, action: 'CreateIamToken' } : unknown;
  if (path === ACCESS_KEYS) {
    const action = { GET: 'ListAccessKeys', POST: 'CreateAccessKey' }[method];
    return action ? { ...unknown, action } : unknown;
  }
  const accessKeyId = segmentAfter(path, ACCESS_KEYS);
  const action = ACCESS_KEY_ACTIONS[method];
  if (accessKeyId !== undefined && action) return { ...unknown, action, resourceId: accessKeyId };
  return path.startsWith('/iam/') ? unknown : undefined;
}

export function identifyYandexCall(request: ReceivedRequest): YandexRoute | undefined {
  const url = new URL(request.url, 'http://local');
  const path = url.pathname;
  if (path.startsWith('/operations')) {
    const operationId = segmentAfter(path, '/operations');
    return operationId !== undefined && request.method === 'GET'
      ? { service: 'yandex-operation', action: 'GetOperation', resourceId: operationId, path }
      : { service: 'yandex-operation', action: 'Unknown', path };
  }
  if (
    path === '/' &&
    request.method === 'GET' &&
    request.headers['x-amz-target'] === undefined &&
    !url.searchParams.has('Action')
  )
    return { service: 'yandex-storage', action: 'ListBuckets', path };
  return iamRoute(request.method, path);
}
