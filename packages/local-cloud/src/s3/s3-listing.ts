/**
 * ListObjectsV2 over one bucket's keys, as S3 lists them: in UTF-8 key order,
 * under `prefix`, after `start-after` or the continuation token; with a
 * `delimiter`, the keys that share the part up to it roll up into one
 * CommonPrefix, and keys and prefixes together count toward `max-keys`.
 */
import type { StoredS3Object } from './s3-state.ts';

export interface ListRequest {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly startAfter?: string;
  readonly continuationToken?: string;
  readonly maxKeys?: number;
}

export interface ListPage {
  readonly objects: readonly StoredS3Object[];
  readonly commonPrefixes: readonly string[];
  readonly nextContinuationToken?: string;
}

export const encodeToken = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const decodeToken = (token: string) => Buffer.from(token, 'base64url').toString('utf8');

/** The common prefix `key` rolls up into, or undefined when it lists as itself. */
function rollUp(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (!delimiter) return undefined;
  const end = key.indexOf(delimiter, prefix.length);
  return end < 0 ? undefined : key.slice(0, end + delimiter.length);
}

export function listKeys(objects: Readonly<Record<string, StoredS3Object>>, request: ListRequest): ListPage {
  const prefix = request.prefix ?? '';
  const after =
    request.continuationToken === undefined ? request.startAfter : decodeToken(request.continuationToken);
  const maxKeys = request.maxKeys ?? 1000;
  /** Entry (a key or a common prefix) → the object, or undefined for a common prefix. */
  const entries = new Map<string, StoredS3Object | undefined>();
  for (const [key, object] of Object.entries(objects)) {
    if (!key.startsWith(prefix)) continue;
    const common = rollUp(key, prefix, request.delimiter);
    entries.set(common ?? key, common === undefined ? object : undefined);
  }
  const names = [...entries.keys()].filter((entry) => after === undefined || entry > after).sort();
  const page = names.slice(0, maxKeys);
  const last = page[page.length - 1];
  return {
    objects: page.flatMap((entry) => entries.get(entry) ?? []),
    commonPrefixes: page.filter((entry) => entries.get(entry) === undefined),
    ...(names.length > page.length && last !== undefined && { nextContinuationToken: encodeToken(last) }),
  };
}
