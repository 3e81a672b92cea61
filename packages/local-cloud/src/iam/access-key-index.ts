/**
 * Which access keys each user owns, without scanning every key: enumerating a
 * record of thousands of keys is slow in V8 (dictionary-mode objects are
 * sorted on each enumeration), and a 5,000-user fleet would do it for every
 * key created. The index is built once per live `accessKeys` record (a reload
 * makes a new one), whether reached directly or through a change's recording
 * view, and kept current by `addKey` and `removeKey`, which must be the only
 * writers of that record. An undo or another store's committed changes change the
 * record behind their back: the state revision then moves, and it is rebuilt.
 */

import { liveObjectOf } from '../state/change-recorder.ts';
import type { StoredAccessKey } from '../state/cloud-state.ts';
import { stateRevision } from '../state/state-revision.ts';

type AccessKeys = Record<string, StoredAccessKey>;

const indexes = new WeakMap<AccessKeys, { revision: number; owners: Map<string, Set<string>> }>();

function indexOf(accessKeys: AccessKeys): Map<string, Set<string>> {
  const live = liveObjectOf(accessKeys);
  const cached = indexes.get(live);
  if (cached?.revision === stateRevision()) return cached.owners;
  const owners = new Map<string, Set<string>>();
  for (const key of Object.values(live)) ownedBy(owners, key.userName).add(key.accessKeyId);
  indexes.set(live, { revision: stateRevision(), owners });
  return owners;
}

function ownedBy(index: Map<string, Set<string>>, userName: string): Set<string> {
  const id = userName.toLowerCase();
  let owned = index.get(id);
  if (!owned) {
    owned = new Set();
    index.set(id, owned);
  }
  return owned;
}

/** The keys of `userName` (any case), in no particular order. */
export function keysOf(accessKeys: AccessKeys, userName: string): StoredAccessKey[] {
  const owned = indexOf(accessKeys).get(userName.toLowerCase()) ?? new Set<string>();
  return [...owned].flatMap((id) => {
    const key = accessKeys[id];
    return key ? [key] : [];
  });
}

export function addKey(accessKeys: AccessKeys, key: StoredAccessKey): void {
  const index = indexOf(accessKeys);
  accessKeys[key.accessKeyId] = key;
  ownedBy(index, key.userName).add(key.accessKeyId);
}

export function removeKey(accessKeys: AccessKeys, accessKeyId: string): void {
  const key = accessKeys[accessKeyId];
  if (!key) return;
  indexOf(accessKeys).get(key.userName.toLowerCase())?.delete(accessKeyId);
  delete accessKeys[accessKeyId];
}
