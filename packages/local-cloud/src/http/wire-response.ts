/**
 * Renders results and errors in each protocol's exact envelope, because the
 * SDK finds the result and the error code by these shapes, not by status alone.
 */
import type { CloudApiError } from '../cloud-api-error.ts';
import type { ServiceName } from '../cloud-constants.ts';
import { escapeXml, toXml } from './xml-writer.ts';

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Set by an injected `reset` or `lostResponse` fault: destroy the connection, send nothing. */
  readonly dropConnection?: boolean;
  /** Set by an injected `hang` fault: keep the connection open and send nothing. */
  readonly neverAnswer?: boolean;
}

const XML_NAMESPACES: Partial<Record<ServiceName, string>> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
};

const JSON_CONTENT_TYPES: Partial<Record<ServiceName, string>> = {
  secretsmanager: 'application/x-amz-json-1.1',
  dynamodb: 'application/x-amz-json-1.0',
  events: 'application/x-amz-json-1.1',
  organizations: 'application/x-amz-json-1.1',
};

export function isQueryService(service: ServiceName): boolean {
  return service in XML_NAMESPACES;
}

export function querySuccess(
  service: ServiceName,
  action: string,
  result: unknown,
  requestId: string,
): WireResponse {
  const metadata = `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`;
  const body = `<${action}Response xmlns="${XML_NAMESPACES[service]}">${toXml(`${action}Result`, result)}${metadata}</${action}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

export function queryError(service: ServiceName, error: CloudApiError, requestId: string): WireResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${XML_NAMESPACES[service]}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body,
  };
}

export function jsonSuccess(service: ServiceName, result: unknown, requestId: string): WireResponse {
  const contentType = JSON_CONTENT_TYPES[service] ?? 'application/json';
  const body = JSON.stringify(result ?? {});
  return { status: 200, headers: { 'content-type': contentType, 'x-amzn-requestid': requestId }, body };
}

/** DynamoDB qualifies error types with its namespace; Secrets Manager uses the bare name. */
export function jsonError(service: ServiceName, error: CloudApiError, requestId: string): WireResponse {
  const type = service === 'dynamodb' ? `com.amazonaws.dynamodb.v20120810#${error.code}` : error.code;
  const body = JSON.stringify({ __type: type, message: error.message, ...error.extra });
  const headers = {
    'content-type': JSON_CONTENT_TYPES[service] ?? 'application/json',
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': error.code,
  };
  return { status: error.status, headers, body };
}
