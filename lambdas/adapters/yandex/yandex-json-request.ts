/**
 * One logical JSON call to a Yandex Cloud API over fetch, with the retry
 * policy applied: throttling, 5xx and dropped connections are tried again
 * with backoff, then surface as TransientError so Step Functions retries the
 * step; any other failure becomes a typed YandexApiError at once.
 *
 * Calls that are not idempotent (creating a key) are never repeated here:
 * the request may have landed, and the secret it returned is lost with the
 * connection. They fail as TransientError at once, and the retried step
 * reconciles by listing keys.
 */
import { secondsText } from '../../config/call-timeouts.ts';
import { TransientError } from '../../rotation/rotation-errors.ts';
import { grpcCodeName, yandexApiError } from './yandex-errors.ts';
import { fullJitterDelay, isRetryableStatus, type RetryPolicy } from './yandex-retry-policy.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface JsonRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** Names the call in errors: the API method and the ids it acts on, never the body. */
  readonly operation: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** False when repeating the call could act twice; it is then never retried here. */
  readonly idempotent: boolean;
  /** False when the request body carries a credential that an error body might echo. @default true */
  readonly keepServerMessage?: boolean;
  /** Credentials in the headers (the Bearer token), cut out of any server message that is kept. */
  readonly redact?: readonly string[];
}

export interface JsonTransport {
  readonly fetch: FetchLike;
  readonly policy: RetryPolicy;
}

type Attempt<T> = { readonly value: T } | { readonly retryable: string };

/** Only the error's name or system code: fetch errors can carry the URL, and their causes more. */
function networkFailure(error: unknown, timeoutMs: number): string {
  if (typeof error !== 'object' || error === null) return 'a network error';
  const { name, cause } = error as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError') return `no answer within ${secondsText(timeoutMs)}`;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof name === 'string' ? name : 'a network error';
}

function parseBody<T>(status: number, text: string): Attempt<T> {
  if (text.trim() === '') return { value: {} as T };
  try {
    return { value: JSON.parse(text) as T };
  } catch {
    // A mangled success may still have acted (a created key); the retried step reconciles.
    return { retryable: `HTTP ${status} with a body that is not JSON` };
  }
}

async function attempt<T>(request: JsonRequest, transport: JsonTransport): Promise<Attempt<T>> {
  const { policy } = transport;
  let status: number;
  let text: string;
  try {
    const response = await transport.fetch(request.url, {
      method: request.method,
      headers: {
        Accept: 'application/json',
        ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(policy.attemptTimeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    return { retryable: networkFailure(error, policy.attemptTimeoutMs) };
  }
  if (status >= 200 && status < 300) return parseBody<T>(status, text);
  const error = yandexApiError(request.operation, status, text, {
    keepServerMessage: request.keepServerMessage ?? true,
    redact: request.redact ?? [],
  });
  if (isRetryableStatus(status)) return { retryable: `${grpcCodeName(error.grpcCode)} (HTTP ${status})` };
  throw error;
}

/**
 * @throws TransientError when the call kept failing in a retryable way (or failed once, if not idempotent).
 * @throws YandexApiError for any other non-2xx answer.
 */
export async function sendJson<T>(request: JsonRequest, transport: JsonTransport): Promise<T> {
  const { policy } = transport;
  for (let tries = 1; ; tries++) {
    const outcome = await attempt<T>(request, transport);
    if ('value' in outcome) return outcome.value;
    if (!request.idempotent)
      throw new TransientError(
        `${request.operation} failed with ${outcome.retryable}; not repeated because it may have ` +
          'acted, the retried step reconciles',
      );
    if (tries >= policy.maxAttempts)
      throw new TransientError(
        `${request.operation} failed with ${outcome.retryable} after ${tries} attempts; safe to retry`,
      );
    await policy.sleep(fullJitterDelay(policy, tries));
  }
}
