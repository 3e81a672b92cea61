/**
 * findKeyOwner on Yandex: the API gets a key by its resource id only, so that
 * is tried first; a `YC…` key id is then looked for among the service
 * accounts the deployment knows. A refusal that only means "not a resource id
 * of ours" goes on to the search; a failure of the API does not, and a hung
 * API ends at the attempt bound.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { operationPoller } from '../../../lambdas/adapters/yandex/operation-poller.ts';
import { yandexAccessKeyProvider } from '../../../lambdas/adapters/yandex/yandex-access-key-provider.ts';
import { yandexHttpClient } from '../../../lambdas/adapters/yandex/yandex-http-client.ts';
import { TransientError } from '../../../lambdas/rotation/rotation-errors.ts';
import { type HungEndpoint, startHungEndpoint } from '../../support/hung-endpoint.ts';
import { ACCESS_KEYS_PATH, seedKey } from './fake-access-key-routes.ts';
import { FakeYandexApi, status } from './fake-yandex-api.ts';
import { PRINCIPAL, rejectionOf, yandexTestStack } from './yandex-test-stack.ts';

const OTHER = 'ajeotheraccount00001';
const GONE = 'ajegoneaccount000001';

describe('Yandex findKeyOwner', () => {
  let api: FakeYandexApi;
  beforeEach(async () => {
    api = await FakeYandexApi.start();
    api.serviceAccounts.add(PRINCIPAL);
  });
  afterEach(() => api.close());

  it('answers a resource id with one Get: its service account and its YC key id', async () => {
    // Prepare
    const key = seedKey(api, OTHER);
    const { keys } = yandexTestStack(api, { knownServiceAccounts: [PRINCIPAL] });

    // Act
    const owner = await keys.findKeyOwner(key.id);

    // Assess
    expect(owner).toEqual({ principal: OTHER, keyId: key.keyId });
    expect(api.callsTo('GET', ACCESS_KEYS_PATH).map((call) => call.path)).toEqual([
      `${ACCESS_KEYS_PATH}/${key.id}`,
    ]);
  });

  it('searches the known accounts in order for a YC key id, skipping one that no longer exists', async () => {
    // Prepare
    seedKey(api, PRINCIPAL);
    const wanted = seedKey(api, OTHER);
    const { keys } = yandexTestStack(api, { knownServiceAccounts: [GONE, PRINCIPAL, OTHER] });

    // Act
    const owner = await keys.findKeyOwner(wanted.keyId);

    // Assess
    expect(owner).toEqual({ principal: OTHER, keyId: wanted.keyId });
    const listed = api
      .callsTo('GET', ACCESS_KEYS_PATH)
      .map((call) => call.query.get('serviceAccountId'))
      .filter(Boolean);
    expect(listed).toEqual([GONE, PRINCIPAL, OTHER]);
  });

  it('answers no owner for a key of no known account, and with no known accounts searches nothing', async () => {
    // Prepare
    const stray = seedKey(api, OTHER);
    const withKnown = yandexTestStack(api, { knownServiceAccounts: [PRINCIPAL] }).keys;
    const withNone = yandexTestStack(api).keys;

    // Act
    const owner = await withKnown.findKeyOwner(stray.keyId);
    const before = api.calls.length;
    const none = await withNone.findKeyOwner(stray.keyId);

    // Assess
    expect(owner).toBeUndefined();
    expect(none).toBeUndefined();
    const afterwards = api.calls.slice(before).filter((call) => call.path.startsWith(ACCESS_KEYS_PATH));
    expect(afterwards.map((call) => call.path)).toEqual([`${ACCESS_KEYS_PATH}/${stray.keyId}`]);
  });

  it.each([
    ['INVALID_ARGUMENT', 400, 3],
    ['PERMISSION_DENIED', 403, 7],
  ])('goes on to the search when the Get is refused with %s', async (_name, httpStatus, code) => {
    // Prepare
    const key = seedKey(api, PRINCIPAL);
    api.failNext((call) => call.path === `${ACCESS_KEYS_PATH}/${key.keyId}`, status(httpStatus, code, 'no'));
    const { keys } = yandexTestStack(api, { knownServiceAccounts: [PRINCIPAL] });

    // Act
    const owner = await keys.findKeyOwner(key.keyId);

    // Assess
    expect(owner).toEqual({ principal: PRINCIPAL, keyId: key.keyId });
  });

  it('fails, and does not answer "no owner", when the search cannot list an account', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL);
    api.failNext(
      (call) => call.query.get('serviceAccountId') === PRINCIPAL,
      status(401, 16, 'token expired'),
      status(401, 16, 'token expired'),
    );
    const { keys } = yandexTestStack(api, { knownServiceAccounts: [PRINCIPAL] });

    // Act
    const error = await rejectionOf(keys.findKeyOwner(key.keyId));

    // Assess
    expect(error.message).toContain('AccessKey.List');
  });
});

describe('Yandex findKeyOwner against an API that never answers', () => {
  let hung: HungEndpoint;
  beforeAll(async () => {
    hung = await startHungEndpoint();
  });
  afterAll(() => hung.close());

  it('ends at the attempt bound as TransientError naming the Get', async () => {
    // Prepare
    const http = yandexHttpClient({
      tokens: { token: async () => 't1.test-token', invalidate: () => {} },
      retry: { attemptTimeoutMs: 250, maxAttempts: 2, sleep: async () => {} },
    });
    // A lookup starts no operation, so the poller is the real one, pointed at the same hung host.
    const poller = operationPoller(http, { operationEndpoint: hung.url });
    const keys = yandexAccessKeyProvider({ http, poller, iamEndpoint: hung.url });
    const before = hung.requests.length;
    const started = Date.now();

    // Act
    const outcome = keys.findKeyOwner('YCexposedkey0000000000000');

    // Assess
    await expect(outcome).rejects.toThrow(TransientError);
    await expect(outcome).rejects.toThrow(
      'Yandex AccessKey.Get YCexposedkey0000000000000 failed with no answer within 0.25 s after 2 attempts',
    );
    expect(hung.requests.length - before).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
