/**
 * Yandex Cloud errors: the `google.rpc.Status` JSON shape with the HTTP status
 * its REST gateway pairs with each gRPC code. They travel as CloudApiError
 * whose `code` is the gRPC number as a string, the same form injected faults use.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { WireResponse } from '../http/wire-response.ts';

export const GRPC = {
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const HTTP_STATUS: Readonly<Record<number, number>> = {
  2: 500,
  3: 400,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  13: 500,
  14: 503,
  16: 401,
};

export function yandexError(code: number, message: string): CloudApiError {
  return new CloudApiError(String(code), message, HTTP_STATUS[code] ?? 500);
}

export function invalidArgument(message: string): CloudApiError {
  return yandexError(GRPC.INVALID_ARGUMENT, message);
}

export function notFound(message: string): CloudApiError {
  return yandexError(GRPC.NOT_FOUND, message);
}

export function unauthenticated(message: string): CloudApiError {
  return yandexError(GRPC.UNAUTHENTICATED, message);
}

/** A code that is not a gRPC number (a fault written with an AWS name) reads as UNKNOWN. */
export function grpcCodeOf(code: string): number {
  const number = Number(code);
  return Number.isInteger(number) && number > 0 ? number : GRPC.UNKNOWN;
}

export function statusBody(code: number, message: string) {
  return { code, message, details: [] as unknown[] };
}

export function yandexJson(status: number, body: unknown, requestId: string): WireResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify(body),
  };
}

export function yandexErrorResponse(error: CloudApiError, requestId: string): WireResponse {
  return yandexJson(error.status, statusBody(grpcCodeOf(error.code), error.message), requestId);
}
