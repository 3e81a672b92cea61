/**
 * Execution input validation (invariant 6): bad input is refused before any
 * port is called, with a ValidationError that names the field and says what is
 * allowed. The rules come from shared/seeds (IAM UserName and AccessKeyId,
 * Yandex serviceAccountId).
 *
 * Normal path: a principal (`alice`, `<account>/<user>`, a Yandex
 * service-account id), or an `accessKeyId` whose owner Plan looks up (with
 * `account` naming the member account that holds it), or both (then the key
 * must be the principal's). `emergency: true` revokes the old key right after
 * Publish, so it takes no grace period: the grace is 0, and
 * `exposureReportedAt` (only with emergency) says when the leak was reported.
 *
 * Failure path: a ValidationError naming the field, nothing called: neither a
 * principal nor a key id (`principal`), a malformed key id (`accessKeyId`, the
 * value never echoed: what was pasted may be the secret key), a misplaced or
 * out-of-scope `account`, a non-boolean `emergency`, `emergency` with a grace
 * period (`gracePeriodSeconds`), a malformed or misplaced `exposureReportedAt`.
 */
import { memberAccountAllowed } from '../config/account-scope.ts';
import type { RotatorAccounts, RotatorSettings } from '../config/environment.ts';
import {
  ACCOUNT_ID_PATTERN,
  formatAccountPrincipal,
  parseAccountPrincipal,
} from '../shared/account-principal.ts';
import { ValidationError } from './rotation-errors.ts';
import type { Provider } from './rotation-state.ts';

export interface ValidatedInput {
  /** Undefined in the key-id form: Plan finds the owner of `accessKeyId`. */
  readonly principal: string | undefined;
  readonly accessKeyId: string | undefined;
  /** AWS key-id form only: the member account that holds the key; undefined: the hub. */
  readonly account: string | undefined;
  readonly emergency: boolean;
  /** Only with emergency; as given. */
  readonly exposureReportedAt: string | undefined;
  /** 0 in an emergency: the old key is revoked right after Publish. */
  readonly gracePeriodSeconds: number;
  readonly deletionDelaySeconds: number;
  readonly dryRun: boolean;
}

/** A Standard execution, and so the grace period plus the deletion delay, lasts at most one year. */
export const MAX_DURATION_SECONDS = 365 * 24 * 3600;

const KNOWN_FIELDS = new Set([
  'principal',
  'accessKeyId',
  'account',
  'emergency',
  'exposureReportedAt',
  'gracePeriodSeconds',
  'deletionDelaySeconds',
  'dryRun',
]);

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

/** Each provider's key-id rule, as the workflow, the CLI and the leak response check it. */
export const ACCESS_KEY_ID_RULES: Readonly<
  Record<Provider, { readonly pattern: RegExp; readonly rule: string }>
> = {
  aws: {
    pattern: AWS_ACCESS_KEY_ID,
    rule: 'an AWS access key id: 16-128 characters from letters, digits and _',
  },
  yandex: {
    // A static key's id (YC…) or its resource id (aje…).
    pattern: /^[\w-]{1,50}$/,
    rule: 'a Yandex static key id (YC…) or its resource id (aje…): 1-50 characters from letters, digits, _ and -',
  },
};
/** An instant: a date, a time and a zone (Z or an offset), as EventBridge writes `time`. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const IAM_USER_NAME_RULE = 'an IAM user name: 1-128 characters from letters, digits and _+=,.@-';

/**
 * An IAM user of the hub (`alice`) or of a member account
 * (`111122223333/alice`); `<hub-id>/alice` comes back as `alice`, so both
 * spellings name one lock, one secret and one execution.
 */
function validateAwsPrincipal(value: string, hubAccountId: string | undefined): string {
  const parsed = parseAccountPrincipal(value, hubAccountId);
  if (!parsed.ok) throw new ValidationError('principal', parsed.reason);
  const { account, user } = parsed.principal;
  if (!IAM_USER_NAME.test(user))
    throw new ValidationError(
      'principal',
      account === undefined
        ? `must be ${IAM_USER_NAME_RULE}`
        : `must be <account-id>/<user> with <user> ${IAM_USER_NAME_RULE}`,
    );
  return formatAccountPrincipal(parsed.principal);
}

/**
 * The principal rule of one provider (exported for the CLI, which checks
 * `--principal` with it before it knows the deployment's accounts).
 * @param hubAccountId the hub, whose `<id>/<user>` is its bare user; undefined: not known here
 */
export function validatePrincipal(value: unknown, provider: Provider, hubAccountId?: string): string {
  if (typeof value !== 'string') throw new ValidationError('principal', 'is required and must be a string');
  switch (provider) {
    case 'aws':
      return validateAwsPrincipal(value, hubAccountId);
    case 'yandex':
      if (!YANDEX_SERVICE_ACCOUNT_ID.test(value))
        throw new ValidationError(
          'principal',
          'must be a Yandex service-account id: 1-50 characters from a-z and 0-9',
        );
      return value;
  }
}

