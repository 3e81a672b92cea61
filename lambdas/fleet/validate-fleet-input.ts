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
import type { RotatorSettings } from '../config/environment.ts';
import type { FleetSettings } from '../config/fleet-environment.ts';
import { ValidationError } from '../rotation/rotation-errors.ts';
import { MAX_DURATION_SECONDS } from '../rotation/validate-rotation-input.ts';

export interface ValidatedFleetInput {
  readonly dryRun: boolean;
  readonly gracePeriodSeconds: number;
  readonly deletionDelaySeconds: number;
  readonly maxKeyAgeDays: number;
}

/** Ten years: a longer policy age is surely a unit mistake (seconds or hours typed as days). */
export const MAX_KEY_AGE_DAYS_LIMIT = 3650;

const KNOWN_FIELDS = ['dryRun', 'gracePeriodSeconds', 'deletionDelaySeconds', 'maxKeyAgeDays'];

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
  return { dryRun, gracePeriodSeconds, deletionDelaySeconds, maxKeyAgeDays };
}
