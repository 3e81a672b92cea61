/**
 * The parsers every `akr` command checks its options with, before anything
 * starts: each refusal is a ValidationError naming the option (exit 2). One
 * set, so `--principal`, `--name` or a duration means the same on every
 * command. Durations live in duration.ts; the principal rule is the
 * workflow's own (validate-rotation-input.ts), so the CLI and Plan cannot
 * drift apart.
 */
import { ValidationError } from '../lambdas/rotation/rotation-errors.ts';
import type { Provider } from '../lambdas/rotation/rotation-state.ts';
import { ACCESS_KEY_ID_RULES, validatePrincipal } from '../lambdas/rotation/validate-rotation-input.ts';
import { ACCOUNT_ID_PATTERN } from '../lambdas/shared/account-principal.ts';
import { isValidExecutionName } from './execution-name.ts';

export const PROVIDERS: readonly Provider[] = ['aws', 'yandex'];

/** Decimal digits only: `Number()` would also take `0x10`, `1e2`, ` 5` and `""`. */
export function parseWholeNumber(
  raw: string,
  option: string,
  limits: { readonly min: number; readonly max: number; readonly unit?: string },
): number {
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= limits.min && value <= limits.max))
    throw new ValidationError(
      option,
      `"${raw}" must be a whole number ${limits.unit ? `of ${limits.unit} ` : ''}from ${limits.min} to ${limits.max}`,
    );
  return value;
}

export function parseProvider(raw: string, option = '--provider'): Provider {
  if ((PROVIDERS as readonly string[]).includes(raw)) return raw as Provider;
  throw new ValidationError(option, `"${raw}" is not a provider; use aws or yandex`);
}

/**
 * A principal of `provider`, or, when a command serves both (status,
 * rollback), a name either provider could have: a Yandex service-account id
 * is also a valid IAM user name, so the IAM rule is the wider one.
 */
export function parsePrincipal(raw: string, provider: Provider | undefined, option = '--principal'): string {
  try {
    return validatePrincipal(raw, provider ?? 'aws');
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const rule = provider
      ? error.message.slice(error.field.length + 2)
      : 'must be an IAM user name (1-128 characters from letters, digits and _+=,.@-), ' +
        '<account-id>/<user> for a member account, or a Yandex service-account id';
    throw new ValidationError(option, `"${raw}" ${rule}`);
  }
}

/** The key id a leak report names. A malformed value is not echoed: what was pasted may be the secret key. */
export function parseAccessKeyId(raw: string, provider: Provider, option = '--access-key-id'): string {
  const { pattern, rule } = ACCESS_KEY_ID_RULES[provider];
  if (pattern.test(raw)) return raw;
  throw new ValidationError(option, `must be ${rule}`);
}

export function parseAccountId(raw: string, option = '--account'): string {
  if (ACCOUNT_ID_PATTERN.test(raw)) return raw;
  throw new ValidationError(option, `"${raw}" must be a 12-digit AWS account id`);
}

export function parseExecutionName(raw: string, option = '--name'): string {
  if (isValidExecutionName(raw)) return raw;
  throw new ValidationError(
    option,
    `"${raw}" is not an execution name; use 1–80 characters without spaces, brackets, wildcards or "#%\\^|~\`$&,;:/`,
  );
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:stateMachine:(.+)$/;

export function parseStateMachineArn(raw: string, option: string): string {
  const name = STATE_MACHINE_ARN.exec(raw)?.[1];
  if (name !== undefined && isValidExecutionName(name)) return raw;
  throw new ValidationError(
    option,
    `"${raw}" is not a state machine ARN such as arn:aws:states:us-east-1:123456789012:stateMachine:Name`,
  );
}

const FUNCTION_NAME_OR_ARN =
  /^(?:arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:function:)?[\w-]{1,64}(?::[\w$-]{1,128})?$/;

export function parseFunctionName(raw: string, option: string): string {
  if (FUNCTION_NAME_OR_ARN.test(raw)) return raw;
  throw new ValidationError(
    option,
    `"${raw}" is not a Lambda function name or ARN (1-64 characters from letters, digits, - and _)`,
  );
}

/**
 * An option with an environment fallback, checked wherever it came from.
 * Required: missing is refused too, naming both ways to give it.
 */
export function optionOrEnv<T>(
  flag: string | undefined,
  env: { readonly name: string; readonly value: string | undefined },
  option: string,
  parse: (raw: string, option: string) => T,
  missing: { readonly when: string; readonly hint?: string },
): T {
  const raw = flag ?? (env.value || undefined);
  if (raw === undefined)
    throw new ValidationError(
      option,
      `required ${missing.when} (or set ${env.name})${missing.hint ? `; ${missing.hint}` : ''}`,
    );
  return parse(raw, flag === undefined ? `${option} (${env.name})` : option);
}

/** A deployed state machine, from its flag or environment variable, for the commands that run without `--local`. */
export function deployedStateMachineArn(
  flag: string | undefined,
  envName: string,
  stackOutputs: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return optionOrEnv(
    flag,
    { name: envName, value: env[envName] },
    '--state-machine-arn',
    parseStateMachineArn,
    {
      when: 'without --local',
      hint: `the stack outputs ${stackOutputs} have it`,
    },
  );
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const DATE_OR_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

/**
 * `2026-01-01` (midnight UTC) or an ISO timestamp with its offset. Real
 * calendar dates only: `Date` would shift 2026-02-30 to March 2 silently.
 * Undefined when `raw` does not look like a date at all.
 */
export function parseCalendarDate(raw: string, option: string): Date | undefined {
  const match = DATE_OR_TIMESTAMP.exec(raw);
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const valid =
    month !== undefined &&
    month >= 1 &&
    month <= 12 &&
    day !== undefined &&
    day >= 1 &&
    day <= daysIn(Number(year), month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 14 &&
    offsetMinutes <= 59;
  const date = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw);
  if (!valid || Number.isNaN(date.getTime()))
    throw new ValidationError(option, `"${raw}" is not a date on the calendar`);
  return date;
}

/** For commands that map a rule's field-level refusal (`principal: …`) onto the option a user typed. */
export function withOptionNames<T>(optionOfField: Readonly<Record<string, string>>, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const option = optionOfField[error.field] ?? error.field;
    throw new ValidationError(option, error.message.slice(error.field.length + 2));
  }
}
