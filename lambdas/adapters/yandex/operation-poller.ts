/**
 * Waits for a Yandex long-running Operation (returned by AccessKey Update and
 * Delete) to finish, within one Lambda invocation.
 *
 * The official SDKs poll for up to 10 minutes; a Lambda has 30 s. So this
 * waits a bounded time, and an operation still running then is a
 * TransientError: the step that started it is idempotent, and its retry
 * finds the key already changed (or starts a fresh, equivalent operation).
 */
import { TransientError } from '../../rotation/rotation-errors.ts';
import { YandexOperationError } from './yandex-errors.ts';
import type { YandexHttpClient } from './yandex-http-client.ts';

export interface YandexOperation {
  readonly id: string;
  readonly done?: boolean;
  readonly error?: { readonly code?: number; readonly message?: string };
  readonly response?: unknown;
}

export interface OperationPollerOptions {
  /** Base URL of the Operation API (`yandexEndpoints().operation`). */
  readonly operationEndpoint: string;
  /** Total wait; fits the Lambda's 30 s timeout with room for the call that started it. @default 20 s */
  readonly timeoutMs?: number;
  /** @default 250 ms, doubling up to maxDelayMs */
  readonly initialDelayMs?: number;
  /** @default 2 s */
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface OperationPoller {
  /**
   * @param subject names what the operation does, for errors ("retire access key X").
   * @returns the finished operation.
   * @throws YandexOperationError when it finished with an error.
   * @throws TransientError when it was still running at the bound, or finished with a transient error.
   */
  waitFor(operation: YandexOperation, subject: string): Promise<YandexOperation>;
}

/**
 * Operation errors worth another try: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED
 * and UNAVAILABLE, the codes gRPC itself treats as transient (INTERNAL means
 * something broke, and is not retried). The steps that start operations are
 * idempotent, so Step Functions retrying the step is safe.
 */
const TRANSIENT_OPERATION_CODES: ReadonlySet<number> = new Set([4, 8, 14]);

function finished(operation: YandexOperation, subject: string): YandexOperation {
  if (!operation.error) return operation;
  const error = new YandexOperationError(
    subject,
    operation.id,
    operation.error.code ?? 2,
    (operation.error.message ?? '').slice(0, 300),
  );
  if (TRANSIENT_OPERATION_CODES.has(error.code)) throw new TransientError(`${error.message}; safe to retry`);
  throw error;
}

export function operationPoller(http: YandexHttpClient, options: OperationPollerOptions): OperationPoller {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxDelayMs = options.maxDelayMs ?? 2_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;

  return {
    async waitFor(operation, subject) {
      const deadline = now() + timeoutMs;
      let current = operation;
      let delayMs = options.initialDelayMs ?? 250;
      while (!current.done) {
        if (now() + delayMs > deadline)
          throw new TransientError(
            `${subject}: operation ${current.id} still running after ${timeoutMs} ms; safe to retry`,
          );
        await sleep(delayMs);
        delayMs = Math.min(maxDelayMs, delayMs * 2);
        current = await http.send<YandexOperation>({
          method: 'GET',
          url: `${options.operationEndpoint}/operations/${encodeURIComponent(current.id)}`,
          operation: `Yandex Operation.Get ${current.id}`,
          idempotent: true,
        });
      }
      return finished(current, subject);
    },
  };
}
