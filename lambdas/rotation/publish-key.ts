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
 * the output as `notificationFailure`.
 */

import { notifyBestEffort } from './notify-best-effort.ts';
import type { RotationPorts } from './ports.ts';
import { SecretMissingError, UnsafeKeyOperationError } from './rotation-errors.ts';
import { rotationEventOf, secondsAfter } from './rotation-event-of.ts';
import { ROTATION_EVENT_TYPES } from './rotation-events.ts';
import type { PublishedKey, RotationState } from './rotation-state.ts';
import { AWSCURRENT, AWSPENDING, versionHasStage, versionWithStage } from './secret-stages.ts';

export type PublishKeyPorts = Pick<RotationPorts, 'secrets' | 'clock' | 'notifier'>;

export async function publishKey(state: RotationState, ports: PublishKeyPorts): Promise<PublishedKey> {
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
  const notificationFailure = await notifyBestEffort(ports.notifier, events);
  return notificationFailure === undefined ? { publishedAt } : { publishedAt, notificationFailure };
}
