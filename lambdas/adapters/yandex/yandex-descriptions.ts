/**
 * The descriptions the rotator writes on Yandex static keys. Keys there have
 * no status, so the description is the only place a key can say "retired":
 * listKeys reads it back as Inactive, which keeps the rules' AWS vocabulary
 * (never delete an Active key to make room, never retire twice).
 */
import type { RetireContext } from '../../rotation/ports.ts';

/** The API's limit on `description`. */
export const MAX_DESCRIPTION_LENGTH = 256;

const CREATED_PREFIX = 'access-key-rotator ';
const RETIRED_PREFIX = 'access-key-rotator: retired ';

/** Cuts by code point, so a surrogate pair is never split into invalid UTF-16. */
function truncate(text: string, length: number): string {
  const points = Array.from(text);
  return points.length <= length ? text : points.slice(0, length).join('');
}

function length(text: string): number {
  return Array.from(text).length;
}

/** Lets an operator tell which rotation created a key, and the rules spot its orphans. */
export function createdKeyDescription(rotationId: string): string {
  return truncate(`${CREATED_PREFIX}${rotationId}`, MAX_DESCRIPTION_LENGTH);
}

/**
 * The marker and both instants come first and stay whole; only the rotation id
 * is shortened when the whole would exceed the limit, so the key still reads
 * as retired and still says when it may be deleted.
 */
export function retiredKeyDescription(context: RetireContext): string {
  const head = `${RETIRED_PREFIX}${context.retiredAt} by `;
  const tail = `; delete after ${context.deleteAfter}`;
  const room = Math.max(0, MAX_DESCRIPTION_LENGTH - length(head) - length(tail));
  return truncate(`${head}${truncate(context.rotationId, room)}${tail}`, MAX_DESCRIPTION_LENGTH);
}

export function isRetiredDescription(description: string | undefined): boolean {
  return description?.startsWith(RETIRED_PREFIX) ?? false;
}
