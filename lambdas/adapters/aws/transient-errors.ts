/**
 * Turns the SDK's "try again later" failures into one error name,
 * `TransientError`, so the state machine needs a single Retry with backoff and
 * jitter instead of a list of every service's throttle codes.
 *
 * The SDK has already retried these a few times before we see them; what
 * reaches us is a failure that outlived its own retries, and Step Functions
 * retrying the whole (idempotent) step is the next line of defence.
 *
 * The new message names the operation and the original error only: SDK
 * messages can echo request details, and a Step Functions error cause is
 * kept in the execution history for 90 days.
 */
import { secondsText } from '../../config/call-timeouts.ts';
import { RotatorError, TransientError } from '../../rotation/rotation-errors.ts';

/** Throttling codes across IAM (Query), Secrets Manager, DynamoDB and STS. */
const THROTTLING_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'PriorRequestNotComplete',
  'SlowDown',
]);

/** Server-side or timeout failures that sometimes arrive without a 5xx status. */
const SERVER_FAILURE_NAMES = new Set([
  'ServiceFailure',
  'ServiceFailureException',
  'InternalFailure',
  'InternalServiceError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** The same set the SDK's own retry strategy treats as a dropped connection. */
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

function httpStatusOf(error: SdkErrorShape): number | undefined {
  const status = error.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || error instanceof RotatorError) return false;
  const shape = error as SdkErrorShape;
  const status = httpStatusOf(shape);
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (shape.$retryable) return true;
  if (
    typeof shape.name === 'string' &&
    (THROTTLING_NAMES.has(shape.name) || SERVER_FAILURE_NAMES.has(shape.name))
  )
    return true;
  if (typeof shape.code === 'string' && NETWORK_ERROR_CODES.has(shape.code)) return true;
  return typeof shape.message === 'string' && shape.message.includes('socket hang up');
}

/** The name an SDK error is known by: its modeled name, else its network code. */
export function errorNameOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const shape = error as SdkErrorShape;
  if (typeof shape.code === 'string' && NETWORK_ERROR_CODES.has(shape.code)) return shape.code;
  return typeof shape.name === 'string' ? shape.name : 'Error';
}

/**
 * The SDK's Node handler names its own timeouts `TimeoutError` and puts the
 * bound in the message; only that number is read from it.
 * @returns "did not answer within 5 s" for a call that hung, else undefined.
 */
export function timeoutOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, message } = error as SdkErrorShape;
  if (name !== 'TimeoutError' || typeof message !== 'string') return undefined;
  const bound = /(\d+) ms/.exec(message)?.[1];
  const within = bound === undefined ? 'in time' : `within ${secondsText(Number(bound))}`;
  return message.includes('establish a connection')
    ? `could not connect ${within}`
    : `did not answer ${within}`;
}

/** "did not answer within 5 s", or "failed with ThrottlingException (HTTP 400)". */
export function failureOf(error: unknown): string {
  const timeout = timeoutOf(error);
  if (timeout !== undefined) return timeout;
  const status =
    typeof error === 'object' && error !== null ? httpStatusOf(error as SdkErrorShape) : undefined;
  return `failed with ${errorNameOf(error)}${status === undefined ? '' : ` (HTTP ${status})`}`;
}

/** @returns a TransientError for a retryable failure, otherwise the error unchanged. */
export function toTransientError(operation: string, error: unknown): unknown {
  if (!isTransient(error)) return error;
  return new TransientError(`${operation} ${failureOf(error)}; safe to retry`);
}

/** Runs one SDK call, translating its retryable failures. */
export async function callAws<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toTransientError(operation, error);
  }
}

/** True when the error carries one of the given service error names. */
export function hasErrorName(error: unknown, ...names: readonly string[]): boolean {
  return (
    typeof error === 'object' && error !== null && names.includes((error as SdkErrorShape).name as string)
  );
}