/** Why a member account may not be rotated by this deployment, in the settings' own words. */
function outOfScopeReason(account: string, accounts: RotatorAccounts | undefined): string | undefined {
  const scope = accounts?.scope;
  if (scope !== undefined && memberAccountAllowed(account, scope)) return undefined;
  if (scope?.excludedAccounts.includes(account))
    return `account ${account} is excluded from this deployment (akr:excludeAccounts)`;
  if (scope?.source.kind === 'list')
    return `account ${account} is not one of the accounts this deployment rotates (akr:accounts)`;
  return `account ${account} is a member account, and this deployment rotates its own account only (akr:accounts)`;
}

/**
 * A principal of a member account outside the deployment's scope is refused
 * here, before any port is called: no role is assumed, no lock is taken.
 */
export function validatePrincipalAccount(principal: string, accounts: RotatorAccounts | undefined): void {
  const parsed = parseAccountPrincipal(principal, accounts?.hubAccountId);
  const account = parsed.ok ? parsed.principal.account : undefined;
  if (account === undefined) return;
  const reason = outOfScopeReason(account, accounts);
  if (reason !== undefined) throw new ValidationError('principal', `${reason}; nothing was changed`);
}

/** The key id of a leak report, by the provider's rule. Never echoed: it may be the secret pasted by mistake. */
function validateKeyId(value: unknown, provider: Provider): string {
  const { pattern, rule } = ACCESS_KEY_ID_RULES[provider];
  if (typeof value !== 'string' || !pattern.test(value))
    throw new ValidationError('accessKeyId', `must be ${rule}`);
  return value;
}

/**
 * The member account of the key-id form; the hub's own id comes back as
 * undefined, so both spellings look in one place.
 */
function validateKeyAccount(
  raw: Record<string, unknown>,
  provider: Provider,
  accounts: RotatorAccounts | undefined,
  checkScope: boolean,
): string | undefined {
  const value = raw.account;
  if (value === undefined) return undefined;
  if (provider !== 'aws')
    throw new ValidationError('account', 'is for AWS only: a Yandex key belongs to its service account');
  if (raw.accessKeyId === undefined || raw.principal !== undefined)
    throw new ValidationError(
      'account',
      'goes with accessKeyId and without principal (a principal names its account as <account-id>/<user>)',
    );
  if (typeof value !== 'string' || !ACCOUNT_ID_PATTERN.test(value))
    throw new ValidationError('account', 'must be a 12-digit AWS account id');
  if (value === accounts?.hubAccountId) return undefined;
  const reason = checkScope ? outOfScopeReason(value, accounts) : undefined;
  if (reason !== undefined) throw new ValidationError('account', `${reason}; nothing was changed`);
  return value;
}

function validateEmergency(raw: Record<string, unknown>): {
  emergency: boolean;
  exposureReportedAt: string | undefined;
} {
  const emergency = raw.emergency === undefined ? false : raw.emergency;
  if (typeof emergency !== 'boolean') throw new ValidationError('emergency', 'must be true or false');
  if (emergency && raw.gracePeriodSeconds !== undefined)
    throw new ValidationError(
      'gracePeriodSeconds',
      'cannot be set with emergency: the old key is revoked right after Publish',
    );
  const reported = raw.exposureReportedAt;
  if (reported === undefined) return { emergency, exposureReportedAt: undefined };
  if (!emergency)
    throw new ValidationError(
      'exposureReportedAt',
      'goes with emergency: true only (it dates a leak report)',
    );
  if (typeof reported !== 'string' || !ISO_INSTANT.test(reported) || Number.isNaN(Date.parse(reported)))
    throw new ValidationError(
      'exposureReportedAt',
      'must be an ISO-8601 instant such as 2030-01-01T12:00:00Z (with its zone)',
    );
  return { emergency, exposureReportedAt: reported };
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

export interface ParseRotationInputOptions {
  /**
   * Whether a member principal's account is checked against `settings.accounts`. Off for a
   * caller that does not know the deployment's accounts (the CLI starting a deployed
   * rotation): the format is still checked, and the deployment's Plan checks the account.
   * @default true
   */
  readonly checkAccountScope?: boolean;
}

export function parseRotationInput(
  raw: unknown,
  settings: RotatorSettings,
  options: ParseRotationInputOptions = {},
): ValidatedInput {
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
  const checkScope = options.checkAccountScope ?? true;
  if (raw.principal === undefined && raw.accessKeyId === undefined)
    throw new ValidationError('principal', 'is required, or accessKeyId (the key whose owner is rotated)');
  const principal =
    raw.principal === undefined
      ? undefined
      : validatePrincipal(raw.principal, settings.provider, settings.accounts?.hubAccountId);
  if (principal !== undefined && checkScope) validatePrincipalAccount(principal, settings.accounts);
  const accessKeyId =
    raw.accessKeyId === undefined ? undefined : validateKeyId(raw.accessKeyId, settings.provider);
  const account = validateKeyAccount(raw, settings.provider, settings.accounts, checkScope);
  const { emergency, exposureReportedAt } = validateEmergency(raw);
  const gracePeriodSeconds = emergency
    ? 0
    : validateDuration(raw.gracePeriodSeconds, 'gracePeriodSeconds', settings.defaultGracePeriodSeconds);
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
  return {
    principal,
    accessKeyId,
    account,
    emergency,
    exposureReportedAt,
    gracePeriodSeconds,
    deletionDelaySeconds,
    dryRun,
  };
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
