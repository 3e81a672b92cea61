/**
 * The Lambda environment contract. CDK sets these variables (lib/), the
 * handlers read them here once per container, and the local runner copies
 * them from the synthesized template.
 */
import type { OldKeyInUsePolicy, Provider } from '../shared/rotator-choices.ts';
import { type AccountScope, checkRoleArn, readAccountScope, readHubAccountId } from './account-scope.ts';
import { FLEET_DEFAULTS, FLEET_ENV } from './fleet-environment.ts';

export const ENV = {
  provider: 'AKR_PROVIDER',
  secretNamePrefix: 'AKR_SECRET_NAME_PREFIX',
  secretsKmsKeyId: 'AKR_SECRETS_KMS_KEY_ID',
  lockTableName: 'AKR_LOCK_TABLE_NAME',
  defaultGracePeriodSeconds: 'AKR_DEFAULT_GRACE_PERIOD_SECONDS',
  defaultDeletionDelaySeconds: 'AKR_DEFAULT_DELETION_DELAY_SECONDS',
  oldKeyInUsePolicy: 'AKR_OLD_KEY_IN_USE_POLICY',
  maxDeferrals: 'AKR_MAX_DEFERRALS',
  userPath: 'AKR_USER_PATH',
  /**
   * AWS: `key` or `key=value`, the tag a user must carry to be rotated;
   * unset or empty means the default tag, and only `off` means none.
   */
  optInTag: 'AKR_OPT_IN_TAG',
  /** Yandex: name or ARN of the Secrets Manager secret holding the rotator's authorized key JSON. */
  yandexAuthorizedKeySecret: 'AKR_YC_AUTHORIZED_KEY_SECRET',
  /** `false` skips VerifyKey's signed request with the new key (e.g. when Object Storage is out of reach). */
  verifyNewKey: 'AKR_VERIFY_NEW_KEY',
  /** The operator's re-activation only: the rotation state machine whose executions it may act on. */
  rotationStateMachineArn: 'AKR_ROTATION_STATE_MACHINE_ARN',
  /** S3 bucket the Record step archives each evidence record to; empty means no archive. */
  evidenceBucket: 'AKR_EVIDENCE_BUCKET',
  /** Comma list of role ARNs that may read every managed secret (`akr:secretReaders`). */
  secretReaders: 'AKR_SECRET_READERS',
  /** The deployment (its stack name), recorded on each secret as the one that manages it. */
  deploymentName: 'AKR_DEPLOYMENT_NAME',
} as const;

export interface RotatorSettings {
  readonly provider: Provider;
  readonly secretNamePrefix: string;
  readonly secretsKmsKeyId: string | undefined;
  readonly lockTableName: string;
  readonly defaultGracePeriodSeconds: number;
  readonly defaultDeletionDelaySeconds: number;
  readonly oldKeyInUsePolicy: OldKeyInUsePolicy;
  readonly maxDeferrals: number;
  readonly userPath: string;
  /** Undefined: deliberately off (AWS) or not applicable (Yandex). */
  readonly optInTag: { readonly key: string; readonly value: string | undefined } | undefined;
  readonly yandexAuthorizedKeySecret: string;
  readonly verifyNewKey: boolean;
  /** Undefined in deployments that predate the archive (and in tests without one). */
  readonly evidenceBucket: string | undefined;
  /**
   * Role ARNs every secret's resource policy lets read, besides the user and its readers tag.
   * @default - none
   */
  readonly secretReaders?: readonly string[];
  /**
   * Recorded on each secret (tag and description) as the deployment that manages it.
   * @default DEFAULT_SETTINGS.deploymentName
   */
  readonly deploymentName?: string;
  /**
   * A key is due for rotation at this age (the fleet's AKR_MAX_KEY_AGE_DAYS): Publish records the next due date on the secret.
   * @default FLEET_DEFAULTS.maxKeyAgeDays
   */
  readonly maxKeyAgeDays?: number;
  /**
   * Which member accounts a principal `<account-id>/<user>` may name (see account-scope.ts).
   * @default - the hub alone: every member principal is refused
   */
  readonly accounts?: RotatorAccounts;
}

/** The accounts part of the settings: who the hub is, and which member accounts are in scope. */
export interface RotatorAccounts {
  /** Undefined where the environment does not say: `<id>/<user>` then always names a member account. */
  readonly hubAccountId: string | undefined;
  readonly scope: AccountScope;
}

export const DEFAULT_SETTINGS = {
  secretNamePrefix: 'access-key-rotator',
  gracePeriodSeconds: 7 * 24 * 3600,
  deletionDelaySeconds: 7 * 24 * 3600,
  oldKeyInUsePolicy: 'defer',
  maxDeferrals: 3,
  userPath: '/',
  /**
   * Safe by default: only IAM users that opted in, by carrying this tag, can
   * be rotated, so a step role cannot mint keys for every user (an
   * administrator included) unless a deployment deliberately says `off`.
   */
  optInTag: 'access-key-rotator:rotate=true',
  yandexAuthorizedKeySecret: 'access-key-rotator/yandex-authorized-key',
  deploymentName: 'access-key-rotator',
} as const satisfies Record<string, string | number>;

