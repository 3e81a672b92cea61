import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAuthorizedKey } from '../../../lambdas/adapters/yandex/authorized-key-source.ts';
import {
  iamTokenExchangeCount,
  iamTokenProvider,
  serviceAccountJwt,
} from '../../../lambdas/adapters/yandex/iam-token-provider.ts';
import { FakeYandexApi, status, TOKEN_PATH } from './fake-yandex-api.ts';
import {
  AUTHORIZED_KEY_ID,
  authorizedKeyFixture,
  ROTATOR_SERVICE_ACCOUNT,
  rejectionOf,
  yandexTestStack,
} from './yandex-test-stack.ts';

const AUDIENCE = 'https://iam.api.cloud.yandex.net/iam/v1/tokens';
const isExchange = (call: { method: string; path: string }) =>
  call.method === 'POST' && call.path === TOKEN_PATH;

describe('service account JWT', () => {
  it('is PS256 with the key id, issued by the service account for the IAM token audience, for at most an hour', async () => {
    // Prepare
    const fixture = authorizedKeyFixture();
    const key = parseAuthorizedKey('test-secret', fixture.json);
    const nowMs = Date.parse('2024-06-01T12:00:00Z');

    // Act
    const jwt = await serviceAccountJwt(key, nowMs);

    // Assess
    expect(decodeProtectedHeader(jwt)).toEqual({ typ: 'JWT', alg: 'PS256', kid: AUTHORIZED_KEY_ID });
    const { payload } = await jwtVerify(jwt, fixture.publicKey, {
      algorithms: ['PS256'],
      audience: AUDIENCE,
      issuer: ROTATOR_SERVICE_ACCOUNT,
      currentDate: new Date(nowMs),
    });
    expect(payload.iat).toBe(nowMs / 1000);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(3600);
    expect(payload.exp).toBeGreaterThan(payload.iat ?? 0);
  });
});

describe('IAM token provider', () => {
  let api: FakeYandexApi;
  beforeEach(async () => {
    api = await FakeYandexApi.start();
  });
  afterEach(() => api.close());

  it('exchanges a JWT that verifies with the public key at POST /iam/v1/tokens', async () => {
    // Prepare
    const { tokens } = yandexTestStack(api);

    // Act
    const token = await tokens.token();

    // Assess
    expect(token).toBe('t1.fake-iam-token-1');
    const [exchange] = api.callsTo('POST', TOKEN_PATH);
    const { jwt } = JSON.parse(exchange?.bodyText ?? '{}') as { jwt: string };
    const { payload } = await jwtVerify(jwt, authorizedKeyFixture().publicKey, { audience: AUDIENCE });
    expect(payload.iss).toBe(ROTATOR_SERVICE_ACCOUNT);
    expect(exchange?.headers.authorization).toBeUndefined();
  });

  it('exchanges once for many calls within the token lifetime', async () => {
    // Prepare
    const { tokens } = yandexTestStack(api);
    const before = iamTokenExchangeCount();

    // Act
    for (let call = 0; call < 20; call++) await tokens.token();

    // Assess
    expect(tokens.exchanges).toBe(1);
    expect(api.callsTo('POST', TOKEN_PATH)).toHaveLength(1);
    expect(iamTokenExchangeCount() - before).toBe(1);
  });

  it('shares one exchange among concurrent callers', async () => {
    // Prepare
    const { tokens } = yandexTestStack(api);

    // Act
    const all = await Promise.all(Array.from({ length: 10 }, () => tokens.token()));

    // Assess
    expect(new Set(all)).toEqual(new Set(['t1.fake-iam-token-1']));
    expect(api.callsTo('POST', TOKEN_PATH)).toHaveLength(1);
  });

  it('exchanges again only when the token is within five minutes of expiry', async () => {
    // Prepare
    let now = Date.now();
    const { tokens } = yandexTestStack(api, { now: () => now });
    await tokens.token();

    // Act
    now += 12 * 3600_000 - 6 * 60_000;
    const stillCached = await tokens.token();
    now += 2 * 60_000;
    const refreshed = await tokens.token();

    // Assess
    expect(stillCached).toBe('t1.fake-iam-token-1');
    expect(refreshed).toBe('t1.fake-iam-token-2');
    expect(tokens.exchanges).toBe(2);
  });

  it('keeps a short-lived token for half its life instead of exchanging on every call', async () => {
    // Prepare
    api.tokenLifetimeMs = 2 * 60_000;
    let now = Date.now();
    const { tokens } = yandexTestStack(api, { now: () => now });

    // Act
    await tokens.token();
    now += 30_000;
    await tokens.token();

    // Assess
    expect(tokens.exchanges).toBe(1);
  });

  it('ignores an invalidation of a token it has already replaced', async () => {
    // Prepare
    const { tokens } = yandexTestStack(api);
    const first = await tokens.token();
    tokens.invalidate(first);
    await tokens.token();

    // Act
    tokens.invalidate(first);
    const current = await tokens.token();

    // Assess
    expect(current).toBe('t1.fake-iam-token-2');
    expect(tokens.exchanges).toBe(2);
  });

  it('retries a throttled exchange', async () => {
    // Prepare
    const { tokens } = yandexTestStack(api);
    api.failNext(isExchange, status(429, 8, 'slow down'));

    // Act
    const token = await tokens.token();

    // Assess
    expect(token).toBe('t1.fake-iam-token-1');
    expect(tokens.exchanges).toBe(1);
    expect(api.callsTo('POST', TOKEN_PATH)).toHaveLength(2);
  });

  it('refuses a malformed answer without caching it, so the next call exchanges again', async () => {
    // Prepare
    const { tokens } = yandexTestStack(api);
    api.failNext(isExchange, { status: 200, body: { expiresAt: 'soon' } });

    // Act
    const error = await rejectionOf(tokens.token());
    const retried = await tokens.token();

    // Assess
    expect(error.message).toContain('returned no token or expiry');
    expect(retried).toBe('t1.fake-iam-token-1');
  });

  it('never lets a rejected JWT into the error, even when the server echoes it', async () => {
    // Prepare
    let echoed = '';
    const provider = iamTokenProvider({
      iamEndpoint: api.url,
      authorizedKey: async () => parseAuthorizedKey('test-secret', authorizedKeyFixture().json),
      fetch: async (_input, init) => {
        echoed = JSON.parse(String(init.body)).jwt;
        return new Response(JSON.stringify({ code: 3, message: `invalid jwt ${echoed}` }), { status: 400 });
      },
    });

    // Act
    const error = await rejectionOf(provider.token());

    // Assess
    expect(echoed).toMatch(/^eyJ/);
    expect(error).toMatchObject({
      name: 'YandexApiError',
      kind: 'INVALID_ARGUMENT',
      serverMessage: undefined,
    });
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(echoed);
    expect(provider.exchanges).toBe(1);
  });
});
