/**
 * Where the Yandex Cloud APIs live. Like the AWS SDK's `AWS_ENDPOINT_URL`,
 * the variables `YC_ENDPOINT_URL` and `YC_ENDPOINT_URL_<IAM|OPERATION|STORAGE>`
 * point the very same client at the embedded local cloud or any emulator;
 * unset, they fall back to the public endpoints.
 */

/**
 * The JWT audience is fixed by the IAM token service, whatever host the
 * exchange is sent to: an emulator must accept the production audience, and
 * a real token never gets minted for another one.
 */
export const IAM_TOKEN_AUDIENCE = 'https://iam.api.cloud.yandex.net/iam/v1/tokens';

export const YANDEX_ENDPOINT_ENV = {
  all: 'YC_ENDPOINT_URL',
  iam: 'YC_ENDPOINT_URL_IAM',
  operation: 'YC_ENDPOINT_URL_OPERATION',
  storage: 'YC_ENDPOINT_URL_STORAGE',
} as const;

export const DEFAULT_YANDEX_ENDPOINTS = {
  iam: 'https://iam.api.cloud.yandex.net',
  operation: 'https://operation.api.cloud.yandex.net',
  storage: 'https://storage.yandexcloud.net',
} as const;

export interface YandexEndpoints {
  /** IAM: the token exchange and the AWS-compatible access keys. */
  readonly iam: string;
  /** Long-running operations returned by Update and Delete. */
  readonly operation: string;
  /** Object Storage, where a new static key proves it signs. */
  readonly storage: string;
}

/** Paths are appended with a leading slash, so a trailing one here would double it. */
function baseUrl(value: string): string {
  return value.replace(/\/+$/, '');
}

function pick(env: NodeJS.ProcessEnv, specific: string, fallback: string): string {
  return baseUrl(env[specific] || env[YANDEX_ENDPOINT_ENV.all] || fallback);
}

/** Resolved when a client is built, so a test or the local runner can set the variables first. */
export function yandexEndpoints(env: NodeJS.ProcessEnv = process.env): YandexEndpoints {
  return {
    iam: pick(env, YANDEX_ENDPOINT_ENV.iam, DEFAULT_YANDEX_ENDPOINTS.iam),
    operation: pick(env, YANDEX_ENDPOINT_ENV.operation, DEFAULT_YANDEX_ENDPOINTS.operation),
    storage: pick(env, YANDEX_ENDPOINT_ENV.storage, DEFAULT_YANDEX_ENDPOINTS.storage),
  };
}
