/**
 * Typed errors for Yandex Cloud API failures, built from the
 * `google.rpc.Status` body (`{code, message, details}`) the API answers with.
 *
 * The error's own message names the operation, the gRPC code and the HTTP
 * status only: a Step Functions error cause stays in the execution history
 * for 90 days, and a body may echo what was sent. The server's text is kept
 * apart in `serverMessage`, and dropped entirely where the request carried a
 * credential (the token exchange).
 */

export const GRPC_CODE_NAMES: Readonly<Record<number, string>> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

export type YandexErrorKind =
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'FAILED_PRECONDITION'
  | 'UNAUTHENTICATED'
  | 'OTHER';

const KINDS: Readonly<Record<number, YandexErrorKind>> = {
  3: 'INVALID_ARGUMENT',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  9: 'FAILED_PRECONDITION',
  16: 'UNAUTHENTICATED',
};

/** The gRPC code each HTTP status stands for, for bodies that are not a Status (a proxy's HTML page). */
const CODE_BY_HTTP_STATUS: Readonly<Record<number, number>> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 6,
  429: 8,
  500: 13,
  503: 14,
};

export function grpcCodeName(code: number): string {
  return GRPC_CODE_NAMES[code] ?? `code ${code}`;
}

export class YandexApiError extends Error {
  override readonly name = 'YandexApiError';
  readonly grpcCode: number;
  readonly httpStatus: number;
  readonly kind: YandexErrorKind;
  readonly serverMessage: string | undefined;
  constructor(operation: string, grpcCode: number, httpStatus: number, serverMessage?: string) {
    super(`${operation} failed with ${grpcCodeName(grpcCode)} (HTTP ${httpStatus})`);
    this.grpcCode = grpcCode;
    this.httpStatus = httpStatus;
    this.kind = KINDS[grpcCode] ?? 'OTHER';
    this.serverMessage = serverMessage;
  }
}

/** A long-running operation that finished with `error` set. */
export class YandexOperationError extends Error {
  override readonly name = 'YandexOperationError';
  readonly operationId: string;
  readonly code: number;
  readonly kind: YandexErrorKind;
  constructor(subject: string, operationId: string, code: number, serverMessage: string) {
    // Operation errors describe the resource the operation acted on; our
    // requests that start operations carry ids and descriptions, never secrets.
    super(`${subject}: operation ${operationId} failed with ${grpcCodeName(code)}: ${serverMessage}`);
    this.operationId = operationId;
    this.code = code;
    this.kind = KINDS[code] ?? 'OTHER';
  }
}

export function isYandexError(error: unknown, kind: YandexErrorKind): boolean {
  return (error instanceof YandexApiError || error instanceof YandexOperationError) && error.kind === kind;
}

interface StatusBody {
  readonly code?: unknown;
  readonly message?: unknown;
}

/** JSON.parse quotes its input in its own message, so a failure here is swallowed, never rethrown. */
function parseStatus(text: string): StatusBody {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as StatusBody) : {};
  } catch {
    return {};
  }
}

export interface ErrorBodyOptions {
  /** False where the request body carried a credential that the server might echo back. */
  readonly keepServerMessage: boolean;
  /** Credentials the request carried (the Bearer token), cut out of a kept server message. */
  readonly redact?: readonly string[];
}

function redacted(message: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => (secret ? text.split(secret).join('[redacted]') : text), message);
}

/** Builds the typed error for a non-2xx answer from its status and raw body. */
export function yandexApiError(
  operation: string,
  httpStatus: number,
  bodyText: string,
  options: ErrorBodyOptions,
): YandexApiError {
  const status = parseStatus(bodyText);
  const code =
    typeof status.code === 'number' && Number.isInteger(status.code) && status.code > 0
      ? status.code
      : (CODE_BY_HTTP_STATUS[httpStatus] ?? 2);
  const message =
    options.keepServerMessage && typeof status.message === 'string'
      ? redacted(status.message, options.redact ?? []).slice(0, 500)
      : undefined;
  return new YandexApiError(operation, code, httpStatus, message);
}
