/**
 * The HTTP request and response of a Lambda Function URL (the API Gateway v2
 * payload), reduced to what the endpoint reads and writes. The service has
 * already checked the caller's SigV4 signature (AWS_IAM auth) before the
 * handler runs, so nothing here authenticates.
 */

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  /** The body as text, base64 already decoded; undefined when there was none. */
  readonly body: string | undefined;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

type Fields = Record<string, unknown>;

function record(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A malformed event yields an empty method and path, which the routing answers 404. */
export function parseHttpRequest(event: unknown): HttpRequest {
  const fields = record(event);
  const http = record(record(fields.requestContext).http);
  const raw = typeof fields.body === 'string' ? fields.body : undefined;
  // Function URLs base64-encode bodies whose content type is not text.
  const body =
    raw !== undefined && fields.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return { method: text(http.method).toUpperCase(), path: text(fields.rawPath), body };
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** `{"success":true,"data":…}`, the endpoint's contract (shared/seeds). */
export function successResponse(statusCode: number, data: Readonly<Record<string, unknown>>): HttpResponse {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify({ success: true, data }) };
}

/** `{"success":false,"error":{"code","message"}}` */
export function errorResponse(
  statusCode: number,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify({ success: false, error: { code, message } }),
  };
}
