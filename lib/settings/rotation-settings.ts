/**
 * The rotator's tunable settings: what a deployment may set (stack props and
 * `akr:*` context) and the same settings with every default applied. Defaults
 * come from DEFAULT_SETTINGS, the Lambda environment contract, and nowhere else.
 */
import { Duration } from 'aws-cdk-lib';
import { checkRoleArn } from '../../lambdas/config/account-scope.ts';
import { DEFAULT_OPT_IN_TAG, DEFAULT_SETTINGS, OPT_IN_TAG_OFF } from '../../lambdas/config/environment.ts';
import type { OldKeyInUsePolicy } from '../../lambdas/rotation/rotation-state.ts';
import type { OptInTag } from '../rotation/rotation-access.ts';

/** Settings only the Yandex rotator reads. */
export interface YandexRotationProps {
  /**
   * Name or ARN of the Secrets Manager secret holding the rotator's own
   * service-account authorized key (JSON); every Yandex function may read it.
   * @default DEFAULT_SETTINGS.yandexAuthorizedKeySecret ('access-key-rotator/yandex-authorized-key')
   */
  readonly authorizedKeySecret?: string;
  /**
   * Whether VerifyKey signs an Object Storage request with the new key.
   * @default true
   */
  readonly verifyNewKey?: boolean;
}

export interface RotationSettingsProps {
  /**
   * Default wait between publishing the new key and retiring the old one.
   * @default Duration.days(7)
   */
  readonly gracePeriod?: Duration;
  /**
   * Default wait between retiring the old key and deleting it.
   * @default Duration.days(7)
   */
  readonly deletionDelay?: Duration;
  /**
   * Secrets are named `<prefix>/<provider>/<principal>`.
   * @default 'access-key-rotator'
   */
  readonly secretNamePrefix?: string;
  /**
   * AWS only: only IAM users under this path can be rotated.
   * @default '/' (every user)
   */
  readonly userPath?: string;
  /**
   * AWS only: the tag a user must carry before its keys can be created,
   * retired or deleted (Plan and the fleet refuse others, and the IAM policy
   * requires it). `'off'` lets every user under `userPath` be rotated: a
   * deliberate choice, since the step roles may then mint keys for any of
   * them, administrators included.
   * @default DEFAULT_SETTINGS.optInTag (`access-key-rotator:rotate` = `true`)
   */
  readonly optInTag?: OptInTag | typeof OPT_IN_TAG_OFF;
  /**
   * What to do when the old key was used after the new one was published.
   * @default 'defer'
   */
  readonly oldKeyInUsePolicy?: OldKeyInUsePolicy;
  /**
   * How many grace periods a still-used old key may be deferred.
   * @default 3
   */
  readonly maxDeferrals?: number;
  /**
   * Role ARNs that may read every managed secret, of either provider, besides
   * the IAM user whose key it is and the roles of the user's readers tag. Their
   * accounts may be other accounts: the secrets' KMS key policy lets exactly
   * these decrypt, so a reader in another account must be named here.
   * @default - none
   */
  readonly secretReaders?: readonly string[];
  /**
   * @default - every Yandex setting at its default
   */
  readonly yandex?: YandexRotationProps;
}

/** RotationSettingsProps with every default applied. */
export interface RotationSettings {
  readonly gracePeriod: Duration;
  readonly deletionDelay: Duration;
  readonly secretNamePrefix: string;
  readonly userPath: string;
  /**
   * @default - none: the deployment turned the opt-in tag off
   */
  readonly optInTag?: OptInTag;
  readonly oldKeyInUsePolicy: OldKeyInUsePolicy;
  readonly maxDeferrals: number;
  readonly yandexAuthorizedKeySecret: string;
  readonly verifyNewKey: boolean;
  readonly secretReaders: readonly string[];
}

export function resolveRotationSettings(props: RotationSettingsProps): RotationSettings {
  const maxDeferrals = props.maxDeferrals ?? DEFAULT_SETTINGS.maxDeferrals;
  if (!Number.isInteger(maxDeferrals) || maxDeferrals < 0) {
    throw new Error(`maxDeferrals must be a non-negative integer, got ${maxDeferrals}`);
  }
  return {
    gracePeriod: props.gracePeriod ?? Duration.seconds(DEFAULT_SETTINGS.gracePeriodSeconds),
    deletionDelay: props.deletionDelay ?? Duration.seconds(DEFAULT_SETTINGS.deletionDelaySeconds),
    secretNamePrefix: props.secretNamePrefix ?? DEFAULT_SETTINGS.secretNamePrefix,
    userPath: props.userPath ?? DEFAULT_SETTINGS.userPath,
    optInTag: resolveOptInTag(props.optInTag),
    oldKeyInUsePolicy: props.oldKeyInUsePolicy ?? DEFAULT_SETTINGS.oldKeyInUsePolicy,
    maxDeferrals,
    yandexAuthorizedKeySecret:
      props.yandex?.authorizedKeySecret ?? DEFAULT_SETTINGS.yandexAuthorizedKeySecret,
    verifyNewKey: props.yandex?.verifyNewKey ?? true,
    secretReaders: checkSecretReaders(props.secretReaders ?? [], 'secretReaders'),
  };
}

/** Each reader is a role ARN: anything else would make every secret's policy, and the key's, invalid. */
export function checkSecretReaders(readers: readonly string[], field: string): readonly string[] {
  for (const reader of readers) checkRoleArn(reader, field);
  return readers;
}

function resolveOptInTag(tag: RotationSettingsProps['optInTag']): OptInTag | undefined {
  if (tag === OPT_IN_TAG_OFF) return undefined;
  return tag ?? DEFAULT_OPT_IN_TAG;
}
