/**
 * The environment every rotation function of one provider gets, named by the
 * contract in lambdas/config/environment.ts. All functions of a provider get
 * the same values: the local runner hosts them in one process and refuses
 * functions that disagree.
 */
import { DEFAULT_SETTINGS, ENV } from '../lambdas/config/environment.ts';
import type { Provider } from '../lambdas/rotation/rotation-state.ts';
import type { OptInTag } from './rotation-access.ts';
import type { RotationSettings } from './rotation-settings.ts';

/** Powertools' service name: the `service` field of every log line and trace. */
export const POWERTOOLS_SERVICE_NAME = 'access-key-rotator';

export interface RotatorEnvironmentProps {
  readonly provider: Provider;
  readonly settings: RotationSettings;
  /** The customer-managed key new secrets are encrypted with. */
  readonly secretsKmsKeyId: string;
  readonly lockTableName: string;
}

export function rotatorEnvironment(props: RotatorEnvironmentProps): Record<string, string> {
  const { provider, settings } = props;
  const shared = {
    [ENV.provider]: provider,
    [ENV.secretNamePrefix]: settings.secretNamePrefix,
    [ENV.secretsKmsKeyId]: props.secretsKmsKeyId,
    [ENV.lockTableName]: props.lockTableName,
    [ENV.defaultGracePeriodSeconds]: String(settings.gracePeriod.toSeconds()),
    [ENV.defaultDeletionDelaySeconds]: String(settings.deletionDelay.toSeconds()),
    [ENV.oldKeyInUsePolicy]: settings.oldKeyInUsePolicy,
    [ENV.maxDeferrals]: String(settings.maxDeferrals),
  };
  if (provider === 'aws') {
    return {
      ...shared,
      [ENV.userPath]: settings.userPath,
      [ENV.optInTag]: formatOptInTag(settings.optInTag),
      POWERTOOLS_SERVICE_NAME,
    };
  }
  return {
    ...shared,
    // User path and opt-in tag scope IAM users; the defaults keep Yandex from refusing a service account on them.
    [ENV.userPath]: DEFAULT_SETTINGS.userPath,
    [ENV.optInTag]: '',
    [ENV.yandexAuthorizedKeySecret]: settings.yandexAuthorizedKeySecret,
    [ENV.verifyNewKey]: String(settings.verifyNewKey),
    POWERTOOLS_SERVICE_NAME,
  };
}

/** `key` or `key=value`, the form `readSettings` parses; a key cannot hold `=` in that form. */
export function formatOptInTag(tag: OptInTag | undefined): string {
  if (!tag) return '';
  if (tag.key === '' || tag.key.includes('=')) {
    throw new Error(`optInTag key must be non-empty and without "=", got "${tag.key}"`);
  }
  return tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`;
}
