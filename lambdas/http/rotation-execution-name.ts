/**
 * The execution name of an on-demand rotation, which is also its rotation id:
 * `<principal>-<yyyy-mm-dd>T<hhmm>` in UTC, a member principal's `/` as `_`
 * (`111122223333_alice-2026-12-02T0545`), or `<access key id>-<minute>` for a
 * rotation of the key's owner (`AKIAEXPOSED000000001-2026-12-02T0545`).
 *
 * Step Functions keeps a name unique per state machine for 90 days, so the
 * name is the endpoint's idempotency key: a double submit within the same
 * minute names the same execution and cannot rotate twice, while a key that
 * leaked can still be rotated again later the same day.
 */

import { executionNamePart } from '../shared/account-principal.ts';

/** What Step Functions refuses in a name: white space, brackets, wildcards, these specials, control characters. */
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]/gu;
export const MAX_EXECUTION_NAME_LENGTH = 80;

/** @param subject the principal, or the access key id when only the key is named */
export function rotationExecutionName(subject: string, at: Date): string {
  const iso = at.toISOString();
  const minute = `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  // IAM user names and key ids run to 128 characters; the minute must survive, so the subject is cut.
  const room = MAX_EXECUTION_NAME_LENGTH - minute.length - 1;
  return `${executionNamePart(subject).replace(FORBIDDEN, '_').slice(0, room)}-${minute}`;
}
