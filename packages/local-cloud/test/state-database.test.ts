import { chmodSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LEGACY_JOURNAL_FILE_NAME,
  LEGACY_SNAPSHOT_FILE_NAME,
  readPersistedCloudState,
  STATE_DATABASE_FILE_NAME,
} from '../src/index.ts';
import type { StoredUser } from '../src/state/cloud-state.ts';
import { CloudStateStore } from '../src/state/cloud-state-store.ts';
import { committedChanges, tempStateDir } from './local-cloud-fixture.ts';

const user = (userName: string): StoredUser => ({
  userName,
  userId: `AIDA${userName.toUpperCase()}`,
  path: '/',
  createDate: '2025-01-01T00:00:00.000Z',
  tags: {},
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('CloudStateStore: the SQLite state database', () => {
  const dirs: string[] = [];
  const stores: CloudStateStore[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function stateDir(): string {
    const dir = tempStateDir();
    dirs.push(dir);
    return dir;
  }

  function open(dir: string): CloudStateStore {
    const store = new CloudStateStore(dir);
    stores.push(store);
    return store;
  }

  function addUser(store: CloudStateStore, name: string): void {
    store.mutate((draft) => {
      draft.iam.users[name] = user(name);
    });
  }

  it('commits one change per mutation and a batch as one; a change that throws commits nothing', () => {
    const dir = stateDir();
    const store = open(dir);
    addUser(store, 'alice');
    const before = structuredClone(store.read());
    const afterAlice = committedChanges(dir);

    const failing = () =>
      store.mutate((draft) => {
        draft.iam.users.bob = user('bob');
        delete draft.iam.users.alice;
        throw new Error('refused');
      });
    expect(failing).toThrow('refused');
    expect(committedChanges(dir)).toBe(afterAlice);
    expect(store.read()).toEqual(before);

    store.batch(() => {
      addUser(store, 'bob');
      addUser(store, 'carol');
    });
    expect(committedChanges(dir)).toBe(afterAlice + 1);
    expect(Object.keys(readPersistedCloudState(dir).iam.users)).toEqual(['alice', 'bob', 'carol']);
  });

  it("makes each change against the current state, another store's changes included", () => {
    const dir = stateDir();
    const first = open(dir);
    const second = open(dir);
    addUser(first, 'alice');

    addUser(first, 'bob');
    // `second` never read since alice: its change must still land on the state that holds bob.
    second.mutate((draft) => {
      (draft.iam.users.bob as StoredUser).path = '/second/';
    });

    expect(Object.keys(second.read().iam.users)).toEqual(['alice', 'bob']);
    expect(first.read().iam.users.bob?.path).toBe('/second/');
  });

  it('folds the changes into a new snapshot once they outgrow it; a store that was behind loads it', () => {
    const dir = stateDir();
    const writer = open(dir);
    const behind = open(dir);
    addUser(writer, 'alice');
    expect(Object.keys(behind.read().iam.users)).toEqual(['alice']);
    const body = 'x'.repeat(300 * 1024);

    for (let i = 0; i < 4; i++)
      writer.mutate((draft) => {
        draft.iam.users[`big-${i}`] = { ...user(`big-${i}`), tags: { body } };
      });

    expect(behind.read()).toEqual(writer.read());
    expect(open(dir).read()).toEqual(writer.read());
    expect(Object.keys(readPersistedCloudState(dir).iam.users)).toHaveLength(5);
  });

  it('creates its folder 0700 and the database 0600, and tightens a database left readable', () => {
    const parent = stateDir();
    const dir = join(parent, 'nested', '.akr');
    const store = open(dir);
    addUser(store, 'alice');

    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(parent, 'nested'))).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toContain(STATE_DATABASE_FILE_NAME);
    // The WAL files SQLite keeps beside it hold the same secrets, with the same mode.
    for (const file of files) expect([file, modeOf(join(dir, file))]).toEqual([file, 0o600]);
    store.close();
    stores.splice(stores.indexOf(store), 1);

    chmodSync(join(dir, STATE_DATABASE_FILE_NAME), 0o644);
    open(dir).read();
    expect(modeOf(join(dir, STATE_DATABASE_FILE_NAME))).toBe(0o600);
  });

  it('imports cloud.json and cloud.journal of an older version once, then removes them', () => {
    const dir = stateDir();
    const old = {
      formatVersion: 1,
      journalGeneration: 3,
      iam: { users: { bob: user('bob') }, accessKeys: {} },
      secrets: {},
      dynamodb: { tables: {} },
    };
    writeFileSync(join(dir, LEGACY_SNAPSHOT_FILE_NAME), `${JSON.stringify(old, null, 2)}\n`, { mode: 0o644 });
    const lines = [
      { g: 3, w: 'old.1', ops: [{ p: ['iam', 'users', 'carol'], v: user('carol') }] },
      // Of an earlier generation: already in the snapshot.
      { g: 2, w: 'old.2', ops: [{ p: ['iam', 'users', 'stale'], v: user('stale') }] },
      { g: 3, w: 'old.3', ops: [{ p: ['iam', 'users', 'bob', 'path'], v: '/moved/' }] },
    ];
    const torn = JSON.stringify({
      g: 3,
      w: 'old.4',
      ops: [{ p: ['iam', 'users', 'torn'], v: user('torn') }],
    });
    writeFileSync(
      join(dir, LEGACY_JOURNAL_FILE_NAME),
      `${lines.map((line) => JSON.stringify(line)).join('\n')}\n${torn.slice(0, 30)}`,
    );
    expect(Object.keys(readPersistedCloudState(dir).iam.users)).toEqual(['bob', 'carol']);

    const store = open(dir);

    expect(Object.keys(store.read().iam.users)).toEqual(['bob', 'carol']);
    expect(store.read().iam.users.bob?.path).toBe('/moved/');
    expect(store.read().sns).toEqual({ topics: {}, messages: [] });
    expect(existsSync(join(dir, LEGACY_SNAPSHOT_FILE_NAME))).toBe(false);
    expect(existsSync(join(dir, LEGACY_JOURNAL_FILE_NAME))).toBe(false);
    addUser(store, 'dave');
    expect(Object.keys(open(dir).read().iam.users)).toEqual(['bob', 'carol', 'dave']);
  });

  it('reads a persisted state without writing anything', () => {
    const dir = stateDir();
    const store = open(dir);
    addUser(store, 'alice');
    store.close();
    stores.splice(0);
    const stamp = statSync(join(dir, STATE_DATABASE_FILE_NAME)).mtimeMs;
    const fresh = stateDir();

    expect(Object.keys(readPersistedCloudState(dir).iam.users)).toEqual(['alice']);
    expect(statSync(join(dir, STATE_DATABASE_FILE_NAME)).mtimeMs).toBe(stamp);
    expect(readPersistedCloudState(fresh).iam.users).toEqual({});
    expect(readdirSync(fresh)).toEqual([]);
  });

  it('keeps a state in memory only, writing nothing, without a state dir', () => {
    const store = new CloudStateStore(undefined);
    addUser(store, 'alice');
    store.close();
    expect(Object.keys(store.read().iam.users)).toEqual(['alice']);
  });
});
