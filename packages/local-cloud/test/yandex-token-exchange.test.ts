import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './local-cloud-fixture.ts';
import {
  ACCESS_KEYS_PATH,
  type JwtOverrides,
  otherRsaKey,
  type RotatorIdentity,
  seedIdentity,
  signJwt,
  yc,
} from './yandex-fixture.ts';

const TOKENS_PATH = '/iam/v1/tokens';

describe('Yandex IAM token exchange', () => {
  let t: TestCloud;
  let identity: RotatorIdentity;
  beforeEach(async () => {
    t = await startTestCloud();
    identity = seedIdentity(t.cloud);
  });
  afterEach(() => t.close());

  it('trades a correct PS256 JWT for a 12 h t1. token that authenticates later calls', async () => {
    const jwt = await signJwt(identity);

    const exchanged = await yc(t.cloud, 'POST', TOKENS_PATH, { body: { jwt } });
    const listed = await yc(
      t.cloud,
      'GET',
      `${ACCESS_KEYS_PATH}?serviceAccountId=${identity.serviceAccountId}`,
      {
        token: exchanged.body.iamToken,
      },
    );

    expect(exchanged.status).toBe(200);
    expect(exchanged.body.iamToken).toMatch(/^t1\.[A-Za-z0-9_-]{40,}$/);
    const lifetimeHours = (Date.parse(exchanged.body.expiresAt) - Date.now()) / 3_600_000;
    expect(lifetimeHours).toBeGreaterThan(11.9);
    expect(lifetimeHours).toBeLessThanOrEqual(12);
    expect(listed).toEqual({ status: 200, body: { accessKeys: [] } });
  });

  it.each<[string, JwtOverrides | (() => JwtOverrides), RegExp]>([
    ['a wrong audience', { aud: 'https://iam.api.cloud.yandex.net/iam/v1/token' }, /aud must be/],
    ['an expired JWT', { iatOffset: -4000, expOffset: -400 }, /expired/],
    ['a lifetime over one hour', { expOffset: 3601 }, /at most 3600 s/],
    ['an iat in the future', { iatOffset: 300, expOffset: 600 }, /iat is in the future/],
    ['an unknown kid', { kid: 'ajenosuchkey00000000' }, /unknown key id/],
    ['a signature by another key', () => ({ signingKey: otherRsaKey() }), /signature/],
    ['RS256 instead of PS256', { alg: 'RS256' }, /RS256 is not supported/],
    ['an iss other than the key owner', { iss: 'ajeotheraccount00000' }, /iss must be/],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_case, overrides, reason) => {
    const jwt = await signJwt(identity, typeof overrides === 'function' ? overrides() : overrides);

    const refused = await yc(t.cloud, 'POST', TOKENS_PATH, { body: { jwt } });

    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ code: 16, message: expect.stringMatching(reason), details: [] });
  });

  it('accepts a JWT whose iat is slightly ahead of our clock (60 s skew)', async () => {
    const jwt = await signJwt(identity, { iatOffset: 30, expOffset: 600 });

    const exchanged = await yc(t.cloud, 'POST', TOKENS_PATH, { body: { jwt } });

    expect(exchanged.status).toBe(200);
  });

  it('refuses a malformed body with 400 INVALID_ARGUMENT', async () => {
    const notJson = await yc(t.cloud, 'POST', TOKENS_PATH, { rawBody: '{jwt:' });
    const noJwt = await yc(t.cloud, 'POST', TOKENS_PATH, { body: { token: 'x' } });

    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe(3);
    expect(noJwt).toMatchObject({ status: 400, body: { code: 3, details: [] } });
  });

  it('refuses AccessKey calls without a bearer token, or with an unknown or expired one', async () => {
    const path = `${ACCESS_KEYS_PATH}?serviceAccountId=${identity.serviceAccountId}`;
    const expired = t.cloud.yandex.tokens.issue(identity.serviceAccountId, {
      expiresAt: new Date(Date.now() - 1),
    });

    const responses = [
      await yc(t.cloud, 'GET', path),
      await yc(t.cloud, 'GET', path, { token: 't1.forged' }),
      await yc(t.cloud, 'GET', path, { token: expired.iamToken }),
    ];

    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ code: 16, message: expect.any(String), details: [] });
    }
  });

  it('records the exchange without the JWT or the token', async () => {
    const jwt = await signJwt(identity);

    const exchanged = await yc(t.cloud, 'POST', TOKENS_PATH, { body: { jwt } });

    const logged = JSON.stringify(t.cloud.requests);
    expect(t.cloud.requests).toEqual([
      {
        service: 'yandex-iam',
        action: 'CreateIamToken',
        mutating: false,
        status: 200,
        at: expect.any(String),
        http: { method: 'POST', path: TOKENS_PATH },
      },
    ]);
    expect(logged).not.toContain(jwt.split('.')[2]);
    expect(logged).not.toContain(exchanged.body.iamToken);
  });
});
