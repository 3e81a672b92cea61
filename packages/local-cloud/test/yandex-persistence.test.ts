import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LEGACY_SNAPSHOT_FILE_NAME,
  type LocalCloud,
  readPersistedCloudState,
  seedYandexServiceAccount,
  startLocalCloud,
} from '../src/index.ts';
import { tempStateDir } from './local-cloud-fixture.ts';
import { ACCESS_KEYS_PATH, awaitOperation, iamToken, seedIdentity, yc } from './yandex-fixture.ts';

const SA = 'ajetargetaccount0001';

/** Every file of the state dir (the snapshot and its journal), as one text. */
function filesOf(stateDir: string): string {
  return readdirSync(stateDir)
    .map((file) => readFileSync(join(stateDir, file), 'utf8'))
    .join('\n');
}

describe('Yandex state persistence', () => {
  const open: LocalCloud[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const cloud of open.splice(0)) await cloud.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function start(stateDir: string): Promise<LocalCloud> {
    const cloud = await startLocalCloud({ stateDir, yandexOperationDelayMs: 50 });
    open.push(cloud);
    return cloud;
  }

  function newStateDir(): string {
    const dir = tempStateDir();
    dirs.push(dir);
    return dir;
  }

  it('serves one instance tokens, keys and operations from another on the same state dir', async () => {
    const stateDir = newStateDir();
    const [first, second] = [await start(stateDir), await start(stateDir)];
    seedYandexServiceAccount(first, { serviceAccountId: SA, keys: [{ ageDays: 40 }] });
    const token = await iamToken(first, seedIdentity(first));
    const keyId = first.yandex.listAccessKeys(SA)[0]?.id;

    const started = await yc(first, 'PATCH', `${ACCESS_KEYS_PATH}/${keyId}`, {
      token,
      body: { updateMask: 'description', description: 'retired' },
    });
    const finished = await awaitOperation(second, token, started.body.id);

    expect(finished.body).toMatchObject({ done: true, response: { id: keyId, description: 'retired' } });
    expect(first.yandex.findAccessKey(keyId ?? '')?.description).toBe('retired');
  });

  it('restores keys after a restart and keeps only a digest of each IAM token on disk', async () => {
    const stateDir = newStateDir();
    const before = await start(stateDir);
    const { keyIds } = seedYandexServiceAccount(before, { serviceAccountId: SA, keys: [{ ageDays: 1 }] });
    const token = await iamToken(before, seedIdentity(before));
    const whileServed = filesOf(stateDir);
    await before.close();
    open.splice(open.indexOf(before), 1);

    const after = await start(stateDir);
    const listed = await yc(after, 'GET', `${ACCESS_KEYS_PATH}?serviceAccountId=${SA}`, { token });

    expect(listed.body.accessKeys.map((key: { keyId: string }) => key.keyId)).toEqual(keyIds);
    const onDisk = filesOf(stateDir);
    expect(Object.keys(readPersistedCloudState(stateDir).yandex)).toEqual([
      'serviceAccounts',
      'accessKeys',
      'operations',
      'tokens',
    ]);
    expect(onDisk).not.toContain(token);
    expect(whileServed).toContain(SA);
    expect(whileServed).not.toContain(token);
  });

  it('loads a cloud.json written before the Yandex section existed', async () => {
    const stateDir = newStateDir();
    const legacy = {
      formatVersion: 1,
      iam: { users: {}, accessKeys: {} },
      secrets: {},
      dynamodb: { tables: {} },
    };
    writeFileSync(join(stateDir, LEGACY_SNAPSHOT_FILE_NAME), JSON.stringify(legacy));

    const cloud = await start(stateDir);
    seedYandexServiceAccount(cloud, { serviceAccountId: SA, keys: [{ ageDays: 1 }] });

    expect(cloud.yandex.listAccessKeys(SA)).toHaveLength(1);
  });
});