export function secretName(prefix: string, provider: Provider, principal: string): string {
  return `${prefix}/${provider}/${principal}`;
}

export function lockId(provider: Provider, principal: string): string {
  return `${provider}#${principal}`;
}

function parseInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function parseBoolean(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

function parsePolicy(raw: string | undefined): OldKeyInUsePolicy {
  const value = raw || DEFAULT_SETTINGS.oldKeyInUsePolicy;
  if (value === 'defer' || value === 'alert' || value === 'fail') return value;
  throw new Error(`${ENV.oldKeyInUsePolicy} must be defer, alert or fail, got "${value}"`);
}

/** The setting that turns the opt-in tag off: every user under the path may then be rotated. */
export const OPT_IN_TAG_OFF = 'off';

function parseTag(raw: string): { readonly key: string; readonly value: string | undefined } {
  const [key = '', ...rest] = raw.split('=');
  return { key, value: rest.length > 0 ? rest.join('=') : undefined };
}

/** The default opt-in tag, as `{ key, value }`: what demo and test users carry to be rotated. */
export const DEFAULT_OPT_IN_TAG = parseTag(DEFAULT_SETTINGS.optInTag) as {
  readonly key: string;
  readonly value: string;
};

/** The tags an IAM user carries to opt in under the default setting (demo and test users do). */
export const OPTED_IN_TAGS: Readonly<Record<string, string>> = {
  [DEFAULT_OPT_IN_TAG.key]: DEFAULT_OPT_IN_TAG.value,
};

/** Yandex service accounts have no IAM tags: the tag scopes AWS users only. */
function parseOptInTag(raw: string | undefined, provider: string): RotatorSettings['optInTag'] {
  if (provider !== 'aws' || raw === OPT_IN_TAG_OFF) return undefined;
  return parseTag(raw || DEFAULT_SETTINGS.optInTag);
}

/** A reader that is not a role ARN would make every secret's policy invalid: refuse it at cold start. */
function parseSecretReaders(raw: string | undefined): readonly string[] {
  const readers = (raw ?? '')
    .split(',')
    .map((reader) => reader.trim())
    .filter(Boolean);
  for (const reader of readers) checkRoleArn(reader, ENV.secretReaders);
  return readers;
}

/** Reads the settings; a misconfigured deployment fails at cold start, naming the variable. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): RotatorSettings {
  const provider = env[ENV.provider] || 'aws';
  if (provider !== 'aws' && provider !== 'yandex') throw new Error(`${ENV.provider} must be aws or yandex`);
  return {
    provider,
    secretNamePrefix: env[ENV.secretNamePrefix] || DEFAULT_SETTINGS.secretNamePrefix,
    secretsKmsKeyId: env[ENV.secretsKmsKeyId] || undefined,
    lockTableName: env[ENV.lockTableName] || 'access-key-rotator-locks',
    defaultGracePeriodSeconds: parseInteger(
      env,
      ENV.defaultGracePeriodSeconds,
      DEFAULT_SETTINGS.gracePeriodSeconds,
    ),
    defaultDeletionDelaySeconds: parseInteger(
      env,
      ENV.defaultDeletionDelaySeconds,
      DEFAULT_SETTINGS.deletionDelaySeconds,
    ),
    oldKeyInUsePolicy: parsePolicy(env[ENV.oldKeyInUsePolicy]),
    maxDeferrals: parseInteger(env, ENV.maxDeferrals, DEFAULT_SETTINGS.maxDeferrals),
    userPath: env[ENV.userPath] || DEFAULT_SETTINGS.userPath,
    optInTag: parseOptInTag(env[ENV.optInTag], provider),
    yandexAuthorizedKeySecret:
      env[ENV.yandexAuthorizedKeySecret] || DEFAULT_SETTINGS.yandexAuthorizedKeySecret,
    verifyNewKey: parseBoolean(env[ENV.verifyNewKey], ENV.verifyNewKey, true),
    evidenceBucket: env[ENV.evidenceBucket] || undefined,
    secretReaders: parseSecretReaders(env[ENV.secretReaders]),
    deploymentName: env[ENV.deploymentName] || DEFAULT_SETTINGS.deploymentName,
    maxKeyAgeDays: parseInteger(env, FLEET_ENV.maxKeyAgeDays, FLEET_DEFAULTS.maxKeyAgeDays),
    accounts: { hubAccountId: readHubAccountId(env), scope: readAccountScope(env) },
  };
}
