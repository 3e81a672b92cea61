/**
 * Which access keys each user owns, without scanning every key: enumerating a
 * record of thousands of keys is slow in V8 (dictionary-mode objects are
 * sorted on each enumeration), and a 5,000-user seeding batch would do it for
 * every key created. The index is built once per `accessKeys` record (each
 * state draft or reload is a new record) and kept current by `addKey` and
 * `removeKey`, which must be the only writers of that record.
 */
import type { StoredAccessKey } from '../state/cloud-state.ts';

type AccessKeys = Record<string, StoredAccessKey>;

const indexes = new WeakMap<AccessKeys, Map<string, Set<string>>>();

function indexOf(accessKeys: AccessKeys): Map<string, Set<string>> {
  let index = indexes.get(accessKeys);
  if (!index) {
    index = new Map();
    for (const key of Object.values(accessKeys)) ownedBy(index, key.userName).add(key.accessKeyId);
    indexes.set(accessKeys, index);
  }
  return index;
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
