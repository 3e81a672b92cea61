/**
 * The fleet starts each child rotation under the name `<principal>-<runDate>`.
 * Step Functions keeps execution names unique per state machine for 90 days,
 * so a re-run on the same day finds the child already started instead of
 * rotating twice. That only works if the name is one Step Functions accepts,
 * which is checked here, before the Map tries and fails.
 */
import type { RotatorSettings } from '../config/environment.ts';
import { ValidationError } from '../rotation/rotation-errors.ts';
import { parseRotationInput } from '../rotation/validate-rotation-input.ts';
import { executionNamePart, parseAccountPrincipal } from '../shared/account-principal.ts';

export const EXECUTION_NAME_MAX_LENGTH = 80;

/**
 * Characters Step Functions refuses in execution names. IAM user names allow
 * only `,` of them, but a directory is outside input validation, so all are checked.
 */
const REFUSED_CHARACTERS = new Set([...'<>{}[]?*"#%\\^|~`$&,;:/']);

function isRefused(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  const control = code <= 0x1f || (code >= 0x7f && code <= 0x9f);
  return control || /\s/.test(character) || REFUSED_CHARACTERS.has(character);
}

/** `","` when printable, else `U+0009`: an invisible character must still be visible in the report. */
function show(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return code > 0x20 && code < 0x7f
    ? `"${character}"`
    : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `yyyy-mm-dd` in UTC, so the name does not depend on the Lambda's time zone. */
export function runDateOf(startedAt: Date): string {
  return startedAt.toISOString().slice(0, 10);
}

/** `alice-2026-12-02`; a member's `111122223333/alice` runs as `111122223333_alice-2026-12-02`. */
export function childExecutionName(principal: string, runDate: string): string {
  return `${executionNamePart(principal)}-${runDate}`;
}

/**
 * A member principal (`111122223333/alice`): its name part (`111122223333_alice`)
 * and its user, which the rotation's own principal rule is about. Anything
 * else, a `/` included, is judged whole.
 */
function partsOf(principal: string): { namePart: string; user: string } {
  const parsed = parseAccountPrincipal(principal, undefined);
  if (parsed.ok && parsed.principal.account !== undefined)
    return { namePart: executionNamePart(principal), user: parsed.principal.user };
  return { namePart: principal, user: principal };
}

/**
 * Normal path: undefined, the child can be started and will accept its input.
 * Failure path: why not, for the NAME_NOT_USABLE skip: a character Step
 * Functions refuses, a name over 80 characters, or a principal the child's own
 * input validation would refuse (the same rule, so the two cannot drift apart).
 */
export function unusableNameReason(
  principal: string,
  runDate: string,
  durations: { readonly gracePeriodSeconds: number; readonly deletionDelaySeconds: number },
  settings: RotatorSettings,
): string | undefined {
  // The one `/` of a member principal becomes `_` in the name; any other refused character stays refused.
  const { namePart, user } = partsOf(principal);
  const refused = [...namePart].find(isRefused);
  if (refused !== undefined)
    return `${show(refused)} is not allowed in a Step Functions execution name; rotate it on demand under another name`;
  const name = childExecutionName(principal, runDate);
  if (name.length > EXECUTION_NAME_MAX_LENGTH)
    return `the child execution name would be ${name.length} characters; Step Functions allows ${EXECUTION_NAME_MAX_LENGTH}`;
  try {
    const { gracePeriodSeconds, deletionDelaySeconds } = durations;
    parseRotationInput({ principal: user, gracePeriodSeconds, deletionDelaySeconds }, settings);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return `the rotation would refuse it: ${error.message}`;
    throw error;
  }
}
