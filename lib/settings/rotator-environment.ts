/**
 * The environment every function of one provider gets, rotation and fleet
 * alike, named by the contracts in lambdas/config/environment.ts and
 * fleet-environment.ts. All functions of a provider get the same values (the
 * local runner hosts them in one process and refuses functions that disagree),
 * except the authorized key's name, which only the key-API callers get.
 */
import { DEFAULT_SETTINGS, ENV, OPT_IN_TAG_OFF } from '../../lambdas/config/environment.ts';
import { FLEET_DEFAULTS, FLEET_ENV } from '../../lambdas/config/fleet-environment.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import type { OptInTag } from '../rotation/rotation-access.ts';
import type { FleetSettings } from './fleet-settings.ts';
import type { RotationSettings } from './rotation-settings.ts';

/** Powertools' service name: the `service` field of every log line and trace. */
export const POWERTOOLS_SERVICE_NAME = 'access-key-rotator';

export interface RotatorEnvironmentProps {
  readonly provider: Provider;
  readonly settings: RotationSettings;
  readonly fleet: FleetSettings;
  /** The customer-managed key new secrets are encrypted with. */
  readonly secretsKmsKeyId: string;
  readonly lockTableName: string;
  readonly notificationTopicArn: string;
  /** The evidence archive bucket Record writes to. */
  readonly evidenceBucketName: string;
  /** The deployment's name (the stack's), recorded on each secret as the one that manages it. */
  readonly deploymentName: string;
}

export function rotatorEnvironment(props: RotatorEnvironmentProps): Record<string, string> {
  const { provider, settings, fleet } = props;
  const shared = {
    [ENV.provider]: provider,
    [ENV.secretNamePrefix]: settings.secretNamePrefix,
    [ENV.secretsKmsKeyId]: props.secretsKmsKeyId,
    [ENV.lockTableName]: props.lockTableName,
    [ENV.defaultGracePeriodSeconds]: String(settings.gracePeriod.toSeconds()),
    [ENV.defaultDeletionDelaySeconds]: String(settings.deletionDelay.toSeconds()),
    [ENV.oldKeyInUsePolicy]: settings.oldKeyInUsePolicy,
    [ENV.maxDeferrals]: String(settings.maxDeferrals),
    [ENV.evidenceBucket]: props.evidenceBucketName,
    [ENV.secretReaders]: settings.secretReaders.join(','),
    [ENV.deploymentName]: props.deploymentName,
    [FLEET_ENV.maxKeyAgeDays]: String(fleet.maxKeyAgeDays),
    [FLEET_ENV.discoveryConcurrency]: String(fleet.discoveryConcurrency),
    [FLEET_ENV.notificationTopicArn]: props.notificationTopicArn,
    [FLEET_ENV.eventBusName]: FLEET_DEFAULTS.eventBusName,
  };
  if (provider === 'aws') {
    return {
      ...shared,
      [ENV.userPath]: settings.userPath,
      // Spelled out either way: an empty value would mean the default tag.
      [ENV.optInTag]: settings.optInTag ? formatTag(settings.optInTag, 'optInTag') : OPT_IN_TAG_OFF,
      [FLEET_ENV.exemptTag]: formatTag(fleet.exemptTag, 'exemptTag'),
      [FLEET_ENV.exemptGroups]: fleet.exemptGroups.join(','),
      [FLEET_ENV.yandexServiceAccounts]: '',
      POWERTOOLS_SERVICE_NAME,
    };
  }
  return {
    ...shared,
    // User path and tags scope IAM users; the defaults keep Yandex from refusing a service account on them.
    [ENV.userPath]: DEFAULT_SETTINGS.userPath,
    [ENV.optInTag]: '',
    [FLEET_ENV.exemptTag]: '',
    [FLEET_ENV.exemptGroups]: '',
    [FLEET_ENV.yandexServiceAccounts]: fleet.yandexServiceAccounts.join(','),
    [ENV.verifyNewKey]: String(settings.verifyNewKey),
    POWERTOOLS_SERVICE_NAME,
  };
}

/**
 * What only the functions that call the provider's key API are told: on
 * Yandex, where the rotator's authorized key is kept (a function that is not
 * granted its read does not learn its name either).
 */
export function keyApiEnvironment(provider: Provider, settings: RotationSettings): Record<string, string> {
  return provider === 'yandex' ? { [ENV.yandexAuthorizedKeySecret]: settings.yandexAuthorizedKeySecret } : {};
}

/** `key` or `key=value`, the form the functions parse; a key cannot hold `=` in that form. */
export function formatTag(tag: OptInTag | undefined, setting: string): string {
  if (!tag) return '';
  if (tag.key === '' || tag.key.includes('=')) {
    throw new Error(`${setting} key must be non-empty and without "=", got "${tag.key}"`);
  }
  return tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`;
}
