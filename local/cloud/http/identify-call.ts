/**
 * Tells which service and action a request is for, the way AWS front ends do:
 * JSON protocols by `X-Amz-Target`; the Query protocol (IAM, STS and SNS
 * share its shape) by the service in the SigV4 credential scope.
 */
import type { AwsServiceName } from '../cloud-constants.ts';
import type { SigV4Authorization } from './sigv4-verifier.ts';

export type IdentifiedCall =
  | { readonly protocol: 'json'; readonly service: AwsServiceName; readonly action: string }
  | {
      readonly protocol: 'query';
      readonly service: AwsServiceName;
      readonly action: string;
      readonly params: Readonly<Record<string, string>>;
    };

const JSON_TARGET_PREFIXES: Readonly<Record<string, AwsServiceName>> = {
  secretsmanager: 'secretsmanager',
  DynamoDB_20120810: 'dynamodb',
  AWSEvents: 'events',
};

const QUERY_SERVICES = ['iam', 'sts', 'sns'] as const;

function isQueryService(service: string): service is (typeof QUERY_SERVICES)[number] {
  return (QUERY_SERVICES as readonly string[]).includes(service);
}

const STS_ACTIONS = new Set(['GetCallerIdentity', 'GetSessionToken', 'AssumeRole', 'GetAccessKeyInfo']);

export function identifyCall(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  url: string,
  body: Buffer,
  authorization: SigV4Authorization | 'malformed' | undefined,
): IdentifiedCall | undefined {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    const dot = target.indexOf('.');
    const service = JSON_TARGET_PREFIXES[target.slice(0, dot)];
    return service && dot > 0 ? { protocol: 'json', service, action: target.slice(dot + 1) } : undefined;
  }
  const params: Record<string, string> = {};
  for (const [name, value] of new URL(url, 'http://local').searchParams) params[name] = value;
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params[name] = value;
  const action = params.Action;
  if (action === undefined) return undefined;
  const scoped = typeof authorization === 'object' ? authorization.service : undefined;
  const service = scoped ?? (STS_ACTIONS.has(action) ? 'sts' : 'iam');
  return isQueryService(service) ? { protocol: 'query', service, action, params } : undefined;
}

/** The S3 REST calls the local cloud serves (path-style: `/<bucket>[/<key>]`). */
export type S3Action =
  | 'CreateBucket'
  | 'HeadBucket'
  | 'PutObject'
  | 'GetObject'
  | 'ListObjectsV2'
  | 'Unknown';

export interface S3Call {
  readonly service: 's3';
  readonly action: S3Action;
  readonly bucket: string;
  /** Decoded object key; undefined for a bucket-level call. */
  readonly key?: string;
  readonly query: URLSearchParams;
}

/** Yandex Object Storage signs for `s3` too, but in its own region: those requests stay Yandex's. */
const YANDEX_STORAGE_REGION = 'ru-central1';

const S3_ACTIONS: Readonly<Record<string, S3Action>> = {
  'PUT bucket': 'CreateBucket',
  'HEAD bucket': 'HeadBucket',
  'GET bucket': 'ListObjectsV2',
  'PUT object': 'PutObject',
  'GET object': 'GetObject',
};

/**
 * An S3 request: SigV4-scoped to service `s3` in any region but Yandex's, on a
 * path naming a bucket. `GET /` (ListBuckets) is left to the Yandex storage
 * check, which is the only caller of it.
 */
export function identifyS3Call(
  method: string,
  url: string,
  authorization: SigV4Authorization | 'malformed' | undefined,
): S3Call | undefined {
  if (typeof authorization !== 'object' || authorization.service !== 's3') return undefined;
  if (authorization.region === YANDEX_STORAGE_REGION) return undefined;
  const parsed = new URL(url, 'http://local');
  const [, bucket = '', ...rest] = parsed.pathname.split('/');
  if (bucket === '') return undefined;
  const rawKey = rest.join('/');
  const key = rawKey === '' ? undefined : decodeURIComponent(rawKey);
  let action = S3_ACTIONS[`${method} ${key === undefined ? 'bucket' : 'object'}`] ?? 'Unknown';
  if (action === 'ListObjectsV2' && parsed.searchParams.get('list-type') !== '2') action = 'Unknown';
  return { service: 's3', action, bucket: decodeURIComponent(bucket), key, query: parsed.searchParams };
}
