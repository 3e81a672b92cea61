/**
 * Verifies an AWS Signature Version 4 `Authorization` header as AWS does: by
 * re-signing the request as received with the stored secret over exactly the
 * headers its `SignedHeaders` lists (no more, whoever the client is), the
 * path and query as sent, and the payload hash the client signed: the
 * `x-amz-content-sha256` value when that header is signed (S3's
 * `UNSIGNED-PAYLOAD` included), else the SHA-256 of the body. Re-signing with
 * @smithy/signature-v4 means header trimming, space folding and query
 * sorting and encoding are the SDK's own.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.ts';

export interface SigV4Authorization {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query as received, e.g. `/` or `/?Action=…`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** Each header's values one by one, as node:http's `headersDistinct` gives them. */
  readonly headersDistinct?: Readonly<Record<string, readonly string[] | undefined>>;
  readonly body: Buffer;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** @returns undefined when there is no header; 'malformed' when it is not a SigV4 header. */
export function parseAuthorization(header: string | undefined): SigV4Authorization | 'malformed' | undefined {
  if (header === undefined) return undefined;
  const match = AUTHORIZATION.exec(header.trim());
  if (!match) return 'malformed';
  const [, accessKeyId = '', , region = '', service = '', signedHeaders = '', signature = ''] = match;
  return { accessKeyId, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

function parseAmzDate(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/**
 * The query as sent, each name and value decoded once (a `+` stays a `+`, as
 * RFC 3986 has it and curl and botocore send it), for the signer to encode again.
 * @returns undefined when an escape is malformed, which no signer produces.
 */
function queryOf(rawQuery: string): Record<string, string | string[]> | undefined {
  const query: Record<string, string | string[]> = {};
  try {
    for (const pair of rawQuery.split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      const name = decodeURIComponent(equals < 0 ? pair : pair.slice(0, equals));
      const value = equals < 0 ? '' : decodeURIComponent(pair.slice(equals + 1));
      const existing = query[name];
      query[name] =
        existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
  } catch {
    return undefined;
  }
  return query;
}

/** A header sent more than once is signed as its values joined by commas, each trimmed (node:http joins with ", "). */
function signedHeaderValue(request: ReceivedRequest, name: string): string | undefined {
  const distinct = request.headersDistinct?.[name];
  if (distinct) return distinct.map((value) => value.trim()).join(',');
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * @param options.uriEscapePath false for S3, which signs the path as sent instead of
 *   encoding it a second time.
 */
export async function signatureMatches(
  request: ReceivedRequest,
  authorization: SigV4Authorization,
  secretAccessKey: string,
  options: { readonly uriEscapePath?: boolean } = {},
): Promise<boolean> {
  const uriEscapePath = options.uriEscapePath ?? true;
  const signingDate = parseAmzDate(String(request.headers['x-amz-date'] ?? ''));
  if (!signingDate) return false;
  const headers: Record<string, string> = {};
  for (const name of authorization.signedHeaders) {
    const value = signedHeaderValue(request, name);
    if (value === undefined) return false;
    headers[name] = value;
  }
  const queryStart = request.url.indexOf('?');
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const query = queryOf(queryStart < 0 ? '' : request.url.slice(queryStart + 1));
  if (!query) return false;
  const signer = new SignatureV4({
    credentials: { accessKeyId: authorization.accessKeyId, secretAccessKey },
    region: authorization.region,
    service: authorization.service,
    sha256: NodeSha256,
    uriEscapePath,
    // The client chose what to sign; adding x-amz-content-sha256 would sign a header it never did.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: String(request.headers.host ?? 'local'),
      path,
      query,
      headers,
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(authorization.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  return timingSafeEqual(Buffer.from(expected.padEnd(64, '0')), Buffer.from(authorization.signature));
}
