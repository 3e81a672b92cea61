import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_KEYS_PATH, seedKey } from './fake-access-key-routes.ts';
import { FakeYandexApi, status } from './fake-yandex-api.ts';
import { PRINCIPAL, rejectionOf, yandexTestStack } from './yandex-test-stack.ts';

const retireContext = {
  rotationId: 'rot-42',
  retiredAt: '2024-06-08T10:00:00.000Z',
  deleteAfter: '2024-06-15T10:00:00.000Z',
};
const RETIRED_DESCRIPTION =
  'access-key-rotator: retired 2024-06-08T10:00:00.000Z by rot-42; delete after 2024-06-15T10:00:00.000Z';

describe('Yandex access key provider: changes', () => {
  let api: FakeYandexApi;
  beforeEach(async () => {
    api = await FakeYandexApi.start();
    api.serviceAccounts.add(PRINCIPAL);
  });
  afterEach(() => api.close());

  it('creates a key described with the rotation id, returning the secret to the caller only', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);

    // Act
    const created = await keys.createKey(PRINCIPAL, 'rot-42');

    // Assess
    const stored = [...api.keys.values()][0];
    expect(created).toEqual({
      keyId: stored?.keyId,
      secretAccessKey: stored?.secret,
      createdAt: stored?.createdAt,
    });
    const [call] = api.callsTo('POST', ACCESS_KEYS_PATH);
    expect(JSON.parse(call?.bodyText ?? '')).toEqual({
      serviceAccountId: PRINCIPAL,
      description: 'access-key-rotator rot-42',
    });
  });

  it('sends the PATCH exactly as the API reference shows it', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL, { description: 'used by the billing exporter' });
    const { keys } = yandexTestStack(api);

    // Act
    const result = await keys.retireKey(PRINCIPAL, key.keyId, retireContext);

    // Assess
    const patches = api.callsTo('PATCH', ACCESS_KEYS_PATH);
    expect(patches).toHaveLength(1);
    const [patch] = patches;
    expect(patch?.method).toBe('PATCH');
    expect(patch?.path).toBe(`/iam/aws-compatibility/v1/accessKeys/${key.id}`);
    expect(patch?.bodyText).toBe(`{"updateMask":"description","description":"${RETIRED_DESCRIPTION}"}`);
    expect(patch?.headers['content-type']).toBe('application/json');
    expect(patch?.headers.authorization).toBe('Bearer t1.fake-iam-token-1');
    expect(result).toEqual({ previousDescription: 'used by the billing exporter' });
    expect(api.keys.get(key.id)?.description).toBe(RETIRED_DESCRIPTION);
  });

  it('waits for the Update operation to finish', async () => {
    // Prepare
    api.operationPolls = 2;
    const key = seedKey(api, PRINCIPAL);
    const { keys } = yandexTestStack(api);

    // Act
    const result = await keys.retireKey(PRINCIPAL, key.keyId, retireContext);

    // Assess
    expect(result).toEqual({ previousDescription: '' });
    expect(api.callsTo('GET', '/operations/')).toHaveLength(2);
  });

  it('lists the retired key as Inactive afterwards', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL);
    const { keys } = yandexTestStack(api);
    await keys.retireKey(PRINCIPAL, key.keyId, retireContext);

    // Act
    const listed = await keys.listKeys(PRINCIPAL);

    // Assess
    expect(listed).toEqual([{ keyId: key.keyId, status: 'Inactive', createdAt: key.createdAt }]);
  });

  it('does not patch a key already marked retired, nor one that is gone', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL, { description: RETIRED_DESCRIPTION });
    const { keys } = yandexTestStack(api);

    // Act
    const again = await keys.retireKey(PRINCIPAL, key.keyId, retireContext);
    const gone = await keys.retireKey(PRINCIPAL, 'YCNOSUCHKEY', retireContext);

    // Assess
    expect(again).toEqual({});
    expect(gone).toEqual({});
    expect(api.callsTo('PATCH', ACCESS_KEYS_PATH)).toEqual([]);
  });

  it('raises YandexOperationError when the Update operation fails', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL);
    api.failNext((call) => call.method === 'PATCH', {
      status: 200,
      body: { id: 'op-x', done: true, error: { code: 9, message: 'key is locked' } },
    });
    const { keys } = yandexTestStack(api);

    // Act
    const error = await rejectionOf(keys.retireKey(PRINCIPAL, key.keyId, retireContext));

    // Assess
    expect(error).toMatchObject({ name: 'YandexOperationError', code: 9, operationId: 'op-x' });
  });

  it('deletes by resource id and waits for the operation', async () => {
    // Prepare
    api.operationPolls = 1;
    const key = seedKey(api, PRINCIPAL);
    const { keys } = yandexTestStack(api);

    // Act
    await keys.deleteKey(PRINCIPAL, key.keyId);

    // Assess
    expect(api.callsTo('DELETE', ACCESS_KEYS_PATH).map((call) => call.path)).toEqual([
      `${ACCESS_KEYS_PATH}/${key.id}`,
    ]);
    expect(api.callsTo('GET', '/operations/')).toHaveLength(1);
    expect(api.keys.has(key.id)).toBe(false);
  });

  it('treats a key already gone as deleted: unlisted, NOT_FOUND, or a NOT_FOUND operation', async () => {
    // Prepare
    const raced = seedKey(api, PRINCIPAL);
    const failedOperation = seedKey(api, PRINCIPAL);
    const { keys } = yandexTestStack(api);
    await keys.listKeys(PRINCIPAL);
    api.keys.delete(raced.id);
    api.failNext((call) => call.method === 'DELETE' && call.path.endsWith(failedOperation.id), {
      status: 200,
      body: { id: 'op-y', done: true, error: { code: 5, message: 'not found' } },
    });

    // Act
    await keys.deleteKey(PRINCIPAL, 'YCNEVERLISTED');
    await keys.deleteKey(PRINCIPAL, raced.keyId);
    await keys.deleteKey(PRINCIPAL, failedOperation.keyId);

    // Assess
    expect(api.callsTo('DELETE', ACCESS_KEYS_PATH)).toHaveLength(2);
  });

  it('lets other delete failures through', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL);
    api.failNext((call) => call.method === 'DELETE', status(403, 7, 'denied'));
    const { keys } = yandexTestStack(api);

    // Act
    const error = await rejectionOf(keys.deleteKey(PRINCIPAL, key.keyId));

    // Assess
    expect(error).toMatchObject({ name: 'YandexApiError', kind: 'PERMISSION_DENIED' });
  });
});
