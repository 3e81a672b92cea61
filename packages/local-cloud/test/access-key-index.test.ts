import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addKey, keysOf, removeKey } from '../src/iam/access-key-index.ts';
import type { StoredAccessKey } from '../src/state/cloud-state.ts';
import { CloudStateStore } from '../src/state/cloud-state-store.ts';

const key = (accessKeyId: string, userName = 'alice'): StoredAccessKey => ({
  accessKeyId,
  secretAccessKey: `secret-of-${accessKeyId}`,
  userName,
  status: 'Active',
  createDate: '2026-11-23T00:00:00.000Z',
});

const idsOf = (store: CloudStateStore, userName = 'alice') =>
  keysOf(store.read().iam.accessKeys, userName)
    .map((stored) => stored.accessKeyId)
    .sort();

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the access-key index', () => {
  it('follows keys added and removed through changes, seen directly or through a change', () => {
    const store = new CloudStateStore(undefined);
    store.mutate((draft) => {
      addKey(draft.iam.accessKeys, key('AKIA1'));
      addKey(draft.iam.accessKeys, key('AKIA2'));
      addKey(draft.iam.accessKeys, key('AKIA3', 'bob'));
    });
    expect(idsOf(store)).toEqual(['AKIA1', 'AKIA2']);

    const seenInChange = store.mutate((draft) => {
      removeKey(draft.iam.accessKeys, 'AKIA1');
      return keysOf(draft.iam.accessKeys, 'alice').map((stored) => stored.accessKeyId);
    });

    expect(seenInChange).toEqual(['AKIA2']);
    expect(idsOf(store)).toEqual(['AKIA2']);
    expect(idsOf(store, 'bob')).toEqual(['AKIA3']);
  });

  it('lists a removed key again when the change that removed it threw and was undone', () => {
    const store = new CloudStateStore(undefined);
    store.mutate((draft) => addKey(draft.iam.accessKeys, key('AKIA1')));
    expect(idsOf(store)).toEqual(['AKIA1']);

    expect(() =>
      store.mutate((draft) => {
        removeKey(draft.iam.accessKeys, 'AKIA1');
        addKey(draft.iam.accessKeys, key('AKIA2'));
        throw new Error('failed halfway');
      }),
    ).toThrow('failed halfway');

    expect(idsOf(store)).toEqual(['AKIA1']);
  });

  it("follows another store's journal lines on the same state dir", () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'akr-key-index-'));
    dirs.push(stateDir);
    const writer = new CloudStateStore(stateDir);
    const reader = new CloudStateStore(stateDir);
    writer.mutate((draft) => addKey(draft.iam.accessKeys, key('AKIA1')));
    expect(idsOf(reader)).toEqual(['AKIA1']);

    writer.mutate((draft) => {
      removeKey(draft.iam.accessKeys, 'AKIA1');
      addKey(draft.iam.accessKeys, key('AKIA2'));
    });

    expect(idsOf(reader)).toEqual(['AKIA2']);
  });
});
