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
 * when version `secretVersionId` does not exist.
 */
import type { RotationPorts } from './ports.ts';
import { SecretMissingError, UnsafeKeyOperationError } from './rotation-errors.ts';
import type { PublishedKey, RotationState } from './rotation-state.ts';
import { AWSCURRENT, AWSPENDING, versionHasStage, versionWithStage } from './secret-stages.ts';

export type PublishKeyPorts = Pick<RotationPorts, 'secrets' | 'clock'>;

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
  return { publishedAt: ports.clock.now().toISOString() };
}
