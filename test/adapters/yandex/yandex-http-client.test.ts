import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  fullJitterDelay,
  retryPolicy,
} from '../../../lambdas/adapters/yandex/yandex-retry-policy.ts';
import { FakeYandexApi, status } from './fake-yandex-api.ts';
import { PRINCIPAL, rejectionOf, yandexTestStack } from './yandex-test-stack.ts';

const LIST_PATH = '/iam/aws-compatibility/v1/accessKeys';
const isList = (call: { method: string; path: string }) => call.method === 'GET' && call.path === LIST_PATH;

describe('Yandex HTTP client', () => {
  let api: FakeYandexApi;
  beforeEach(async () => {
    api = await FakeYandexApi.start();
    api.serviceAccounts.add(PRINCIPAL);
  });
  afterEach(() => api.close());

  it('sends the IAM token as a Bearer header', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);

    // Act
    await keys.listKeys(PRINCIPAL);

    // Assess
    expect(api.callsTo('GET', LIST_PATH)[0]?.headers.authorization).toBe('Bearer t1.fake-iam-token-1');
  });

  it.each([429, 500, 503])('retries HTTP %i with jittered backoff, then succeeds', async (httpStatus) => {
    // Prepare
    const { keys, sleeps } = yandexTestStack(api, { retry: { random: () => 0.5 } });
    api.failNext(isList, ...Array(3).fill(status(httpStatus, 14, 'try later')));

    // Act
    const listed = await keys.listKeys(PRINCIPAL);

    // Assess
    expect(listed).toEqual([]);
    expect(api.callsTo('GET', LIST_PATH)).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('draws each wait uniformly below the exponential ceiling (full jitter)', () => {
    // Prepare
    const low = retryPolicy({ random: () => 0 });
    const high = retryPolicy({ random: () => 0.999 });

    // Act
    const lows = [1, 2, 3, 4, 5].map((retry) => fullJitterDelay(low, retry));
    const highs = [1, 2, 3, 4, 5].map((retry) => fullJitterDelay(high, retry));

    // Assess
    expect(lows).toEqual([0, 0, 0, 0, 0]);
    expect(highs).toEqual([199, 399, 799, 1598, 1998]);
  });

  it('keeps the worst-case waits of one call well under 10 seconds', () => {
    // Prepare
    const worst = retryPolicy({ random: () => 0.9999 });

    // Act
    let total = 0;
    for (let retry = 1; retry < DEFAULT_RETRY_POLICY.maxAttempts; retry++)
      total += fullJitterDelay(worst, retry);

    // Assess
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(4);
    expect(total).toBeLessThan(2_000);
  });

  it('gives up after four attempts with a TransientError naming the call, not the body', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);
    api.failNext(isList, ...Array(4).fill(status(503, 14, 'backend body text')));

    // Act
    const error = await rejectionOf(keys.listKeys(PRINCIPAL));

    // Assess
    expect(error).toMatchObject({ name: 'TransientError' });
    expect(error.message).toBe(
      `Yandex AccessKey.List for service account ${PRINCIPAL} failed with UNAVAILABLE (HTTP 503) after 4 attempts; safe to retry`,
    );
    expect(api.callsTo('GET', LIST_PATH)).toHaveLength(4);
  });

  it.each([
    [400, 3, 'INVALID_ARGUMENT'],
    [403, 7, 'PERMISSION_DENIED'],
    [409, 6, 'ALREADY_EXISTS'],
    [400, 9, 'FAILED_PRECONDITION'],
  ])('does not retry HTTP %i (code %i) and raises kind %s', async (httpStatus, code, kind) => {
    // Prepare
    const { keys, sleeps } = yandexTestStack(api);
    api.failNext(isList, status(httpStatus, code, 'no'));

    // Act
    const error = await rejectionOf(keys.listKeys(PRINCIPAL));

    // Assess
    expect(error).toMatchObject({ name: 'YandexApiError', kind, grpcCode: code, httpStatus });
    expect(api.callsTo('GET', LIST_PATH)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry a 404', async () => {
    // Prepare
    const { http } = yandexTestStack(api);

    // Act
    const error = await rejectionOf(
      http.send({
        method: 'GET',
        url: `${api.url}${LIST_PATH}/nope`,
        operation: 'get nope',
        idempotent: true,
      }),
    );

    // Assess
    expect(error).toMatchObject({ name: 'YandexApiError', kind: 'NOT_FOUND' });
    expect(api.callsTo('GET', `${LIST_PATH}/nope`)).toHaveLength(1);
  });

  it('never repeats the create: a 503 becomes a TransientError at once', async () => {
    // Prepare
    const { keys, sleeps } = yandexTestStack(api);
    api.failNext((call) => call.method === 'POST' && call.path === LIST_PATH, status(503, 14, 'busy'));

    // Act
    const error = await rejectionOf(keys.createKey(PRINCIPAL, 'rot-1'));

    // Assess
    expect(error).toMatchObject({ name: 'TransientError' });
    expect(error.message).toContain('not repeated');
    expect(api.callsTo('POST', LIST_PATH)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a dropped connection, then reports its system code only', async () => {
    // Prepare
    const closed = await FakeYandexApi.start();
    await closed.close();
    const { http, sleeps } = yandexTestStack(api);

    // Act
    const error = await rejectionOf(
      http.send({
        method: 'GET',
        url: `${closed.url}/operations/op1`,
        operation: 'Operation.Get op1',
        idempotent: true,
      }),
    );

    // Assess
    expect(error).toMatchObject({ name: 'TransientError' });
    expect(error.message).toBe('Operation.Get op1 failed with ECONNREFUSED after 4 attempts; safe to retry');
    expect(sleeps).toHaveLength(3);
  });

  it('on a 401 drops the cached token and retries once with a fresh one', async () => {
    // Prepare
    const { keys, tokens } = yandexTestStack(api);
    await keys.listKeys(PRINCIPAL);
    api.revokedTokens.add('t1.fake-iam-token-1');

    // Act
    await keys.listKeys(PRINCIPAL);

    // Assess
    expect(tokens.exchanges).toBe(2);
    expect(api.callsTo('GET', LIST_PATH).map((call) => call.headers.authorization)).toEqual([
      'Bearer t1.fake-iam-token-1',
      'Bearer t1.fake-iam-token-1',
      'Bearer t1.fake-iam-token-2',
    ]);
  });

  it('retries a create refused with 401 once: the API did nothing with it', async () => {
    // Prepare
    const { keys, tokens } = yandexTestStack(api);
    api.failNext((call) => call.method === 'POST' && call.path === LIST_PATH, status(401, 16, 'expired'));

    // Act
    const created = await keys.createKey(PRINCIPAL, 'rot-1');

    // Assess
    expect(created.keyId).toMatch(/^YC/);
    expect(api.callsTo('POST', LIST_PATH)).toHaveLength(2);
    expect(tokens.exchanges).toBe(2);
  });

  it('gives up after a second 401: the rotator identity itself is refused', async () => {
    // Prepare
    const { keys, tokens } = yandexTestStack(api);
    api.failNext(isList, status(401, 16, 'no'), status(401, 16, 'still no'));

    // Act
    const error = await rejectionOf(keys.listKeys(PRINCIPAL));

    // Assess
    expect(error).toMatchObject({ name: 'YandexApiError', kind: 'UNAUTHENTICATED' });
    expect(api.callsTo('GET', LIST_PATH)).toHaveLength(2);
    expect(tokens.exchanges).toBe(2);
  });
});
