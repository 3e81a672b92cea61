/**
 * Key ages, in the units the policy speaks (days) but computed in whole
 * milliseconds, so the boundary "exactly dueAtAgeDays old is due" holds
 * without floating-point surprises.
 */

export const DAY_MS = 24 * 3600 * 1000;

/**
 * A rotation keeps the old key for the grace period (Active), then for the
 * deletion delay (Inactive, but a rollback may re-activate it). Starting that
 * much before the policy age means no key outlives maxKeyAgeDays even then.
 * Zero at least: durations longer than the policy make every key due at once.
 */
export function dueAtAgeMs(
  maxKeyAgeDays: number,
  gracePeriodSeconds: number,
  deletionDelaySeconds: number,
): number {
  return Math.max(0, maxKeyAgeDays * DAY_MS - (gracePeriodSeconds + deletionDelaySeconds) * 1000);
}

/** @returns undefined when the provider gave no usable creation date. */
export function keyAgeMs(createdAt: string, now: Date): number | undefined {
  const created = Date.parse(createdAt);
  return Number.isNaN(created) ? undefined : now.getTime() - created;
}

/** Down to the hundredth of a day, never rounded up: a key is never reported older than it is. */
export function ageInDays(ageMs: number): number {
  return Math.max(0, Math.floor(ageMs / (DAY_MS / 100)) / 100);
}

/** `76`, `82.96`: at most two decimals, for messages. */
export function formatDays(days: number): string {
  return String(Math.round(days * 100) / 100);
}
