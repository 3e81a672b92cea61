/**
 * Whether one principal is due, from what Discover learned about it: its keys
 * and who holds its rotation lock. Pure; Discover gathers the facts.
 *
 * Normal path: one Active key at least `dueAtAgeMs` old → due (exactly that
 * old is due). Failure path (a skip, never an error): ROTATION_IN_FLIGHT,
 * NO_ACTIVE_KEY, TWO_ACTIVE_KEYS, TOO_YOUNG.
 *
 * The lock comes first: while a rotation runs, the principal has two Active
 * keys during the grace period, and "deactivate one of them" would be the
 * wrong advice then. Inactive keys never count towards the age: they sign
 * nothing, and the rotation deletes them to make room.
 */
import type { AccessKeySummary, LockHolder } from '../rotation/ports.ts';
import type { DueDetail, FleetSkip } from './fleet-state.ts';
import { ageInDays, DAY_MS, formatDays, keyAgeMs } from './key-age.ts';

export interface PrincipalFacts {
  readonly principal: string;
  readonly keys: readonly AccessKeySummary[];
  readonly holder: LockHolder | undefined;
}

export interface AgePolicy {
  readonly now: Date;
  readonly dueAtAgeMs: number;
}

export type Verdict = { readonly due: DueDetail } | { readonly skip: FleetSkip };

function skip(principal: string, reason: FleetSkip['reason'], detail: string): Verdict {
  return { skip: { principal, reason, detail } };
}

export function classifyPrincipal(facts: PrincipalFacts, policy: AgePolicy): Verdict {
  const { principal, holder } = facts;
  if (holder !== undefined && Date.parse(holder.expiresAt) > policy.now.getTime())
    return skip(
      principal,
      'ROTATION_IN_FLIGHT',
      `rotation ${holder.rotationId} holds the lock until ${holder.expiresAt}`,
    );

  const active = facts.keys.filter((key) => key.status === 'Active');
  const [key, second] = active;
  if (key === undefined)
    return skip(principal, 'NO_ACTIVE_KEY', `no Active access key (${facts.keys.length} Inactive)`);
  if (second !== undefined)
    return skip(
      principal,
      'TWO_ACTIVE_KEYS',
      `Active keys ${active.map((k) => k.keyId).join(', ')}; deactivate the one no consumer uses`,
    );

  const ageMs = keyAgeMs(key.createdAt, policy.now);
  // Its age cannot be shown to be within policy; a rotation gives it a known one.
  if (ageMs === undefined) return { due: { principal, oldestKeyAgeDays: 0, createdAtUnknown: true } };
  if (ageMs < policy.dueAtAgeMs)
    return skip(
      principal,
      'TOO_YOUNG',
      `oldest Active key is ${formatDays(ageInDays(ageMs))} days old; ` +
        `due at ${formatDays(policy.dueAtAgeMs / DAY_MS)} days`,
    );
  return { due: { principal, oldestKeyAgeDays: ageInDays(ageMs) } };
}
