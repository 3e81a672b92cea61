import { appendFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE_NAME, readPersistedCloudState, STATE_FILE_NAME } from '../../local/cloud/index.ts';
import type { StoredUser } from '../../local/cloud/state/cloud-state.ts';
import { CloudStateStore } from '../../local/cloud/state/cloud-state-store.ts';
import { tempStateDir } from './local-cloud-fixture.ts';

const user = (userName: string): StoredUser => ({
  userName,
  userId: `AIDA${userName.toUpperCase()}`,
  path: '/',
  createDate: '2025-01-01T00:00:00.000Z',
  tags: {},
});

describe('CloudStateStore: snapshot and journal', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function stateDir(): string {
    const dir = tempStateDir();
    dirs.push(dir);
    return dir;
  }

  const snapshotOf = (dir: string) => readFileSync(join(dir, STATE_FILE_NAME), 'utf8');
  const journalLines = (dir: string) =>
    existsSync(join(dir, JOURNAL_FILE_NAME))
      ? readFileSync(join(dir, JOURNAL_FILE_NAME), 'utf8').split('\n').filter(Boolean)
      : [];
  const generationOf = (dir: string) => JSON.parse(snapshotOf(dir)).journalGeneration as number;

  /** A store whose first change (the one that writes the first snapshot) is done. */
  function seededStore(dir: string): CloudStateStore {
    const store = new CloudStateStore(dir);
    store.mutate((draft) => {
      draft.iam.users.alice = user('alice');
    });
    return store;
  }

  it('appends one journal line per change and leaves cloud.json alone', () => {
    const dir = stateDir();
    const store = seededStore(dir);
    const snapshot = snapshotOf(dir);
    const { ino } = statSync(join(dir, STATE_FILE_NAME));

    store.mutate((draft) => {
      draft.iam.users.bob = user('bob');
    });
    store.mutate((draft) => {
      (draft.iam.users.alice as StoredUser).tags.team = 'a';
    });

    expect(snapshotOf(dir)).toBe(snapshot);
    expect(statSync(join(dir, STATE_FILE_NAME)).ino).toBe(ino);
    expect(journalLines(dir)).toHaveLength(2);
    expect(JSON.parse(journalLines(dir)[1] ?? '{}').ops).toEqual([
      { p: ['iam', 'users', 'alice', 'tags', 'team'], v: 'a' },
    ]);
    expect(readPersistedCloudState(dir).iam.users.alice?.tags).toEqual({ team: 'a' });
  });

  it('shows a change made through one store to another store on its next read', () => {
    const dir = stateDir();
    const first = seededStore(dir);
    const second = new CloudStateStore(dir);

    first.mutate((draft) => {
      draft.iam.users.bob = user('bob');
    });
    second.mutate((draft) => {
      (draft.iam.users.bob as StoredUser).path = '/second/';
    });

    expect(Object.keys(second.read().iam.users)).toEqual(['alice', 'bob']);
    expect(first.read().iam.users.bob?.path).toBe('/second/');
  });

  it('ignores a last line until its newline is written', () => {
    const dir = stateDir();
    const store = seededStore(dir);
    const line = `${JSON.stringify({ g: generationOf(dir), w: 'elsewhere.1', ops: [{ p: ['iam', 'users', 'zed'], v: user('zed') }] })}\n`;
    const journal = join(dir, JOURNAL_FILE_NAME);

    appendFileSync(journal, line.slice(0, 40));
    const midWrite = Object.keys(store.read().iam.users);
    appendFileSync(journal, line.slice(40));

    expect(midWrite).toEqual(['alice']);
    expect(Object.keys(store.read().iam.users)).toEqual(['alice', 'zed']);
  });

  it('skips journal lines of another generation', () => {
    const dir = stateDir();
    const store = seededStore(dir);
    const stale = {
      g: generationOf(dir) - 1,
      w: 'elsewhere.1',
      ops: [{ p: ['iam', 'users', 'old'], v: user('old') }],
    };

    appendFileSync(join(dir, JOURNAL_FILE_NAME), `${JSON.stringify(stale)}\n`);

    expect(Object.keys(store.read().iam.users)).toEqual(['alice']);
    expect(Object.keys(readPersistedCloudState(dir).iam.users)).toEqual(['alice']);
  });

  it('writes a batch as one line, and a change that throws as nothing', () => {
    const dir = stateDir();
    const store = seededStore(dir);
    const before = structuredClone(store.read());

    const failing = () =>
      store.mutate((draft) => {
        draft.iam.users.bob = user('bob');
        delete draft.iam.users.alice;
        throw new Error('refused');
      });
    expect(failing).toThrow('refused');
    expect(journalLines(dir)).toHaveLength(0);
    expect(store.read()).toEqual(before);

    store.batch(() => {
      store.mutate((draft) => {
        draft.iam.users.bob = user('bob');
      });
      store.mutate((draft) => {
        draft.iam.users.carol = user('carol');
      });
    });
    expect(journalLines(dir)).toHaveLength(1);
    expect(Object.keys(readPersistedCloudState(dir).iam.users)).toEqual(['alice', 'bob', 'carol']);
  });

  it('folds the journal into a new snapshot once it would outgrow it, which a fresh store loads', () => {
    const dir = stateDir();
    const store = seededStore(dir);
    const generation = generationOf(dir);
    const body = 'x'.repeat(300 * 1024);

    for (let i = 0; i < 3; i++)
      store.mutate((draft) => {
        draft.iam.users[`big-${i}`] = { ...user(`big-${i}`), tags: { body } };
      });
    const linesBeforeFold = journalLines(dir).length;
    store.mutate((draft) => {
      draft.iam.users['big-3'] = { ...user('big-3'), tags: { body } };
    });

    expect(linesBeforeFold).toBe(3);
    expect(generationOf(dir)).toBe(generation + 1);
    expect(journalLines(dir)).toEqual([]);
    expect(new CloudStateStore(dir).read()).toEqual(store.read());
    expect(Object.keys(readPersistedCloudState(dir).iam.users)).toHaveLength(5);
  });

  it('compacts on request into a self-contained cloud.json', () => {
    const dir = stateDir();
    const store = seededStore(dir);
    store.mutate((draft) => {
      draft.iam.users.bob = user('bob');
    });

    store.compact();

    expect(journalLines(dir)).toEqual([]);
    expect(Object.keys(JSON.parse(snapshotOf(dir)).iam.users)).toEqual(['alice', 'bob']);
  });

  it('rebuilds in file order when another store appended between its read and its own line', () => {
    const dir = stateDir();
    const store = seededStore(dir);
    const theirs = {
      g: generationOf(dir),
      w: 'elsewhere.1',
      ops: [{ p: ['iam', 'users', 'alice', 'tags'], v: { theirs: '1' } }],
    };

    store.mutate((draft) => {
      // Lands after this store caught up, before its own line.
      appendFileSync(join(dir, JOURNAL_FILE_NAME), `${JSON.stringify(theirs)}\n`);
      (draft.iam.users.alice as StoredUser).tags.ours = '1';
    });

    expect(store.read().iam.users.alice?.tags).toEqual({ theirs: '1', ours: '1' });
    expect(readPersistedCloudState(dir).iam.users.alice?.tags).toEqual({ theirs: '1', ours: '1' });
  });

  it('refuses a change when another store rewrote the snapshot during it, keeping nothing', () => {
    const dir = stateDir();
    const store = seededStore(dir);
    const other = new CloudStateStore(dir);
    other.mutate((draft) => {
      draft.iam.users.bob = user('bob');
    });

    const racing = () =>
      store.mutate((draft) => {
        other.compact();
        draft.iam.users.carol = user('carol');
      });

    expect(racing).toThrow(/rewritten by another process/);
    expect(Object.keys(store.read().iam.users)).toEqual(['alice', 'bob']);
    expect(Object.keys(readPersistedCloudState(dir).iam.users)).toEqual(['alice', 'bob']);
  });

  it('loads a pretty cloud.json without journal or generation, as older versions wrote it', () => {
    const dir = stateDir();
    const old = {
      formatVersion: 1,
      iam: { users: { bob: user('bob') }, accessKeys: {} },
      secrets: {},
      dynamodb: { tables: {} },
    };
    writeFileSync(join(dir, STATE_FILE_NAME), `${JSON.stringify(old, null, 2)}\n`);

    const store = new CloudStateStore(dir);
    store.mutate((draft) => {
      draft.iam.groups.g = { groupName: 'g', groupId: 'AGPA1', path: '/', createDate: 'd', members: ['bob'] };
    });

    expect(Object.keys(store.read().iam.users)).toEqual(['bob']);
    expect(store.read().sns).toEqual({ topics: {}, messages: [] });
    expect(new CloudStateStore(dir).read().iam.groups.g?.members).toEqual(['bob']);
  });

  it('keeps a state in memory only, writing nothing, without a state dir', () => {
    const store = new CloudStateStore(undefined);
    store.mutate((draft) => {
      draft.iam.users.alice = user('alice');
    });
    store.compact();
    expect(Object.keys(store.read().iam.users)).toEqual(['alice']);
  });
});
