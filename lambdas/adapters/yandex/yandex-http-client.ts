/**
 * The authenticated Yandex Cloud client: JSON over fetch with
 * `Authorization: Bearer <IAM token>`, the retry policy of
 * yandex-json-request.ts, and one more try with a fresh token when the API
 * answers 401.
 */
import type { IamTokenSource } from './iam-token-provider.ts';
import { isYandexError } from './yandex-errors.ts';
import { type FetchLike, type JsonRequest, sendJson } from './yandex-json-request.ts';
import { type RetryPolicy, retryPolicy } from './yandex-retry-policy.ts';

export type YandexRequest = Omit<JsonRequest, 'headers' | 'keepServerMessage' | 'redact'>;

export interface YandexHttpClient {
  /**
   * @throws YandexApiError for a non-retryable answer.
   * @throws TransientError when throttling, 5xx or the network outlasted the retries.
   */
  send<T>(request: YandexRequest): Promise<T>;
}

export interface YandexHttpClientOptions {
  readonly tokens: IamTokenSource;
  /** @default the global fetch, looked up per call */
  readonly fetch?: FetchLike;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
}

export function yandexHttpClient(options: YandexHttpClientOptions): YandexHttpClient {
  const { tokens } = options;
  const transport = {
    fetch: options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init)),
    policy: retryPolicy(options.retry),
  };
  const sendWith = <T>(request: YandexRequest, token: string) =>
    sendJson<T>({ ...request, headers: { Authorization: `Bearer ${token}` }, redact: [token] }, transport);

  return {
    async send<T>(request: YandexRequest): Promise<T> {
      const token = await tokens.token();
      try {
        return await sendWith<T>(request, token);
      } catch (error) {
        if (!isYandexError(error, 'UNAUTHENTICATED')) throw error;
        // The cached token was revoked or expired early. A 401 is given before
        // the call does anything, so even a create may be sent once more; a
        // second 401 means the rotator's own identity is broken, and surfaces.
        tokens.invalidate(token);
        return sendWith<T>(request, await tokens.token());
      }
    },
  };
}
