/**
 * Step PublishKey.
 *
 * Normal path: move AWSCURRENT to version `secretVersionId` (Secrets Manager then
 * labels the version it came from AWSPREVIOUS), then remove AWSPENDING from
 * it. Each move is skipped when already done, so a retry after a crash between
 * the two calls, or after both, converges.
 *
 * Failure path: UnsafeKeyOperationError when the key was never verified (an
 * unverified key in AWSCURRENT could break every consumer); SecretMissingError
 * when version `secretVersionId` does not exist. A notification that cannot be
 * sent does not fail the step (see notify-best-effort.ts): it is reported in
 * the output as `notificationFailure`. Nor does a failure to record the
 * rotation on the secret (its tags and description: last rotation, next due
 * date, managing deployment), written after AWSCURRENT moved, for a person
 * reading the console: it is reported as `secretTagFailure`.
 */

import { DEFAULT_SETTINGS } from '../config/environment.ts';
import { FLEET_DEFAULTS } from '../config/fleet-environment.ts';
import { notifyBestEffort } from './notify-best-effort.ts';
import type { RotationPorts } from './ports.ts';
import { SecretMissingError, UnsafeKeyOperationError } from './rotation-errors.ts';
import { rotationEventOf, secondsAfter } from './rotation-event-of.ts';
import { ROTATION_EVENT_TYPES } from './rotation-events.ts';
import type { PublishedKey, RotationState } from './rotation-state.ts';
import { AWSCURRENT, AWSPENDING, versionHasStage, versionWithStage } from './secret-stages.ts';

export type PublishKeyPorts = Pick<RotationPorts, 'secrets' | 'clock' | 'notifier' | 'settings'>;

export interface PublishOutput extends PublishedKey {
  /** Set when the secret's tags or description could not be written; the rotation went on regardless. */
  readonly secretTagFailure?: string;
}

const DAY_SECONDS = 86_400;

/** Like notifyBestEffort: AWSCURRENT has moved, so a failure here must not send the rotation into a rollback. */
async function recordManagementBestEffort(
  state: RotationState,
  ports: PublishKeyPorts,
  publishedAt: string,
): Promise<string | undefined> {
  const { settings } = ports;
  const maxKeyAgeDays = settings.maxKeyAgeDays ?? FLEET_DEFAULTS.maxKeyAgeDays;
  try {
    await ports.secrets.recordManagement(state.plan.secretName, {
      lastRotationId: state.plan.rotationId,
      nextDueAt: secondsAfter(publishedAt, maxKeyAgeDays * DAY_SECONDS),
      managedBy: settings.deploymentName ?? DEFAULT_SETTINGS.deploymentName,
    });
    return undefined;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return `${name}: ${message}`;
  }
}

export async function publishKey(state: RotationState, ports: PublishKeyPorts): Promise<PublishOutput> {
  const { plan } = state;
  if (!state.verified)
    throw new UnsafeKeyOperationError(
      `refusing to publish rotation ${plan.rotationId}: its key is not verified`,
    );
  const secret = await ports.secrets.describe(plan.secretName);
  if (!secret?.versions.some((version) => version.versionId === plan.secretVersionId))
    throw new SecretMissingError(
      `secret ${plan.secretName} has no version ${plan.secretVersionId} to publish`,
    );

  const currentVersion = versionWithStage(secret, AWSCURRENT);
  if (currentVersion !== plan.secretVersionId)
    await ports.secrets.moveStage(plan.secretName, AWSCURRENT, {
      toVersionId: plan.secretVersionId,
      fromVersionId: currentVersion,
    });
  if (versionHasStage(secret, plan.secretVersionId, AWSPENDING))
    await ports.secrets.moveStage(plan.secretName, AWSPENDING, { fromVersionId: plan.secretVersionId });

  const now = ports.clock.now();
  const publishedAt = now.toISOString();
  const events = [rotationEventOf(state, ROTATION_EVENT_TYPES.rotated, now)];
  if (plan.oldKeyId !== null)
    events.push(
      rotationEventOf(state, ROTATION_EVENT_TYPES.deactivationUpcoming, now, {
        deactivationAt: secondsAfter(publishedAt, plan.gracePeriodSeconds),
      }),
    );
  const secretTagFailure = await recordManagementBestEffort(state, ports, publishedAt);
  const notificationFailure = await notifyBestEffort(ports.notifier, events);
  return {
    publishedAt,
    ...(notificationFailure !== undefined && { notificationFailure }),
    ...(secretTagFailure !== undefined && { secretTagFailure }),
  };
}
