import { createPublicKey } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ROTATOR_SERVICE_ACCOUNT_ID,
  seedYandexRotatorIdentity,
  seedYandexServiceAccount,
} from '../src/index.ts';
import { startTestCloud, type TestCloud } from './local-cloud-fixture.ts';
import { AUTHORIZED_KEY_SECRET, seedIdentity, signJwt, yc } from './yandex-fixture.ts';

const SA = 'ajetargetaccount0001';
const MANAGED_SECRET = `access-key-rotator/yandex/${SA}`;
const DAY_MS = 24 * 3600 * 1000;

describe('Yandex seeding', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
  });
  afterEach(() => t.close());

  it('creates backdated static keys and a managed secret holding keys[keyIndex]', () => {
    const { keyIds } = seedYandexServiceAccount(t.cloud, {
      serviceAccountId: SA,
      keys: [{ ageDays: 95, description: 'app' }, { ageDays: 2 }],
      managedSecret: { name: MANAGED_SECRET, keyIndex: 1 },
    });

    const keys = t.cloud.yandex.listAccessKeys(SA);
    const ageDays = (iso: string) => Math.round((Date.now() - Date.parse(iso)) / DAY_MS);
    expect(keys.map((key) => [key.keyId, ageDays(key.createdAt), key.description])).toEqual([
      [keyIds[0], 95, 'app'],
      [keyIds[1], 2, ''],
    ]);
    expect(keyIds.every((keyId) => keyId.startsWith('YC'))).toBe(true);
    expect(JSON.parse(t.cloud.secrets.getSecretValue(MANAGED_SECRET).secretString ?? '')).toEqual({
      Version: 1,
      AccessKeyId: keyIds[1],
      SecretAccessKey: keys[1]?.secret,
    });
    expect(t.cloud.secrets.describeSecret(MANAGED_SECRET).tags).toEqual({
      provider: 'yandex',
      principal: SA,
    });
  });

  it('replaces the keys and the secret when seeding the same account again', () => {
    const first = seedYandexServiceAccount(t.cloud, {
      serviceAccountId: SA,
      keys: [{ ageDays: 10 }, { ageDays: 5 }],
      managedSecret: { name: MANAGED_SECRET, keyIndex: 0 },
    });

    const second = seedYandexServiceAccount(t.cloud, {
      serviceAccountId: SA,
      keys: [{ ageDays: 1 }],
      managedSecret: { name: MANAGED_SECRET, keyIndex: 0 },
    });

    expect(t.cloud.yandex.listAccessKeys(SA).map((key) => key.keyId)).toEqual(second.keyIds);
    expect(t.cloud.yandex.findAccessKeyByKeyId(first.keyIds[0] ?? '')).toBeUndefined();
    const value = JSON.parse(t.cloud.secrets.getSecretValue(MANAGED_SECRET).secretString ?? '');
    expect(value.AccessKeyId).toBe(second.keyIds[0]);
  });

  it('refuses a managedSecret.keyIndex that names no key', () => {
    expect(() =>
      seedYandexServiceAccount(t.cloud, {
        serviceAccountId: SA,
        keys: [{ ageDays: 1 }],
        managedSecret: { name: MANAGED_SECRET, keyIndex: 1 },
      }),
    ).toThrow(/keyIndex 1/);
  });

  it('stores the rotator authorized key JSON exactly as Yandex issues it, untagged', () => {
    const seeded = seedYandexRotatorIdentity(t.cloud, { secretName: AUTHORIZED_KEY_SECRET });

    const keyJson = JSON.parse(t.cloud.secrets.getSecretValue(AUTHORIZED_KEY_SECRET).secretString ?? '');
    expect(Object.keys(keyJson)).toEqual([
      'id',
      'service_account_id',
      'created_at',
      'key_algorithm',
      'public_key',
      'private_key',
    ]);
    expect(keyJson).toMatchObject({
      id: seeded.authorizedKeyId,
      service_account_id: DEFAULT_ROTATOR_SERVICE_ACCOUNT_ID,
      key_algorithm: 'RSA_2048',
    });
    expect(keyJson.private_key).toMatch(
      new RegExp(
        `^PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <${seeded.authorizedKeyId}>\\n-----BEGIN PRIVATE KEY-----\\n`,
      ),
    );
    expect(createPublicKey(keyJson.public_key).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(t.cloud.yandex.findAuthorizedKey(seeded.authorizedKeyId)?.publicKey).toBe(keyJson.public_key);
    expect(t.cloud.secrets.describeSecret(AUTHORIZED_KEY_SECRET).tags).toEqual({});
  });

  it('replaces the authorized key when called again: only the new key can sign', async () => {
    const before = seedIdentity(t.cloud);

    const after = seedIdentity(t.cloud);
    const oldJwt = await signJwt(before);
    const newJwt = await signJwt(after);

    expect(after.serviceAccountId).toBe(before.serviceAccountId);
    expect(after.authorizedKeyId).not.toBe(before.authorizedKeyId);
    expect(t.cloud.yandex.findServiceAccount(after.serviceAccountId)?.authorizedKeyIds).toEqual([
      after.authorizedKeyId,
    ]);
    expect((await yc(t.cloud, 'POST', '/iam/v1/tokens', { body: { jwt: oldJwt } })).status).toBe(401);
    expect((await yc(t.cloud, 'POST', '/iam/v1/tokens', { body: { jwt: newJwt } })).status).toBe(200);
  });
});
