/**
 * Step RollBack, reached from a Catch before Publish.
 *
 * Normal path: delete every key Plan did not see (the new key, and any orphan
 * of an earlier attempt), remove AWSPENDING from version `secretVersionId`, release
 * the lock. Keys that existed before the rotation are never touched, nor is a
 * key consumers read through AWSCURRENT. Each part is skipped when already
 * done, so a retry converges.
 *
 * Failure path: RotationAlreadyPublishedError when the rotation is already
 * published (Publish moved AWSCURRENT, then failed or timed out): consumers
 * may use the new key, so nothing is deleted and both keys stay usable; the
 * state machine then takes the after-Publish path, which records FAILED and
 * releases the lock.
 */
import { lockId } from '../config/environment.ts';
import type { AccessKeySummary, RotationPorts, SecretDescription } from './ports.ts';
import { RotationAlreadyPublishedError } from './rotation-errors.ts';
import type { RolledBack, RotationState } from './rotation-state.ts';
import { AWSCURRENT, AWSPENDING, currentKeyId, versionHasStage } from './secret-stages.ts';

export type RollBackPorts = Pick<RotationPorts, 'keys' | 'secrets' | 'lock' | 'clock'>;

/**
 * Secrets Manager labels the first version of a secret AWSCURRENT as soon as
 * it is stored, so for a principal that had no secret, AWSCURRENT alone does
 * not mean "published". That version was published only once Publish removed
 * AWSPENDING from it, and still is while its key exists (if the key is gone,
 * an earlier run of this rollback deleted it).
 */
async function isPublished(
  ports: RollBackPorts,
  state: RotationState,
  secret: SecretDescription | undefined,
  keys: readonly AccessKeySummary[],
): Promise<boolean> {
  const { secretVersionId, secretName } = state.plan;
  if (state.published) return true;
  if (!versionHasStage(secret, secretVersionId, AWSCURRENT)) return false;
  if (secret?.versions.length !== 1) return true;
  if (versionHasStage(secret, secretVersionId, AWSPENDING)) return false;
  const stored = await ports.secrets.readCredential(secretName, { versionId: secretVersionId });
  return keys.some((key) => key.keyId === stored?.AccessKeyId);
}

export async function rollBack(state: RotationState, ports: RollBackPorts): Promise<RolledBack> {
  const { plan } = state;
  const secret = await ports.secrets.describe(plan.secretName);
  const keys = await ports.keys.listKeys(plan.principal);
  if (await isPublished(ports, state, secret, keys))
    throw new RotationAlreadyPublishedError(
      `rotation ${plan.rotationId} is already published (${AWSCURRENT} in ${plan.secretName}); ` +
        'not rolling back, both keys stay usable',
    );

  // Our own unpublished first version may be AWSCURRENT; any other AWSCURRENT key is off limits.
  const ownFirstVersion = versionHasStage(secret, plan.secretVersionId, AWSCURRENT);
  const protectedKeyId = secret && !ownFirstVersion ? await currentKeyId(ports, plan.secretName) : undefined;
  const deletedKeyIds: string[] = [];
  for (const key of keys) {
    if (plan.existingKeyIds.includes(key.keyId) || key.keyId === protectedKeyId) continue;
    await ports.keys.deleteKey(plan.principal, key.keyId);
    deletedKeyIds.push(key.keyId);
  }
  if (versionHasStage(secret, plan.secretVersionId, AWSPENDING))
    await ports.secrets.moveStage(plan.secretName, AWSPENDING, { fromVersionId: plan.secretVersionId });
  await ports.lock.release(lockId(plan.provider, plan.principal), plan.rotationId);
  return { rolledBackAt: ports.clock.now().toISOString(), deletedKeyIds };
}
