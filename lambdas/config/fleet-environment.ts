/**
 * Settings of the fleet, the notifications and the on-demand endpoint, named
 * by the contract CDK fulfils (lib/) and read once per container.
 */
import type { Provider } from '../shared/rotator-choices.ts';

export const FLEET_ENV = {
  maxKeyAgeDays: 'AKR_MAX_KEY_AGE_DAYS',
  /** `key` or `key=value`: principals with this tag are exempt. */
  exemptTag: 'AKR_EXEMPT_TAG',
  /** Comma-separated IAM group names whose members are exempt. */
  exemptGroups: 'AKR_EXEMPT_GROUPS',
  /** Comma-separated Yandex service-account ids the fleet rotates. */
  yandexServiceAccounts: 'AKR_YANDEX_SERVICE_ACCOUNTS',
  /** How many principals' keys Discover lists at once (IAM throttles). */
  discoveryConcurrency: 'AKR_DISCOVERY_CONCURRENCY',
  /** How many accounts Discover reads at once (each with discoveryConcurrency calls in flight). */
  discoveryAccountConcurrency: 'AKR_DISCOVERY_ACCOUNT_CONCURRENCY',
  /** The bucket a fleet run keeps its due items and results in (S3 ItemReader/ResultWriter). */
  workBucket: 'AKR_FLEET_WORK_BUCKET',
  notificationTopicArn: 'AKR_NOTIFICATION_TOPIC_ARN',
  eventBusName: 'AKR_EVENT_BUS_NAME',
  awsStateMachineArn: 'AKR_AWS_STATE_MACHINE_ARN',
  yandexStateMachineArn: 'AKR_YANDEX_STATE_MACHINE_ARN',
} as const;

export const FLEET_DEFAULTS = {
  maxKeyAgeDays: 90,
  exemptTag: 'access-key-rotator:exempt',
  discoveryConcurrency: 8,
  discoveryAccountConcurrency: 4,
  eventBusName: 'default',
} as const;

export interface FleetSettings {
  readonly maxKeyAgeDays: number;
  readonly exemptTag: { readonly key: string; readonly value: string | undefined } | undefined;
  readonly exemptGroups: readonly string[];
  readonly yandexServiceAccounts: readonly string[];
  readonly discoveryConcurrency: number;
  readonly accountConcurrency: number;
  /** Undefined outside a fleet function (CDK sets it on Discover and Summarize). */
  readonly workBucket: string | undefined;
  /** Empty: notifications are not sent to SNS. */
  readonly notificationTopicArn: string | undefined;
  readonly eventBusName: string;
  readonly stateMachineArns: Readonly<Partial<Record<Provider, string>>>;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function tag(raw: string | undefined): FleetSettings['exemptTag'] {
  if (!raw) return undefined;
  const [key = '', ...rest] = raw.split('=');
  return { key, value: rest.length > 0 ? rest.join('=') : undefined };
}

/** A misconfigured deployment fails at cold start, naming the variable. */
export function readFleetSettings(env: NodeJS.ProcessEnv = process.env): FleetSettings {
  return {
    maxKeyAgeDays: positiveInteger(env, FLEET_ENV.maxKeyAgeDays, FLEET_DEFAULTS.maxKeyAgeDays),
    exemptTag: tag(env[FLEET_ENV.exemptTag] ?? FLEET_DEFAULTS.exemptTag),
    exemptGroups: list(env[FLEET_ENV.exemptGroups]),
    yandexServiceAccounts: list(env[FLEET_ENV.yandexServiceAccounts]),
    discoveryConcurrency: positiveInteger(
      env,
      FLEET_ENV.discoveryConcurrency,
      FLEET_DEFAULTS.discoveryConcurrency,
    ),
    accountConcurrency: positiveInteger(
      env,
      FLEET_ENV.discoveryAccountConcurrency,
      FLEET_DEFAULTS.discoveryAccountConcurrency,
    ),
    workBucket: env[FLEET_ENV.workBucket] || undefined,
    notificationTopicArn: env[FLEET_ENV.notificationTopicArn] || undefined,
    eventBusName: env[FLEET_ENV.eventBusName] || FLEET_DEFAULTS.eventBusName,
    stateMachineArns: {
      ...(env[FLEET_ENV.awsStateMachineArn] && { aws: env[FLEET_ENV.awsStateMachineArn] }),
      ...(env[FLEET_ENV.yandexStateMachineArn] && { yandex: env[FLEET_ENV.yandexStateMachineArn] }),
    },
  };
}
