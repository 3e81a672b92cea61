/**
 * Verifies an AWS Signature Version 4 `Authorization` header by re-signing the
 * request as received (its signed headers, x-amz-date and body) with the
 * stored secret and comparing signatures. Re-signing with @smithy/signature-v4,
 * the SDK's own signer, means canonicalization matches the client exactly.
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

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const existing = query[name];
    query[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/**
 * @param options.uriEscapePath false for S3, which signs the path as sent instead of
 *   encoding it a second time; its payload hash then comes from the signed
 *   `x-amz-content-sha256` header, as the signer reads it from there.
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
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const url = new URL(request.url, 'http://local');
  const signer = new SignatureV4({
    credentials: { accessKeyId: authorization.accessKeyId, secretAccessKey },
    region: authorization.region,
    service: authorization.service,
    sha256: NodeSha256,
    uriEscapePath,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: url.hostname,
      path: uriEscapePath ? decodeURIComponent(url.pathname) : url.pathname,
      query: queryOf(url),
      headers,
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(authorization.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  return timingSafeEqual(Buffer.from(expected.padEnd(64, '0')), Buffer.from(authorization.signature));
}
