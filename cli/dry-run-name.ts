/**
 * The one naming rule for dry runs. A dry run changes nothing, so it must not
 * take a name a real run needs: Step Functions keeps every name for 90 days,
 * and the day's `<principal>-<yyyy-mm-dd>` is what makes a real start idempotent.
 *
 * Every dry run is named `dryrun-<subject>-<instant>`, the instant in UTC to
 * the millisecond (`2026-12-02T09-30-00-000Z`), so a dry run can be repeated
 * at will. No real run takes such a name: the names the rotator gives real
 * runs end with the day or the minute (a digit, never `Z`) or start with
 * `fleet-`, and a real run's `--name` may not start with `dryrun-`.
 */
import { ValidationError } from '../lambdas/rotation/rotation-errors.ts';
import { executionNamePart } from '../lambdas/shared/account-principal.ts';
import { namePart } from './execution-name.ts';

export const DRY_RUN_NAME_PREFIX = 'dryrun-';

/** `2026-12-02T09-30-00-000Z`: an ISO instant with the characters Step Functions refuses replaced. */
export function instantForName(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

/** `dryrun-<subject>-<instant>`; a long subject is cut, the instant never, so the name fits in 80 characters. */
export function dryRunExecutionName(subject: string, at: Date): string {
  const instant = instantForName(at);
  return `${DRY_RUN_NAME_PREFIX}${namePart(executionNamePart(subject), DRY_RUN_NAME_PREFIX.length + instant.length + 1)}-${instant}`;
}

/**
 * Normal path: nothing, the chosen name (or none) keeps dry and real runs apart.
 * Failure path: a VALIDATION_ERROR naming `--name` when it is given to a dry
 * run (which always takes its own name) or when a real run's name starts with `dryrun-`.
 */
export function checkChosenName(name: string | undefined, dryRun: boolean): void {
  if (name === undefined) return;
  if (dryRun)
    throw new ValidationError(
      '--name',
      `a dry run always takes its own name (${DRY_RUN_NAME_PREFIX}…-<time>) so that it never takes a real run's; leave --name out`,
    );
  if (name.startsWith(DRY_RUN_NAME_PREFIX))
    throw new ValidationError(
      '--name',
      `names that start with "${DRY_RUN_NAME_PREFIX}" are kept for dry runs; choose another name`,
    );
}
