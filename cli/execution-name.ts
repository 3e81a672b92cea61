/**
 * Deterministic execution names. Step Functions keeps a name unique per state
 * machine for 90 days, so `<principal>-<yyyy-mm-dd>` makes a start idempotent:
 * repeating the same command the same day cannot rotate a principal twice.
 * A member principal's `/` is `_` there: `111122223333_alice-2026-12-02`.
 */
import { executionNamePart } from '../lambdas/shared/account-principal.ts';

// Characters Step Functions refuses in names: white space, brackets, wildcards and these specials.
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]/gu;
const MAX_LENGTH = 80;

/** `text` with what Step Functions refuses replaced by `_`, cut so that `reserved` more characters still fit. */
export function namePart(text: string, reserved: number): string {
  return text.replace(FORBIDDEN, '_').slice(0, MAX_LENGTH - reserved);
}

export function executionNameFor(principal: string, date: Date): string {
  const day = date.toISOString().slice(0, 10);
  return `${namePart(executionNamePart(principal), day.length + 1)}-${day}`;
}

export function isValidExecutionName(name: string): boolean {
  return name.length >= 1 && name.length <= MAX_LENGTH && !new RegExp(FORBIDDEN.source, 'u').test(name);
}
