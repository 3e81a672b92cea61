/**
 * Execution input validation (invariant 6): bad input is refused before any
 * port is called, with a ValidationError that names the field and says what is
 * allowed. The rules come from shared/seeds (IAM UserName and AccessKeyId,
 * Yandex serviceAccountId).
 */
import type { RotatorSettings } from '../config/environment.ts';
import { ValidationError } from './rotation-errors.ts';
import type { Provider } from './rotation-state.ts';

export interface ValidatedInput {
  readonly principal: string;
  readonly gracePeriodSeconds: number;
  readonly deletionDelaySeconds: number;
  readonly dryRun: boolean;
}

/** A Standard execution, and so the grace period plus the deletion delay, lasts at most one year. */
export const MAX_DURATION_SECONDS = 365 * 24 * 3600;

const KNOWN_FIELDS = new Set(['principal', 'gracePeriodSeconds', 'deletionDelaySeconds', 'dryRun']);

/**
 * Step Functions adds this to the input of a child execution the fleet starts,
 * linking it to its parent. Tolerated (as a string) and ignored; nothing else
 * unknown is.
 */
export const STARTED_BY_EXECUTION_FIELD = 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID';

// `\w` without the `u` flag is ASCII only, which is what IAM means by it.
const IAM_USER_NAME = /^[\w+=,.@-]{1,128}$/;
const YANDEX_SERVICE_ACCOUNT_ID = /^[a-z0-9]{1,50}$/;
const AWS_ACCESS_KEY_ID = /^\w{16,128}$/;

/** The principal rule of one provider (exported for the CLI, which checks `--principal` with it). */
export function validatePrincipal(value: unknown, provider: Provider): string {
  if (typeof value !== 'string') throw new ValidationError('principal', 'is required and must be a string');
  switch (provider) {
    case 'aws':
      if (!IAM_USER_NAME.test(value))
        throw new ValidationError(
          'principal',
          'must be an IAM user name: 1-128 characters from letters, digits and _+=,.@-',
        );
      return value;
    case 'yandex':
      if (!YANDEX_SERVICE_ACCOUNT_ID.test(value))
        throw new ValidationError(
          'principal',
          'must be a Yandex service-account id: 1-50 characters from a-z and 0-9',
        );
      return value;
  }
}

function validateDuration(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  // Number.isInteger also refuses strings, NaN, Infinity and fractions.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DURATION_SECONDS)
    throw new ValidationError(field, `must be a whole number of seconds from 0 to ${MAX_DURATION_SECONDS}`);
  return value;
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

export function parseRotationInput(raw: unknown, settings: RotatorSettings): ValidatedInput {
  if (!isPlainObject(raw))
    throw new ValidationError('input', 'must be a JSON object such as {"principal": "alice"}');
  for (const field of Object.keys(raw)) {
    if (field === STARTED_BY_EXECUTION_FIELD) {
      if (typeof raw[field] !== 'string') throw new ValidationError(field, 'must be an execution ARN string');
      continue;
    }
    if (!KNOWN_FIELDS.has(field))
      throw new ValidationError(field, `is not a known field; allowed: ${[...KNOWN_FIELDS].join(', ')}`);
  }
  const principal = validatePrincipal(raw.principal, settings.provider);
  const gracePeriodSeconds = validateDuration(
    raw.gracePeriodSeconds,
    'gracePeriodSeconds',
    settings.defaultGracePeriodSeconds,
  );
  const deletionDelaySeconds = validateDuration(
    raw.deletionDelaySeconds,
    'deletionDelaySeconds',
    settings.defaultDeletionDelaySeconds,
  );
  if (gracePeriodSeconds + deletionDelaySeconds > MAX_DURATION_SECONDS)
    throw new ValidationError(
      'gracePeriodSeconds',
      `${gracePeriodSeconds} plus deletionDelaySeconds ${deletionDelaySeconds} must together be at most ` +
        `${MAX_DURATION_SECONDS} seconds (one year, the longest a Standard execution runs)`,
    );
  const dryRun = raw.dryRun === undefined ? false : raw.dryRun;
  if (typeof dryRun !== 'boolean') throw new ValidationError('dryRun', 'must be true or false');
  return { principal, gracePeriodSeconds, deletionDelaySeconds, dryRun };
}

/** For the CLI: an AWS access key id is 16-128 word characters. */
export function validateAccessKeyId(value: unknown, field = 'accessKeyId'): string {
  if (typeof value !== 'string' || !AWS_ACCESS_KEY_ID.test(value))
    throw new ValidationError(
      field,
      'must be an access key id: 16-128 characters from letters, digits and _',
    );
  return value;
}
