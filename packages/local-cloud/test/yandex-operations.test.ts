import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedYandexServiceAccount } from '../src/index.ts';
import { startTestCloud, type TestCloud } from './local-cloud-fixture.ts';
import {
  ACCESS_KEYS_PATH,
  awaitOperation,
  iamToken,
  type RotatorIdentity,
  seedIdentity,
  yc,
} from './yandex-fixture.ts';

const SA = 'ajetargetaccount0001';

describe('Yandex AccessKey Update and Delete operations', () => {
  let t: TestCloud;
  let identity: RotatorIdentity;
  let token: string;
  let keyId: string;
  beforeEach(async () => {
    t = await startTestCloud({ yandexOperationDelayMs: 150 });
    identity = seedIdentity(t.cloud);
    token = await iamToken(t.cloud, identity);
    seedYandexServiceAccount(t.cloud, { serviceAccountId: SA, keys: [{ ageDays: 90, description: 'app' }] });
    keyId = t.cloud.yandex.listAccessKeys(SA)[0]?.id ?? '';
  });
  afterEach(() => t.close());

  const patch = (body: unknown) => yc(t.cloud, 'PATCH', `${ACCESS_KEYS_PATH}/${keyId}`, { token, body });

  it('answers PATCH with a running Operation that later completes with the updated AccessKey', async () => {
    const started = await patch({ updateMask: 'description', description: 'retired by r-1' });
    const before = t.cloud.yandex.findAccessKey(keyId)?.description;
    const finished = await awaitOperation(t.cloud, token, started.body.id);

    expect(started.status).toBe(200);
    expect(started.body).toEqual({
      id: expect.stringMatching(/^aje[a-z0-9]{17}$/),
      description: 'Update access key',
      createdAt: expect.any(String),
      createdBy: identity.serviceAccountId,
      modifiedAt: expect.any(String),
      done: false,
      metadata: { accessKeyId: keyId },
    });
    expect(before).toBe('app');
    expect(finished.body).toMatchObject({ id: started.body.id, done: true });
    expect(finished.body).not.toHaveProperty('error');
    expect(finished.body.response).toEqual({
      id: keyId,
      serviceAccountId: SA,
      createdAt: expect.any(String),
      description: 'retired by r-1',
      keyId: t.cloud.yandex.findAccessKey(keyId)?.keyId,
    });
    expect(t.cloud.yandex.findAccessKey(keyId)?.description).toBe('retired by r-1');
  });

  it('records the PATCH with its method, path and exact body', async () => {
    await patch({ updateMask: 'description', description: 'retired' });

    const recorded = t.cloud.requests.find((request) => request.action === 'UpdateAccessKey');

    expect(recorded).toMatchObject({
      service: 'yandex-iam',
      mutating: true,
      status: 200,
      http: {
        method: 'PATCH',
        path: `${ACCESS_KEYS_PATH}/${keyId}`,
        body: { updateMask: 'description', description: 'retired' },
      },
    });
  });

  it('refuses a mask naming a field that cannot be updated with 400 INVALID_ARGUMENT', async () => {
    const refused = await patch({ updateMask: 'description,status', description: 'x' });

    expect(refused).toEqual({
      status: 400,
      body: { code: 3, message: expect.stringMatching(/status/), details: [] },
    });
    expect(t.cloud.yandex.findAccessKey(keyId)?.description).toBe('app');
  });

  it('overwrites every field when updateMask is absent, resetting an unsent description', async () => {
    const started = await patch({});
    const finished = await awaitOperation(t.cloud, token, started.body.id);

    expect(finished.body.response.description).toBe('');
    expect(t.cloud.yandex.findAccessKey(keyId)?.description).toBe('');
  });

  it('deletes a key through an Operation: the key stays until the operation completes', async () => {
    const started = await yc(t.cloud, 'DELETE', `${ACCESS_KEYS_PATH}/${keyId}`, { token });
    const stillThere = await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}/${keyId}`, { token });
    const finished = await awaitOperation(t.cloud, token, started.body.id);
    const gone = await yc(t.cloud, 'GET', `${ACCESS_KEYS_PATH}/${keyId}`, { token });

    expect(started.body).toMatchObject({
      description: 'Delete access key',
      done: false,
      metadata: { accessKeyId: keyId },
    });
    expect(stillThere.status).toBe(200);
    expect(finished.body).toMatchObject({ done: true, response: {} });
    expect(gone.status).toBe(404);
    expect(t.cloud.yandex.listAccessKeys(SA)).toEqual([]);
  });

  it('completes an operation with an error, changing nothing, when a yandex-operation fault is armed', async () => {
    t.cloud.injectFault({
      service: 'yandex-operation',
      action: 'DeleteAccessKey',
      error: { code: '13', message: 'injected internal error', status: 500 },
    });

    const started = await yc(t.cloud, 'DELETE', `${ACCESS_KEYS_PATH}/${keyId}`, { token });
    const finished = await awaitOperation(t.cloud, token, started.body.id);

    expect(started.status).toBe(200);
    expect(finished.body).toMatchObject({
      done: true,
      error: { code: 13, message: 'injected internal error', details: [] },
    });
    expect(finished.body).not.toHaveProperty('response');
    expect(t.cloud.yandex.findAccessKey(keyId)).toBeDefined();
  });

  it('keeps an operation fault armed through a refused call and fails the next accepted Update', async () => {
    t.cloud.injectFault({
      service: 'yandex-operation',
      action: 'UpdateAccessKey',
      error: { code: '9', message: 'key is busy', status: 400 },
    });

    const refused = await patch({ updateMask: 'status' });
    const started = await patch({ updateMask: 'description', description: 'retired' });
    const finished = await awaitOperation(t.cloud, token, started.body.id);

    expect(refused.status).toBe(400);
    expect(finished.body).toMatchObject({ done: true, error: { code: 9, message: 'key is busy' } });
    expect(t.cloud.yandex.findAccessKey(keyId)?.description).toBe('app');
  });

  it('fails the call itself with google.rpc.Status when a yandex-iam fault is armed', async () => {
    t.cloud.injectFault({
      service: 'yandex-iam',
      action: 'UpdateAccessKey',
      error: { code: '14', message: 'try again', status: 503 },
    });

    const failed = await patch({ updateMask: 'description', description: 'x' });
    const retried = await patch({ updateMask: 'description', description: 'x' });

    expect(failed).toEqual({ status: 503, body: { code: 14, message: 'try again', details: [] } });
    expect(retried.status).toBe(200);
  });

  it('answers 404 NOT_FOUND for an unknown operation and a PATCH of a missing key', async () => {
    const operation = await yc(t.cloud, 'GET', '/operations/ajenosuchoperation00', { token });
    const missingKey = await yc(t.cloud, 'PATCH', `${ACCESS_KEYS_PATH}/ajenosuchkey00000000`, {
      token,
      body: { updateMask: 'description' },
    });

    expect(operation).toEqual({ status: 404, body: { code: 5, message: expect.any(String), details: [] } });
    expect(missingKey.body.code).toBe(5);
  });
});
