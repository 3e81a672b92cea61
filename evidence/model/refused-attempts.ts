/**
 * Refused attempts, told apart from failed rotations. Plan refuses before any
 * change (invariants 5 and 6): a rotation already in flight, bad input, a
 * principal that does not exist or is not opted in, two Active keys. Such an
 * execution made no key and touched no secret, so counting it as a failed
 * rotation would overstate what went wrong; it is still evidence (someone
 * tried, and the guard held), so it is kept and counted on its own.
 *
 * The record keeps its status (FAILED, the DESIGN contract); a refusal is
 * recognised by its error name and by nothing having been created.
 */

import {
  PrincipalNotFoundError,
  PrincipalNotInScopeError,
  RotationInFlightError,
  TwoActiveKeysError,
  ValidationError,
} from '../../lambdas/rotation/rotation-errors.ts';
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';

/** The errors Plan raises to refuse (plan-rotation.ts), by the name Step Functions records. */
export const PLAN_REFUSALS: ReadonlySet<string> = new Set(
  [
    ValidationError,
    RotationInFlightError,
    PrincipalNotFoundError,
    PrincipalNotInScopeError,
    TwoActiveKeysError,
  ].map((refusal) => refusal.name),
);

export function isRefused(record: EvidenceRecord): boolean {
  return (
    record.status === 'FAILED' &&
    record.newKeyId === null &&
    record.newKeyCreatedAt === null &&
    record.publishedAt === null &&
    PLAN_REFUSALS.has(record.failure?.error ?? '')
  );
}
