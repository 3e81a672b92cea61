/**
 * The key-age inventory auditors ask for: every principal in scope, each key
 * with its status, age and last use, classified against the policy age.
 *
 * The boundary follows the control's wording, "rotated every 90 days or
 * less": an Active key whose age is at most maxKeyAgeDays (to the
 * millisecond) is compliant, so a key exactly 90 days old is compliant and
 * one a second older is not. Ages are measured, not rounded: a key is never
 * reported younger than it is.
 *
 * Inactive AWS keys sign nothing, and the rotation controls (CIS, Security
 * Hub IAM.3, Config access-keys-rotated) look at Active keys only, so they
 * are compliant whatever their age. A Yandex key read as Inactive is only
 * marked retired (Yandex keys have no status): it still signs until it is
 * deleted, so its age counts as an Active key's does (`signs`). A key without a creation date cannot be
 * shown to be within policy: non-compliant. An exempt principal's keys
 * (exempt tag or exempt group, approved exemptions) are exempt, and say why.
 */
import { ageInDays, DAY_MS, formatDays, keyAgeMs } from '../../lambdas/fleet/key-age.ts';
import type { AccessKeyStatus } from '../../lambdas/rotation/ports.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { counted } from './plural.ts';

export type KeyClassification = 'compliant' | 'non-compliant' | 'exempt';

/** What a source reports about one principal's keys. */
export interface PrincipalKeys {
  readonly provider: Provider;
  readonly principal: string;
  /** Why the principal is exempt ("tag access-key-rotator:exempt"), if it is. */
  readonly exemption?: string;
  readonly keys: readonly {
    readonly keyId: string;
    readonly status: AccessKeyStatus;
    /** Empty when the provider gave none. */
    readonly createdAt: string;
    readonly lastUsedAt?: string | null;
  }[];
}

export interface InventoryKey {
  readonly keyId: string;
  readonly status: AccessKeyStatus;
  readonly createdAt: string | null;
  readonly ageDays: number | null;
  readonly lastUsedAt: string | null;
  readonly classification: KeyClassification;
  readonly reason: string;
}

export interface InventoryPrincipal {
  readonly provider: Provider;
  readonly principal: string;
  readonly exemption: string | null;
  readonly activeKeys: number;
  readonly keys: readonly InventoryKey[];
  /**
   * The AWS account whose keys these are, in organization-wide reports only (null: not AWS).
   * @default - absent: a single-account report names no account
   */
  readonly account?: string | null;
}

export interface AgePolicyAt {
  readonly maxKeyAgeDays: number;
  readonly now: Date;
}

/** Whether the key can still sign a request: Active, or a retired Yandex key not yet deleted. */
export function signs(provider: Provider, key: Pick<InventoryKey, 'status'>): boolean {
  return key.status === 'Active' || provider === 'yandex';
}

/** @param provider whose key it is: a retired Yandex key still signs. @default 'aws' */
export function classifyKey(
  key: PrincipalKeys['keys'][number],
  exemption: string | undefined,
  policy: AgePolicyAt,
  provider: Provider = 'aws',
): Pick<InventoryKey, 'ageDays' | 'classification' | 'reason'> {
  const ageMs = key.createdAt ? keyAgeMs(key.createdAt, policy.now) : undefined;
  const ageDays = ageMs === undefined ? null : ageInDays(ageMs);
  const age = ageDays === null ? 'unknown age' : `${counted(Number(formatDays(ageDays)), 'day')} old`;
  if (exemption !== undefined) return { ageDays, classification: 'exempt', reason: `exempt: ${exemption}` };
  if (!signs(provider, key))
    return { ageDays, classification: 'compliant', reason: `Inactive (${age}): signs nothing` };
  const shown = key.status === 'Active' ? age : `retired, still usable until deleted: ${age}`;
  if (ageMs === undefined)
    return { ageDays, classification: 'non-compliant', reason: 'no creation date: its age cannot be shown' };
  return ageMs <= policy.maxKeyAgeDays * DAY_MS
    ? {
        ageDays,
        classification: 'compliant',
        reason: `${shown}, within ${counted(policy.maxKeyAgeDays, 'day')}`,
      }
    : {
        ageDays,
        classification: 'non-compliant',
        reason: `${shown}, over ${counted(policy.maxKeyAgeDays, 'day')}`,
      };
}

/** One spelling for every timestamp, so they sort and compare as text. */
function iso(time: string | null | undefined): string | null {
  if (!time) return null;
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

export function buildInventory(
  principals: readonly PrincipalKeys[],
  policy: AgePolicyAt,
): InventoryPrincipal[] {
  return principals
    .map((entry) => ({
      provider: entry.provider,
      principal: entry.principal,
      exemption: entry.exemption ?? null,
      activeKeys: entry.keys.filter((key) => key.status === 'Active').length,
      keys: entry.keys.map((key) => ({
        keyId: key.keyId,
        status: key.status,
        createdAt: iso(key.createdAt),
        lastUsedAt: iso(key.lastUsedAt),
        ...classifyKey(key, entry.exemption, policy, entry.provider),
      })),
    }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.principal.localeCompare(b.principal));
}
