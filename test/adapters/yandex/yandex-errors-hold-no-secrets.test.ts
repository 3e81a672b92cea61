/**
 * Invariant 2 for the Yandex client: whatever goes wrong, no thrown error
 * carries a static key secret, an IAM token, a JWT or the authorized private
 * key, in its message, its stack or any property a logger would print.
 */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_KEYS_PATH, seedKey } from './fake-access-key-routes.ts';
import { FakeYandexApi, status, TOKEN_PATH } from './fake-yandex-api.ts';
import { authorizedKeyFixture, PRINCIPAL, rejectionOf, yandexTestStack } from './yandex-test-stack.ts';

const LEAKED_SECRET = 'YCsecret-from-a-mangled-answer';
const isCreate = (call: { method: string; path: string }) =>
  call.method === 'POST' && call.path === ACCESS_KEYS_PATH;

describe('Yandex errors hold no secrets', () => {
  let api: FakeYandexApi;
  beforeEach(async () => {
    api = await FakeYandexApi.start();
    api.serviceAccounts.add(PRINCIPAL);
  });
  afterEach(() => api.close());

  /** Everything secret the fake saw or issued, plus a line of the private key. */
  function secretsInPlay(): string[] {
    const jwts = api
      .callsTo('POST', TOKEN_PATH)
      .map((call) => (JSON.parse(call.bodyText) as { jwt: string }).jwt);
    const keySecrets = [...api.keys.values()].map((key) => key.secret);
    const pemLine = authorizedKeyFixture().privatePem.split('\n')[3] ?? 'missing';
    return [...api.issuedTokens, ...jwts, ...keySecrets, LEAKED_SECRET, pemLine];
  }

  function expectNoSecrets(error: Error): void {
    const printed = `${error.message}\n${error.stack}\n${inspect(error, { depth: 6 })}\n${JSON.stringify(error)}`;
    for (const secret of secretsInPlay()) expect(printed).not.toContain(secret);
  }

  it('a create answered with a mangled body that holds the secret', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);
    api.failNext(isCreate, { status: 200, raw: `{"accessKey":{"keyId":"YC1"},"secret":"${LEAKED_SECRET}"` });

    // Act
    const error = await rejectionOf(keys.createKey(PRINCIPAL, 'rot-1'));

    // Assess
    expect(error).toMatchObject({ name: 'TransientError' });
    expectNoSecrets(error);
  });

  it('a create answered with a secret but no key id', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);
    api.failNext(isCreate, { status: 200, body: { accessKey: { id: 'aje1' }, secret: LEAKED_SECRET } });

    // Act
    const error = await rejectionOf(keys.createKey(PRINCIPAL, 'rot-1'));

    // Assess
    expect(error.message).toContain('returned no access key');
    expectNoSecrets(error);
  });

  it('an API error whose text echoes the Bearer token', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);
    api.failNext(
      (call) => call.method === 'GET',
      status(400, 3, 'bad header Authorization: Bearer t1.fake-iam-token-1'),
    );

    // Act
    const error = await rejectionOf(keys.listKeys(PRINCIPAL));

    // Assess
    expect(error).toMatchObject({
      name: 'YandexApiError',
      serverMessage: 'bad header Authorization: Bearer [redacted]',
    });
    expectNoSecrets(error);
  });

  it('a token exchange refused with the JWT echoed back', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);
    api.failNext(
      (call) => call.path === TOKEN_PATH,
      (call) => status(400, 3, `invalid jwt ${(JSON.parse(call.bodyText) as { jwt: string }).jwt}`),
    );

    // Act
    const error = await rejectionOf(keys.listKeys(PRINCIPAL));

    // Assess
    expect(error).toMatchObject({ name: 'YandexApiError', kind: 'INVALID_ARGUMENT' });
    expect(secretsInPlay().some((secret) => secret.startsWith('eyJ'))).toBe(true);
    expectNoSecrets(error);
  });

  it('a token refused twice, and an operation that failed', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL);
    const { keys } = yandexTestStack(api);
    await keys.listKeys(PRINCIPAL);
    api.failNext((call) => call.method === 'DELETE', status(401, 16, 'no'), status(401, 16, 'no'));
    api.failNext((call) => call.method === 'PATCH', {
      status: 200,
      body: { id: 'op-1', done: true, error: { code: 13, message: 'internal' } },
    });

    // Act
    const refused = await rejectionOf(keys.deleteKey(PRINCIPAL, key.keyId));
    const failed = await rejectionOf(
      keys.retireKey(PRINCIPAL, key.keyId, { rotationId: 'r', retiredAt: 'a', deleteAfter: 'b' }),
    );

    // Assess
    expect(refused).toMatchObject({ kind: 'UNAUTHENTICATED' });
    expect(failed).toMatchObject({ name: 'YandexOperationError' });
    expectNoSecrets(refused);
    expectNoSecrets(failed);
  });
});
