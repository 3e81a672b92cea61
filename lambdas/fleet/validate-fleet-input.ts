/**
 * Fleet execution input validation (invariant 6): bad input is refused before
 * any port is called, with a ValidationError that names the field. The
 * schedule sends `{}` or `{ "dryRun": true }`; people starting a run by hand
 * may also override the durations and the policy age for that run.
 *
 * Normal path: every field is checked, then the defaults (the deployment's
 * durations, the fleet's policy age) fill what was left out.
 * Failure path: ValidationError naming the first wrong field. The durations
 * are checked together as well, defaults included, because every child
 * rotation would refuse a sum over one year.
 */

import { checkAccountIds, checkIncludeExclude, checkOrganizationalUnits } from '../config/account-scope.ts';
import type { RotatorSettings } from '../config/environment.ts';
import type { FleetSettings } from '../config/fleet-environment.ts';
import { ValidationError } from '../rotation/rotation-errors.ts';
import { MAX_DURATION_SECONDS } from '../rotation/validate-rotation-input.ts';

export interface ValidatedFleetInput {
  readonly dryRun: boolean;
  readonly gracePeriodSeconds: number;
  readonly deletionDelaySeconds: number;
  readonly maxKeyAgeDays: number;
  /** Undefined: every account of the deployment's scope. */
  readonly accounts: readonly string[] | undefined;
  readonly excludeAccounts: readonly string[];
  /** Undefined: the deployment's own organizational units. */
  readonly organizationalUnits: readonly string[] | undefined;
}

/** More than an organization holds by default (10 accounts, raised to thousands on request) is surely a mistake. */
export const MAX_LISTED_IDS = 5_000;

/** Ten years: a longer policy age is surely a unit mistake (seconds or hours typed as days). */
export const MAX_KEY_AGE_DAYS_LIMIT = 3650;

const KNOWN_FIELDS = [
  'dryRun',
  'gracePeriodSeconds',
  'deletionDelaySeconds',
  'maxKeyAgeDays',
  'accounts',
  'excludeAccounts',
  'organizationalUnits',
];

const ACCOUNT_FIELDS = ['accounts', 'excludeAccounts', 'organizationalUnits'] as const;

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function integerIn(value: unknown, field: string, min: number, max: number, unit: string): number {
  // Number.isInteger also refuses strings, null, NaN, Infinity and fractions.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new ValidationError(field, `must be a whole number of ${unit} from ${min} to ${max}`);
  return value;
}

function optionalInteger(
  raw: Record<string, unknown>,
  field: string,
  limits: { min: number; max: number; unit: string },
  fallback: number,
): number {
  const value = raw[field];
  return value === undefined ? fallback : integerIn(value, field, limits.min, limits.max, limits.unit);
}

/**
 * The account-scope checks of account-scope.ts, whose Error says "<field> must …",
 * turned into the ValidationError that names the input field.
 */
function asValidation<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ValidationError || !(error instanceof Error)) throw error;
    const prefix = [`${field}: `, `${field} `].find((start) => error.message.startsWith(start)) ?? '';
    throw new ValidationError(field, error.message.slice(prefix.length));
  }
}

function idList(
  raw: Record<string, unknown>,
  field: string,
  check: typeof checkAccountIds,
): string[] | undefined {
  const value = raw[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > MAX_LISTED_IDS || !value.every((id) => typeof id === 'string'))
    throw new ValidationError(field, `must be a list of at most ${MAX_LISTED_IDS} strings`);
  const ids = asValidation(field, () => check(value as string[], field));
  // Once each: a repeated id would read and rotate one account twice.
  return [...new Set(ids)];
}

export function parseFleetInput(
  raw: unknown,
  settings: RotatorSettings,
  fleetSettings: FleetSettings,
): ValidatedFleetInput {
  if (!isPlainObject(raw))
    throw new ValidationError('input', 'must be a JSON object such as {"dryRun": true}');
  for (const field of Object.keys(raw))
    if (!KNOWN_FIELDS.includes(field))
      throw new ValidationError(field, `is not a known field; allowed: ${KNOWN_FIELDS.join(', ')}`);

  const dryRun = raw.dryRun === undefined ? false : raw.dryRun;
  if (typeof dryRun !== 'boolean') throw new ValidationError('dryRun', 'must be true or false');
  const seconds = { min: 0, max: MAX_DURATION_SECONDS, unit: 'seconds' };
  const gracePeriodSeconds = optionalInteger(
    raw,
    'gracePeriodSeconds',
    seconds,
    settings.defaultGracePeriodSeconds,
  );
  const deletionDelaySeconds = optionalInteger(
    raw,
    'deletionDelaySeconds',
    seconds,
    settings.defaultDeletionDelaySeconds,
  );
  if (gracePeriodSeconds + deletionDelaySeconds > MAX_DURATION_SECONDS)
    throw new ValidationError(
      'gracePeriodSeconds',
      `${gracePeriodSeconds} plus deletionDelaySeconds ${deletionDelaySeconds} must together be at most ` +
        `${MAX_DURATION_SECONDS} seconds (one year, the longest a Standard execution runs)`,
    );
  const maxKeyAgeDays = optionalInteger(
    raw,
    'maxKeyAgeDays',
    { min: 1, max: MAX_KEY_AGE_DAYS_LIMIT, unit: 'days' },
    fleetSettings.maxKeyAgeDays,
  );
  const accounts = idList(raw, 'accounts', checkAccountIds);
  const excludeAccounts = idList(raw, 'excludeAccounts', checkAccountIds) ?? [];
  const organizationalUnits = idList(raw, 'organizationalUnits', checkOrganizationalUnits);
  const accountField = ACCOUNT_FIELDS.find((field) => raw[field] !== undefined);
  if (accountField !== undefined && settings.provider !== 'aws')
    throw new ValidationError(
      accountField,
      'is for AWS only: Yandex rotates the configured service accounts',
    );
  if (accounts !== undefined)
    asValidation('excludeAccounts', () => checkIncludeExclude(accounts, excludeAccounts, 'excludeAccounts'));
  if (accounts !== undefined && organizationalUnits !== undefined)
    throw new ValidationError(
      'organizationalUnits',
      'cannot be given with accounts; name the accounts or the OUs',
    );
  return {
    dryRun,
    gracePeriodSeconds,
    deletionDelaySeconds,
    maxKeyAgeDays,
    accounts,
    excludeAccounts,
    organizationalUnits,
  };
}
