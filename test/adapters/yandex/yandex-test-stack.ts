/**
 * What the Yandex adapter tests share: an authorized key made the way Yandex
 * issues one (a line of text before the PEM), and the real client stack wired
 * to a FakeYandexApi with retry waits that take no time but are recorded.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { parseAuthorizedKey } from '../../../lambdas/adapters/yandex/authorized-key-source.ts';
import {
  type IamTokenProvider,
  iamTokenProvider,
} from '../../../lambdas/adapters/yandex/iam-token-provider.ts';
import { operationPoller } from '../../../lambdas/adapters/yandex/operation-poller.ts';
import { yandexAccessKeyProvider } from '../../../lambdas/adapters/yandex/yandex-access-key-provider.ts';
import {
  type YandexHttpClient,
  yandexHttpClient,
} from '../../../lambdas/adapters/yandex/yandex-http-client.ts';
import type { RetryPolicy } from '../../../lambdas/adapters/yandex/yandex-retry-policy.ts';
import type { AccessKeyProvider } from '../../../lambdas/rotation/ports.ts';
import type { FakeYandexApi } from './fake-yandex-api.ts';

export const ROTATOR_SERVICE_ACCOUNT = 'ajerotator0000000001';
export const AUTHORIZED_KEY_ID = 'ajeauthkey0000000001';
export const PRINCIPAL = 'ajeservice0000000001';

export interface AuthorizedKeyFixture {
  readonly json: string;
  readonly privatePem: string;
  readonly publicKey: KeyObject;
}

let generated: { privatePem: string; publicKey: KeyObject } | undefined;

/** One RSA key per test file: generating one takes a noticeable fraction of a second. */
export function authorizedKeyFixture(): AuthorizedKeyFixture {
  generated ??= (() => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
  })();
  const json = JSON.stringify({
    id: AUTHORIZED_KEY_ID,
    service_account_id: ROTATOR_SERVICE_ACCOUNT,
    created_at: '2024-01-01T00:00:00Z',
    key_algorithm: 'RSA_2048',
    public_key: generated.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    private_key: `PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <${AUTHORIZED_KEY_ID}>\n${generated.privatePem}`,
  });
  return { json, privatePem: generated.privatePem, publicKey: generated.publicKey };
}

export interface YandexTestStack {
  readonly tokens: IamTokenProvider;
  readonly http: YandexHttpClient;
  readonly keys: AccessKeyProvider;
  /** Every retry wait the client asked for, in ms. */
  readonly sleeps: number[];
}

export interface StackOptions {
  readonly retry?: Partial<RetryPolicy>;
  readonly now?: () => number;
  readonly pollTimeoutMs?: number;
  /** The deployment's service accounts, where findKeyOwner looks for a `YC…` key id. */
  readonly knownServiceAccounts?: readonly string[];
}

export function yandexTestStack(api: FakeYandexApi, options: StackOptions = {}): YandexTestStack {
  const fixture = authorizedKeyFixture();
  api.publicKey = fixture.publicKey;
  const key = parseAuthorizedKey('test-secret', fixture.json);
  const sleeps: number[] = [];
  const retry: Partial<RetryPolicy> = {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options.retry,
  };
  const tokens = iamTokenProvider({
    iamEndpoint: api.url,
    authorizedKey: async () => key,
    retry,
    ...(options.now ? { now: options.now } : {}),
  });
  const http = yandexHttpClient({ tokens, retry });
  const poller = operationPoller(http, {
    operationEndpoint: api.url,
    sleep: async () => {},
    timeoutMs: options.pollTimeoutMs ?? 20_000,
  });
  const keys = yandexAccessKeyProvider({
    http,
    poller,
    iamEndpoint: api.url,
    knownServiceAccounts: options.knownServiceAccounts,
  });
  return { tokens, http, keys, sleeps };
}

/** Resolves to what the promise rejected with, and fails the test if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}
