/**
 * The environment every rotation function gets, named by the contract in
 * lambdas/config/environment.ts. All functions get the same values: the local
 * runner hosts them in one process and refuses functions that disagree.
 */
import type { Duration } from 'aws-cdk-lib';
import { ENV } from '../lambdas/config/environment.ts';
import type { OldKeyInUsePolicy } from '../lambdas/rotation/rotation-state.ts';
import type { OptInTag } from './rotation-access.ts';

/** Powertools' service name: the `service` field of every log line and trace. */
export const POWERTOOLS_SERVICE_NAME = 'access-key-rotator';

export interface RotatorEnvironmentProps {
  readonly secretNamePrefix: string;
  /** The customer-managed key new secrets are encrypted with. */
  readonly secretsKmsKeyId: string;
  readonly lockTableName: string;
  readonly gracePeriod: Duration;
  readonly deletionDelay: Duration;
  readonly oldKeyInUsePolicy: OldKeyInUsePolicy;
  readonly maxDeferrals: number;
  readonly userPath: string;
  /**
   * @default - no tag is required (the variable is set to the empty string)
   */
  readonly optInTag?: OptInTag;
}

export function rotatorEnvironment(props: RotatorEnvironmentProps): Record<string, string> {
  return {
    [ENV.provider]: 'aws',
    [ENV.secretNamePrefix]: props.secretNamePrefix,
    [ENV.secretsKmsKeyId]: props.secretsKmsKeyId,
    [ENV.lockTableName]: props.lockTableName,
    [ENV.defaultGracePeriodSeconds]: String(props.gracePeriod.toSeconds()),
    [ENV.defaultDeletionDelaySeconds]: String(props.deletionDelay.toSeconds()),
    [ENV.oldKeyInUsePolicy]: props.oldKeyInUsePolicy,
    [ENV.maxDeferrals]: String(props.maxDeferrals),
    [ENV.userPath]: props.userPath,
    [ENV.optInTag]: formatOptInTag(props.optInTag),
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
