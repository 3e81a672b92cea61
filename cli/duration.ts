/**
 * Durations on the command line: `90` (seconds), `5s`, `10m`, `2h`, `7d`.
 */
import { ValidationError } from '../lambdas/rotation/rotation-errors.ts';

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export function parseDurationSeconds(raw: string, field: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(raw.trim());
  const amount = match?.[1];
  if (!match || amount === undefined) {
    throw new ValidationError(
      field,
      `"${raw}" is not a duration; use a whole number with s, m, h or d, e.g. 5s or 7d`,
    );
  }
  return Number(amount) * (SECONDS_PER_UNIT[match[2] || 's'] ?? 1);
}

export function formatSeconds(seconds: number): string {
  if (seconds % 86_400 === 0 && seconds >= 86_400) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`;
  return `${seconds} s`;
}
