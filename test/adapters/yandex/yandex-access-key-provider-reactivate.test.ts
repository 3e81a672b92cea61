import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_KEYS_PATH, seedKey } from './fake-access-key-routes.ts';
import { FakeYandexApi } from './fake-yandex-api.ts';
import { PRINCIPAL, rejectionOf, yandexTestStack } from './yandex-test-stack.ts';

const RETIRED_DESCRIPTION =
  'access-key-rotator: retired 2024-06-08T10:00:00.000Z by rot-42; delete after 2024-06-15T10:00:00.000Z';

describe('Yandex access key provider: re-activation', () => {
  let api: FakeYandexApi;
  beforeEach(async () => {
    api = await FakeYandexApi.start();
    api.serviceAccounts.add(PRINCIPAL);
  });
  afterEach(() => api.close());

  it('PATCHes the description back and waits for the operation', async () => {
    // Prepare
    api.operationPolls = 2;
    const key = seedKey(api, PRINCIPAL, { description: RETIRED_DESCRIPTION });
    const { keys } = yandexTestStack(api);

    // Act
    await keys.reactivateKey(PRINCIPAL, key.keyId, { previousDescription: 'used by the billing exporter' });

    // Assess
    const patches = api.callsTo('PATCH', ACCESS_KEYS_PATH);
    expect(patches.map((call) => [call.path, call.bodyText])).toEqual([
      [
        `${ACCESS_KEYS_PATH}/${key.id}`,
        '{"updateMask":"description","description":"used by the billing exporter"}',
      ],
    ]);
    expect(api.callsTo('GET', '/operations/')).toHaveLength(2);
    expect(api.keys.get(key.id)?.description).toBe('used by the billing exporter');
    expect(await keys.listKeys(PRINCIPAL)).toEqual([
      { keyId: key.keyId, status: 'Active', createdAt: key.createdAt },
    ]);
  });

  it('writes an empty description when none was recorded', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL, { description: RETIRED_DESCRIPTION });
    const { keys } = yandexTestStack(api);

    // Act
    await keys.reactivateKey(PRINCIPAL, key.keyId, {});

    // Assess
    expect(api.callsTo('PATCH', ACCESS_KEYS_PATH)[0]?.bodyText).toBe(
      '{"updateMask":"description","description":""}',
    );
    expect(api.keys.get(key.id)?.description).toBe('');
  });

  it('leaves a key that is not marked retired as it is', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL, { description: 'someone else wrote this' });
    const { keys } = yandexTestStack(api);

    // Act
    await keys.reactivateKey(PRINCIPAL, key.keyId, { previousDescription: 'old' });

    // Assess
    expect(api.callsTo('PATCH', ACCESS_KEYS_PATH)).toEqual([]);
    expect(api.keys.get(key.id)?.description).toBe('someone else wrote this');
  });

  it('says the key is already deleted when the account no longer has it', async () => {
    // Prepare
    const { keys } = yandexTestStack(api);

    // Act
    const error = await rejectionOf(keys.reactivateKey(PRINCIPAL, 'YCNOSUCHKEY', {}));

    // Assess
    expect(error.name).toBe('UnsafeKeyOperationError');
    expect(error.message).toBe(
      `access key YCNOSUCHKEY of service account ${PRINCIPAL} is already deleted: it cannot be re-activated`,
    );
    expect(api.callsTo('PATCH', ACCESS_KEYS_PATH)).toEqual([]);
  });

  it('says the key is already deleted when it vanishes under the PATCH', async () => {
    // Prepare
    const key = seedKey(api, PRINCIPAL, { description: RETIRED_DESCRIPTION });
    const { keys } = yandexTestStack(api);
    api.failNext((call) => call.method === 'PATCH', {
      status: 200,
      body: { id: 'op-z', done: true, error: { code: 5, message: 'not found' } },
    });

    // Act
    const error = await rejectionOf(keys.reactivateKey(PRINCIPAL, key.keyId, {}));

    // Assess
    expect(error.message).toMatch(/already deleted/);
  });
});
