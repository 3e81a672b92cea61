import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedYandexServiceAccount } from '../src/index.ts';
import { startTestCloud, type TestCloud } from './local-cloud-fixture.ts';
import { ACCESS_KEYS_PATH, iamToken, seedIdentity, yc } from './yandex-fixture.ts';

const SA = 'ajetargetaccount0001';

describe('Yandex AccessKey service: list, get, create', () => {
  let t: TestCloud;
  let token: string;
  beforeEach(async () => {
    t = await startTestCloud();
    token = await iamToken(t.cloud, seedIdentity(t.cloud));
  });
  afterEach(() => t.close());

  it('pages through an account keys with pageSize and nextPageToken', async () => {
    const { keyIds } = seedYandexServiceAccount(t.cloud, {
      serviceAccountId: SA,
      keys: [{ ageDays: 30 }, { ageDays: 20 }, { ageDays: 10 }],
    });

    const first = await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}?serviceAccountId=${SA}&pageSize=2`, {
      token,
    });
    const second = await yc(
      t.cloud,
      'GET',
      `${ACCESS_KEYS_PATH}?serviceAccountId=${SA}&pageSize=2&pageToken=${first.body.nextPageToken}`,
      { token },
    );

    expect(first.status).toBe(200);
    expect(first.body.accessKeys.map((key: { keyId: string }) => key.keyId)).toEqual(keyIds.slice(0, 2));
    expect(first.body.nextPageToken).toEqual(expect.any(String));
    expect(second.body.accessKeys.map((key: { keyId: string }) => key.keyId)).toEqual(keyIds.slice(2));
    expect(second.body).not.toHaveProperty('nextPageToken');
  });

  it('lists AccessKey JSON without secrets and without lastUsedAt for an unused key', async () => {
    seedYandexServiceAccount(t.cloud, { serviceAccountId: SA, keys: [{ ageDays: 3, description: 'ci' }] });
    const [stored] = t.cloud.yandex.listAccessKeys(SA);

    const listed = await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}?serviceAccountId=${SA}`, { token });

    expect(listed.body.accessKeys).toEqual([
      {
        id: stored?.id,
        serviceAccountId: SA,
        createdAt: stored?.createdAt,
        description: 'ci',
        keyId: stored?.keyId,
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(stored?.secret);
  });

  it('refuses an unknown account with 404 NOT_FOUND and a pageSize out of range with 400', async () => {
    seedYandexServiceAccount(t.cloud, { serviceAccountId: SA, keys: [] });

    const unknown = await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}?serviceAccountId=ajenosuchaccount0000`, {
      token,
    });
    const tooLarge = await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}?serviceAccountId=${SA}&pageSize=1001`, {
      token,
    });
    const negative = await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}?serviceAccountId=${SA}&pageSize=-1`, {
      token,
    });
    const missing = await yc(t.cloud, 'GET', ACCESS_KEYS_PATH, { token });

    expect(unknown).toEqual({ status: 404, body: { code: 5, message: expect.any(String), details: [] } });
    expect([tooLarge, negative, missing].map((r) => [r.status, r.body.code])).toEqual([
      [400, 3],
      [400, 3],
      [400, 3],
    ]);
  });

  it('returns the secret once from Create, directly rather than as an Operation', async () => {
    seedYandexServiceAccount(t.cloud, { serviceAccountId: SA, keys: [] });

    const created = await yc(t.cloud, 'POST', ACCESS_KEYS_PATH, {
      token,
      body: { serviceAccountId: SA, description: 'rotation r-1' },
    });
    const fetched = await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}/${created.body.accessKey.id}`, { token });

    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      accessKey: {
        id: expect.stringMatching(/^aje[a-z0-9]{17}$/),
        serviceAccountId: SA,
        createdAt: expect.any(String),
        description: 'rotation r-1',
        keyId: expect.stringMatching(/^YC[A-Za-z0-9_-]{23}$/),
      },
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{40}$/),
    });
    expect(fetched).toEqual({ status: 200, body: created.body.accessKey });
    expect(JSON.stringify(fetched.body)).not.toContain(created.body.secret);
    expect(t.cloud.yandex.findAccessKeyByKeyId(created.body.accessKey.keyId)?.secret).toBe(
      created.body.secret,
    );
  });

  it('refuses a description over 256 characters, an unknown field and an unknown account', async () => {
    seedYandexServiceAccount(t.cloud, { serviceAccountId: SA, keys: [] });
    const create = (body: unknown) => yc(t.cloud, 'POST', ACCESS_KEYS_PATH, { token, body });

    const longDescription = await create({ serviceAccountId: SA, description: 'x'.repeat(257) });
    const withStatus = await create({ serviceAccountId: SA, status: 'ACTIVE' });
    const noAccount = await create({ serviceAccountId: 'ajenosuchaccount0000' });
    const atLimit = await create({ serviceAccountId: SA, description: 'x'.repeat(256) });

    expect([longDescription, withStatus].map((r) => [r.status, r.body.code])).toEqual([
      [400, 3],
      [400, 3],
    ]);
    expect(noAccount.body).toEqual({ code: 5, message: expect.any(String), details: [] });
    expect(atLimit.status).toBe(200);
    expect(t.cloud.yandex.listAccessKeys(SA)).toHaveLength(1);
  });

  it('answers 404 NOT_FOUND for a key that does not exist', async () => {
    const missing = await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}/ajenosuchkey00000000`, { token });

    expect(missing).toEqual({ status: 404, body: { code: 5, message: expect.any(String), details: [] } });
  });

  it('records mutating calls with method, path and the parsed body, but never the secret', async () => {
    seedYandexServiceAccount(t.cloud, { serviceAccountId: SA, keys: [] });
    const from = t.cloud.requests.length;

    const created = await yc(t.cloud, 'POST', ACCESS_KEYS_PATH, { token, body: { serviceAccountId: SA } });
    await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}?serviceAccountId=${SA}`, { token });

    expect(t.cloud.requests.slice(from).map(({ at: _at, ...rest }) => rest)).toEqual([
      {
        service: 'yandex-iam',
        action: 'CreateAccessKey',
        mutating: true,
        status: 200,
        http: { method: 'POST', path: ACCESS_KEYS_PATH, body: { serviceAccountId: SA } },
      },
      {
        service: 'yandex-iam',
        action: 'ListAccessKeys',
        mutating: false,
        status: 200,
        http: { method: 'GET', path: ACCESS_KEYS_PATH },
      },
    ]);
    expect(JSON.stringify(t.cloud.requests)).not.toContain(created.body.secret);
  });
});
