import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_KEYS_PATH, seedKey } from './fake-access-key-routes.ts';
import { FakeYandexApi } from './fake-yandex-api.ts';
import { PRINCIPAL, rejectionOf, yandexTestStack } from './yandex-test-stack.ts';

describe('Yandex access key provider: reads', () => {
  let api: FakeYandexApi;
  beforeEach(async () => {
    api = await FakeYandexApi.start();
    api.serviceAccounts.add(PRINCIPAL);
  });
  afterEach(() => api.close());

  it('describes a service account without calling the API', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);

    // Act
    const info = await keys.describePrincipal(PRINCIPAL);

    // Assess
    expect(info).toEqual({ principal: PRINCIPAL, tags: {} });
    expect(api.calls).toEqual([]);
  });

  it('lists by AWS-style keyId, reading the retired marker as Inactive', async () => {
    // Prepare
    const active = seedKey(api, PRINCIPAL, { description: 'access-key-rotator rot-1' });
    const retired = seedKey(api, PRINCIPAL, {
      description:
        'access-key-rotator: retired 2024-06-08T10:00:00.000Z by rot-1; delete after 2024-06-15T10:00:00.000Z',
    });
    seedKey(api, 'ajeotheraccount00001');
    const { keys } = yandexTestStack(api);

    // Act
    const listed = await keys.listKeys(PRINCIPAL);

    // Assess
    expect(listed).toEqual([
      { keyId: active.keyId, status: 'Active', createdAt: active.createdAt },
      { keyId: retired.keyId, status: 'Inactive', createdAt: retired.createdAt },
    ]);
    expect(active.keyId).toMatch(/^YC/);
    const [call] = api.callsTo('GET', ACCESS_KEYS_PATH);
    expect(Object.fromEntries(call?.query ?? [])).toEqual({ serviceAccountId: PRINCIPAL, pageSize: '100' });
  });

  it('follows nextPageToken until it is empty', async () => {
    // Prepare
    for (let n = 0; n < 230; n++) seedKey(api, PRINCIPAL);
    const { keys } = yandexTestStack(api);

    // Act
    const listed = await keys.listKeys(PRINCIPAL);

    // Assess
    expect(listed).toHaveLength(230);
    expect(new Set(listed.map((key) => key.keyId)).size).toBe(230);
    expect(api.callsTo('GET', ACCESS_KEYS_PATH).map((call) => call.query.get('pageToken'))).toEqual([
      null,
      '100',
      '200',
    ]);
  });

  it('reports an unknown service account as PrincipalNotFoundError', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);

    // Act
    const error = await rejectionOf(keys.listKeys('ajenosuchaccount0001'));

    // Assess
    expect(error).toMatchObject({ name: 'PrincipalNotFoundError' });
    expect(error.message).toContain('ajenosuchaccount0001');
  });

  it('reads lastUsedAt with GET on the resource id that the keyId maps to', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL, { lastUsedAt: '2024-06-10T08:00:00Z' });
    const { keys } = yandexTestStack(api);

    // Act
    const lastUsedAt = await keys.lastUsedAt(PRINCIPAL, key.keyId);

    // Assess
    expect(lastUsedAt).toBe('2024-06-10T08:00:00Z');
    expect(api.callsTo('GET', `${ACCESS_KEYS_PATH}/`).map((call) => call.path)).toEqual([
      `${ACCESS_KEYS_PATH}/${key.id}`,
    ]);
  });

  it('remembers the keyId-to-id mapping, listing only once', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL);
    const { keys } = yandexTestStack(api);
    await keys.listKeys(PRINCIPAL);

    // Act
    await keys.lastUsedAt(PRINCIPAL, key.keyId);
    await keys.lastUsedAt(PRINCIPAL, key.keyId);

    // Assess
    expect(
      api.callsTo('GET', ACCESS_KEYS_PATH).filter((call) => call.path === ACCESS_KEYS_PATH),
    ).toHaveLength(1);
  });

  it('answers undefined for a key never used, and for a key that is gone', async () => {
    // Prepare
    const unused = seedKey(api, PRINCIPAL);
    const { keys } = yandexTestStack(api);

    // Act
    const neverUsed = await keys.lastUsedAt(PRINCIPAL, unused.keyId);
    const gone = await keys.lastUsedAt(PRINCIPAL, 'YCNOSUCHKEY');

    // Assess
    expect(neverUsed).toBeUndefined();
    expect(gone).toBeUndefined();
  });

  it("refuses to report on a key that the API says is another account's", async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL);
    api.failNext((call) => call.path === `${ACCESS_KEYS_PATH}/${key.id}`, {
      status: 200,
      body: { id: key.id, keyId: key.keyId, serviceAccountId: 'ajeotheraccount00001' },
    });
    const { keys } = yandexTestStack(api);

    // Act
    const error = await rejectionOf(keys.lastUsedAt(PRINCIPAL, key.keyId));

    // Assess
    expect(error).toMatchObject({ name: 'UnsafeKeyOperationError' });
  });
});
