/**
 * Each principal's keys over the report period, as the picture draws them:
 * active, grace (still Active but superseded: between Publish and
 * RetireOldKey), inactive (an AWS key retired with Status=Inactive, during
 * the deletion delay), retired (a Yandex key marked retired: Yandex keys have
 * no status, so it still signs until DeleteOldKey deletes it) and deleted.
 *
 * Built from the evidence records (what each rotation did, and when) and the
 * inventory (what exists now, and since when). A key whose creation the
 * period does not show starts at the period's start; the last state lasts
 * until the period's end; a deletion is an instant (`from === to`).
 */
import type { EvidenceRecord, Provider } from '../../lambdas/rotation/rotation-state.ts';
import type { InventoryPrincipal } from './key-inventory.ts';

export type SegmentKind = 'active' | 'grace' | 'inactive' | 'retired' | 'deleted';

export interface KeySegment {
  readonly kind: SegmentKind;
  readonly from: string;
  readonly to: string;
}

export interface KeyLifetime {
  readonly keyId: string;
  readonly segments: readonly KeySegment[];
}

export interface PrincipalTimeline {
  readonly provider: Provider;
  readonly principal: string;
  readonly keys: readonly KeyLifetime[];
}

type Transition = { readonly at: string; readonly kind: SegmentKind };

/** Sorts before any time; replaced by the key's creation, or the period start, when drawn. */
const EXISTED_BEFORE = '';

/** `akr rollback` records when it re-activated the old key in its cause. */
const REACTIVATED_AT = /re-activated at (\S+)/;

function latestTime(record: EvidenceRecord): string {
  const times = [record.startedAt, record.newKeyCreatedAt, record.verifiedAt, record.publishedAt];
  return (
    times
      .filter((t): t is string => t !== null)
      .sort()
      .at(-1) ?? record.startedAt
  );
}

/** What retiring leaves: AWS deactivates the key; Yandex only marks its description, so it stays usable. */
function retiredKind(provider: Provider): SegmentKind {
  return provider === 'yandex' ? 'retired' : 'inactive';
}

function transitionsOf(record: EvidenceRecord, add: (keyId: string | null, t: Transition | null) => void) {
  const at = (time: string | null, kind: SegmentKind) => (time ? { at: time, kind } : null);
  add(record.newKeyId, at(record.newKeyCreatedAt, 'active'));
  if (record.status === 'ROLLED_BACK' && !record.publishedAt)
    add(record.newKeyId, at(latestTime(record), 'deleted'));
  // The old key existed before the rotation: when exactly, the inventory or the period start says.
  add(record.oldKeyId, { at: EXISTED_BEFORE, kind: 'active' });
  add(record.oldKeyId, at(record.publishedAt, 'grace'));
  add(record.oldKeyId, at(record.retiredAt, retiredKind(record.provider)));
  add(record.oldKeyId, at(record.deletedAt, 'deleted'));
  const reactivated = REACTIVATED_AT.exec(record.failure?.cause ?? '')?.[1];
  if (record.failure?.error === 'OperatorRollback') add(record.oldKeyId, at(reactivated ?? null, 'active'));
}

function segmentsOf(transitions: readonly Transition[], since: string, until: string): KeySegment[] {
  const sorted = [...transitions].sort((a, b) => a.at.localeCompare(b.at));
  // Two sources may both say "active from about now": keep the first.
  const changes = sorted.filter((t, index) => index === 0 || t.kind !== sorted[index - 1]?.kind);
  const segments: KeySegment[] = [];
  changes.forEach((t, index) => {
    const end = t.kind === 'deleted' ? t.at : (changes[index + 1]?.at ?? until);
    const from = t.at < since ? since : t.at;
    const to = end > until ? until : end;
    if (to >= since && from <= until && (to > from || t.kind === 'deleted'))
      segments.push({ kind: t.kind, from, to });
  });
  return segments;
}

interface KeyFacts {
  /** From the inventory: when it was created, and whether it is Active now. */
  created?: Transition;
  readonly transitions: Transition[];
}

export function buildTimelines(
  records: readonly EvidenceRecord[],
  inventory: readonly InventoryPrincipal[],
  period: { readonly since: string; readonly until: string },
): PrincipalTimeline[] {
  const principals = new Map<
    string,
    { provider: Provider; principal: string; keys: Map<string, KeyFacts> }
  >();
  const keyOf = (provider: Provider, principal: string, keyId: string): KeyFacts => {
    const id = `${provider}/${principal}`;
    const entry = principals.get(id) ?? { provider, principal, keys: new Map<string, KeyFacts>() };
    principals.set(id, entry);
    const facts = entry.keys.get(keyId) ?? { transitions: [] };
    entry.keys.set(keyId, facts);
    return facts;
  };
  for (const entry of inventory)
    for (const key of entry.keys)
      keyOf(entry.provider, entry.principal, key.keyId).created = {
        at: key.createdAt ?? period.since,
        kind: key.status === 'Active' ? 'active' : retiredKind(entry.provider),
      };
  for (const record of records)
    transitionsOf(record, (keyId, transition) => {
      if (keyId && transition) keyOf(record.provider, record.principal, keyId).transitions.push(transition);
    });
  const lifetime = ([keyId, facts]: [string, KeyFacts]): KeyLifetime => {
    const known = facts.transitions
      .filter((t) => t.at !== EXISTED_BEFORE)
      .sort((a, b) => a.at.localeCompare(b.at));
    // With no rotation to tell its story, a key is drawn in the status it has now. A key an earlier
    // rotation created starts at that creation; an older one at its creation, or before the period.
    const existed = facts.transitions.some((t) => t.at === EXISTED_BEFORE) && known[0]?.kind !== 'active';
    const start = existed ? { at: facts.created?.at ?? period.since, kind: 'active' as const } : undefined;
    const told = [...(start ? [start] : []), ...known];
    const drawn = told.length > 0 ? told : facts.created ? [facts.created] : [];
    return { keyId, segments: segmentsOf(drawn, period.since, period.until) };
  };
  return [...principals.values()]
    .map(({ provider, principal, keys }) => ({
      provider,
      principal,
      keys: [...keys.entries()]
        .map(lifetime)
        .filter((key) => key.segments.length > 0)
        .sort((a, b) => String(a.segments[0]?.from).localeCompare(String(b.segments[0]?.from))),
    }))
    .filter((timeline) => timeline.keys.length > 0)
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.principal.localeCompare(b.principal));
}
