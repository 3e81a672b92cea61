/**
 * Which existing key this rotation replaces, and which one it may delete to
 * make room. Pure: Plan feeds it what it listed. The rules keep invariant 3:
 * never more than two keys, and never an Active key deleted to make room.
 */
import type { AccessKeySummary } from './ports.ts';
import { TwoActiveKeysError } from './rotation-errors.ts';

export interface KeyChoice {
  readonly oldKeyId: string | null;
  /** True when the old key is not the one in AWSCURRENT: the rotation takes it over. */
  readonly adoption: boolean;
  readonly inactiveKeyToDeleteId: string | null;
}

function twoActiveKeys(principal: string, keys: readonly AccessKeySummary[]): TwoActiveKeysError {
  const listed = keys.map((key) => `${key.keyId} (${key.status})`).join(', ');
  return new TwoActiveKeysError(
    `principal ${principal} has keys ${listed}; making room for a new key would mean deleting an Active ` +
      'one. Deactivate the key no consumer uses, then retry',
  );
}

/**
 * @param currentKeyId the AccessKeyId in AWSCURRENT, when the principal already has a managed secret.
 * @throws TwoActiveKeysError when no key can be chosen or freed without touching an Active key.
 */
export function chooseKeys(
  principal: string,
  keys: readonly AccessKeySummary[],
  currentKeyId: string | undefined,
): KeyChoice {
  const managed = keys.find((key) => key.keyId === currentKeyId);
  const active = keys.filter((key) => key.status === 'Active');
  let old: AccessKeySummary | undefined;
  if (managed) old = managed;
  else if (active.length === 1) old = active[0];
  else if (active.length > 1) throw twoActiveKeys(principal, active);

  let inactiveKeyToDeleteId: string | null = null;
  for (const other of keys) {
    if (other === old) continue;
    if (other.status === 'Active') throw twoActiveKeys(principal, old ? [old, other] : [other]);
    // The other key is Inactive here, and it cannot be AWSCURRENT: that one is `old`.
    inactiveKeyToDeleteId ??= other.keyId;
  }
  return {
    oldKeyId: old?.keyId ?? null,
    adoption: old !== undefined && old !== managed,
    inactiveKeyToDeleteId,
  };
}
