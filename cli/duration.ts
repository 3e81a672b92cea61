/**
 * Durations on the command line: `90` (seconds), `5s`, `10m`, `2h`, `7d`.
 * Whole numbers only, no sign, no spaces, and never over the caller's limit
 * (one year by default, the longest a Standard execution runs), so a huge
 * value is refused by name instead of overflowing a date later.
 */
import { ValidationError } from '../lambdas/rotation/rotation-errors.ts';
import { MAX_DURATION_SECONDS } from '../lambdas/rotation/validate-rotation-input.ts';

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export function parseDurationSeconds(raw: string, field: string, maxSeconds = MAX_DURATION_SECONDS): number {
  const match = /^(\d{1,15})([smhd]?)$/.exec(raw);
  const amount = match?.[1];
  if (!match || amount === undefined) {
    throw new ValidationError(
      field,
      `"${raw}" is not a duration; use a whole number with s, m, h or d, e.g. 5s or 7d`,
    );
  }
  const seconds = Number(amount) * (SECONDS_PER_UNIT[match[2] || 's'] ?? 1);
  if (seconds > maxSeconds)
    throw new ValidationError(
      field,
      `"${raw}" is over the limit of ${maxSeconds} seconds (${formatSeconds(maxSeconds)})`,
    );
  return seconds;
}

export function formatSeconds(seconds: number): string {
  if (seconds % 86_400 === 0 && seconds >= 86_400) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`;
  return `${seconds} s`;
}
