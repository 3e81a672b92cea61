/**
 * Tells which S3 REST operation a request is: SigV4-scoped to service `s3` in
 * any region but Yandex's (whose storage check keeps `ru-central1`), addressed
 * path-style (`/`, `/<bucket>`, `/<bucket>/<key>`). A request outside the
 * served set still gets its operation's name (from the SDK's `x-id`, or from
 * method, level and sub-resource), so the answer can say what is not emulated.
 */
import type { SigV4Authorization } from '../http/sigv4-verifier.ts';
import { YANDEX_STORAGE_REGION } from '../yandex/yandex-constants.ts';

export type S3Action =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'HeadBucket'
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'ListObjectsV2'
  | 'Unknown';

export interface S3Call {
  readonly service: 's3';
  readonly action: S3Action;
  /** The S3 operation's name: the action, or for `Unknown` the operation it would be. */
  readonly operation: string;
  /** Empty for ListBuckets. */
  readonly bucket: string;
  /** Decoded object key; undefined for a bucket-level call. */
  readonly key?: string;
  readonly query: URLSearchParams;
}

const S3_ACTIONS: Readonly<Record<string, S3Action>> = {
  'GET service': 'ListBuckets',
  'PUT bucket': 'CreateBucket',
  'HEAD bucket': 'HeadBucket',
  'GET bucket': 'ListObjectsV2',
  'PUT object': 'PutObject',
  'GET object': 'GetObject',
  'HEAD object': 'HeadObject',
};

/** Query parameters that select a listing's page, not a sub-resource. */
const LIST_PARAMETERS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'marker',
  'x-id',
]);

const VERBS: Readonly<Record<string, string>> = {
  GET: 'Get',
  PUT: 'Put',
  DELETE: 'Delete',
  HEAD: 'Head',
  POST: 'Post',
};

function operationName(method: string, level: string, query: URLSearchParams, headers: Headers): string {
  const named = query.get('x-id');
  if (named) return named;
  const subresource = [...query.keys()].find((name) => !LIST_PARAMETERS.has(name));
  if (level === 'bucket' && method === 'GET' && subresource === undefined) return 'ListObjects';
  if (level === 'bucket' && method === 'POST' && subresource === 'delete') return 'DeleteObjects';
  if (level === 'object' && method === 'PUT' && headers['x-amz-copy-source'] !== undefined)
    return 'CopyObject';
  const noun = level === 'service' ? 'Service' : level === 'bucket' ? 'Bucket' : 'Object';
  const sub = subresource === undefined ? '' : subresource.charAt(0).toUpperCase() + subresource.slice(1);
  return `${VERBS[method] ?? method}${noun}${sub}`;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** @returns undefined when the request is not for S3. */
export function identifyS3Call(
  request: { readonly method: string; readonly url: string; readonly headers: Headers },
  authorization: SigV4Authorization | 'malformed' | undefined,
): S3Call | undefined {
  if (typeof authorization !== 'object' || authorization.service !== 's3') return undefined;
  if (authorization.region === YANDEX_STORAGE_REGION) return undefined;
  const parsed = new URL(request.url, 'http://local');
  const [, bucket = '', ...rest] = parsed.pathname.split('/');
  const rawKey = rest.join('/');
  const key = rawKey === '' ? undefined : decodeURIComponent(rawKey);
  const level = bucket === '' ? 'service' : key === undefined ? 'bucket' : 'object';
  const subresource = [...parsed.searchParams.keys()].some((name) => !LIST_PARAMETERS.has(name));
  let action = (!subresource && S3_ACTIONS[`${request.method} ${level}`]) || 'Unknown';
  if (action === 'ListObjectsV2' && parsed.searchParams.get('list-type') !== '2') action = 'Unknown';
  if (action === 'PutObject' && request.headers['x-amz-copy-source'] !== undefined) action = 'Unknown';
  const operation =
    action === 'Unknown'
      ? operationName(request.method, level, parsed.searchParams, request.headers)
      : action;
  return {
    service: 's3',
    action,
    operation,
    bucket: decodeURIComponent(bucket),
    key,
    query: parsed.searchParams,
  };
}
