/**
 * The fleet's tunable settings: when it runs, whom it finds due, and how many
 * rotations it runs at once. Each setting is checked here, naming the prop or
 * context key it came from; defaults come from FLEET_DEFAULTS (the Lambda
 * environment contract) or are written here once.
 */
import { FLEET_DEFAULTS } from '../../lambdas/config/fleet-environment.ts';
import type { OptInTag } from '../rotation/rotation-access.ts';

/** The `schedule` value that deploys no schedule: the fleet then runs only when started. */
export const SCHEDULE_OFF = 'off';

export const DEFAULT_FLEET_SETTINGS = {
  /** Daily at 03:00 in `scheduleTimezone`. */
  schedule: 'cron(0 3 * * ? *)',
  scheduleTimezone: 'UTC',
  maxConcurrency: 10,
  accountConcurrency: 20,
  toleratedFailurePercentage: 10,
} as const;

export interface FleetSettingsProps {
  /**
   * An EventBridge Scheduler `cron(…)` or `rate(…)` expression, or `'off'` for no schedule.
   * @default 'cron(0 3 * * ? *)' (daily at 03:00)
   */
  readonly schedule?: string;
  /**
   * The IANA time zone the cron expression is read in.
   * @default 'UTC'
   */
  readonly scheduleTimezone?: string;
  /**
   * Whether scheduled runs only report who is due (`{"dryRun": true}`), rotating nobody.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * A key is due for rotation at this age.
   * @default 90
   */
  readonly maxKeyAgeDays?: number;
  /**
   * AWS only: users carrying this tag are never rotated by the fleet.
   * @default { key: 'access-key-rotator:exempt' } (any value)
   */
  readonly exemptTag?: OptInTag;
  /**
   * AWS only: members of these IAM groups are never rotated by the fleet.
   * @default - none
   */
  readonly exemptGroups?: readonly string[];
  /**
   * Yandex only: the service-account ids the fleet rotates (Yandex has no account-wide key inventory).
   * @default - none: the Yandex fleet finds nobody due
   */
  readonly yandexServiceAccounts?: readonly string[];
  /**
   * How many child rotations run at once in one account (IAM write APIs throttle per account).
   * @default 10
   */
  readonly maxConcurrency?: number;
  /**
   * How many accounts are rotated at once (each with up to `maxConcurrency` rotations).
   * @default 20
   */
  readonly accountConcurrency?: number;
  /**
   * The share of child rotations that may fail before the fleet run fails.
   * @default 10
   */
  readonly toleratedFailurePercentage?: number;
  /**
   * How many principals' keys Discover lists at once.
   * @default 8
   */
  readonly discoveryConcurrency?: number;
}

/** FleetSettingsProps with every default applied; `schedule` is undefined when switched off. */
export interface FleetSettings {
  /**
   * @default - no schedule
   */
  readonly schedule?: string;
  readonly scheduleTimezone: string;
  readonly dryRun: boolean;
  readonly maxKeyAgeDays: number;
  readonly exemptTag: OptInTag;
  readonly exemptGroups: readonly string[];
  readonly yandexServiceAccounts: readonly string[];
  readonly maxConcurrency: number;
  readonly accountConcurrency: number;
  readonly toleratedFailurePercentage: number;
  readonly discoveryConcurrency: number;
}

const SCHEDULE_EXPRESSION = /^(cron\((\S+ ){5}\S+\)|rate\([1-9]\d* (minute|hour|day)s?\))$/;
// A comma would split the list the functions read back; IAM group names allow every other character here.
const IAM_GROUP_NAME = /^[\w+=.@-]{1,128}$/;
const YANDEX_SERVICE_ACCOUNT_ID = /^[a-z0-9]{1,50}$/;

export function checkSchedule(value: string, setting: string): string {
  if (value === SCHEDULE_OFF || SCHEDULE_EXPRESSION.test(value)) return value;
  throw new Error(`${setting} must be cron(<6 fields>), rate(<n> <unit>) or ${SCHEDULE_OFF}, got "${value}"`);
}

export function checkTimezone(value: string, setting: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    throw new Error(`${setting} must be an IANA time zone such as UTC or Europe/Moscow, got "${value}"`);
  }
}

function checkInteger(value: number, setting: string, min: number, max: number): number {
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw new Error(`${setting} must be a whole number from ${min} to ${max}, got ${value}`);
}

export function checkPercentage(value: number, setting: string): number {
  if (Number.isFinite(value) && value >= 0 && value <= 100) return value;
  throw new Error(`${setting} must be a percentage from 0 to 100, got ${value}`);
}

function checkNames(
  names: readonly string[],
  pattern: RegExp,
  what: string,
  setting: string,
): readonly string[] {
  const refused = names.find((name) => !pattern.test(name));
  if (refused !== undefined) throw new Error(`${setting} must list ${what}, got "${refused}"`);
  return names;
}

export const checkExemptGroups = (names: readonly string[], setting: string): readonly string[] =>
  checkNames(names, IAM_GROUP_NAME, 'IAM group names (letters, digits and _+=.@-)', setting);

export const checkYandexServiceAccounts = (ids: readonly string[], setting: string): readonly string[] =>
  checkNames(ids, YANDEX_SERVICE_ACCOUNT_ID, 'Yandex service-account ids (a-z and 0-9)', setting);

export const checkMaxKeyAgeDays = (value: number, setting: string): number =>
  checkInteger(value, setting, 1, 3650);

/** Distributed Map runs at most 10,000 child executions at once. */
export const checkMaxConcurrency = (value: number, setting: string): number =>
  checkInteger(value, setting, 1, 10_000);

/** Accounts at once: a Distributed Map runs at most 10,000 child workflows, each with its own Map. */
export const checkAccountConcurrency = (value: number, setting: string): number =>
  checkInteger(value, setting, 1, 1_000);

export function resolveFleetSettings(props: FleetSettingsProps = {}): FleetSettings {
  const schedule = checkSchedule(props.schedule ?? DEFAULT_FLEET_SETTINGS.schedule, 'fleet.schedule');
  const d = DEFAULT_FLEET_SETTINGS;
  return {
    schedule: schedule === SCHEDULE_OFF ? undefined : schedule,
    scheduleTimezone: checkTimezone(props.scheduleTimezone ?? d.scheduleTimezone, 'fleet.scheduleTimezone'),
    dryRun: props.dryRun ?? false,
    maxKeyAgeDays: checkMaxKeyAgeDays(
      props.maxKeyAgeDays ?? FLEET_DEFAULTS.maxKeyAgeDays,
      'fleet.maxKeyAgeDays',
    ),
    exemptTag: props.exemptTag ?? { key: FLEET_DEFAULTS.exemptTag },
    exemptGroups: checkExemptGroups(props.exemptGroups ?? [], 'fleet.exemptGroups'),
    yandexServiceAccounts: checkYandexServiceAccounts(
      props.yandexServiceAccounts ?? [],
      'fleet.yandexServiceAccounts',
    ),
    maxConcurrency: checkMaxConcurrency(props.maxConcurrency ?? d.maxConcurrency, 'fleet.maxConcurrency'),
    accountConcurrency: checkAccountConcurrency(
      props.accountConcurrency ?? d.accountConcurrency,
      'fleet.accountConcurrency',
    ),
    toleratedFailurePercentage: checkPercentage(
      props.toleratedFailurePercentage ?? d.toleratedFailurePercentage,
      'fleet.toleratedFailurePercentage',
    ),
    discoveryConcurrency: checkInteger(
      props.discoveryConcurrency ?? FLEET_DEFAULTS.discoveryConcurrency,
      'fleet.discoveryConcurrency',
      1,
      100,
    ),
  };
}
