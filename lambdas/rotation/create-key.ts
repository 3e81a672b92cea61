/**
 * Step CreateKey.
 *
 * Normal path: if version `secretVersionId` is already stored, an earlier attempt
 * got that far, so return its key id. Otherwise delete orphans of earlier
 * attempts, delete the Inactive key chosen by Plan, create the secret when the
 * principal has none, put its resource policy (secret-access-policy.ts: only
 * its readers read it, only the rotator writes it) before any value is in it,
 * create the key and store it as AWSPENDING under the plan's secretVersionId,
 * all in this one invocation, so the secret is never lost. The policy is put
 * on every rotation, so a changed readers tag or setting takes effect, and a
 * retry puts the same document again.
 *
 * Failure path: if storing fails (and the write did not land after all), the
 * new key is deleted again before the error is rethrown, leaving no orphan; a
 * retry starts clean. A key that turned Active or AWSCURRENT since Plan is
 * never deleted (UnsafeKeyOperationError). A stored version whose key has
 * vanished cannot be repaired under this rotation id (SecretMissingError).
 */
import type { AccessKeySummary, RotationPorts } from './ports.ts';
import { SecretMissingError, UnsafeKeyOperationError } from './rotation-errors.ts';
import type { CreatedKey, RotationPlan, RotationState } from './rotation-state.ts';
import { type AccessPolicyPlan, secretAccessPolicy } from './secret-access-policy.ts';
import { currentKeyId } from './secret-stages.ts';

export type CreateKeyPorts = Pick<RotationPorts, 'keys' | 'secrets' | 'settings'>;

/**
 * A plan made before secrets had a resource policy (a rotation in flight
 * across the upgrade) has no readers: its secret keeps the policy it has,
 * and the next rotation puts one.
 */
function accessPolicyPlanOf(plan: RotationPlan): AccessPolicyPlan | undefined {
  // Typed as the state of an older Plan may be: the execution history keeps it as it was written.
  const fields = plan as Omit<RotationPlan, 'principalPath' | 'readerArns'> &
    Partial<Pick<AccessPolicyPlan, 'principalPath' | 'readerArns'>>;
  if (fields.readerArns === undefined || fields.principalPath === undefined) return undefined;
  return { ...plan, principalPath: fields.principalPath, readerArns: fields.readerArns };
}

/**
 * Keys Plan did not see were made by an earlier attempt of this rotation (the
 * lock keeps other rotations out) whose secret never got stored.
 */
async function deleteOrphans(
  ports: CreateKeyPorts,
  state: RotationState,
  keys: readonly AccessKeySummary[],
  current: string | undefined,
): Promise<void> {
  const { plan } = state;
  for (const key of keys) {
    if (plan.existingKeyIds.includes(key.keyId)) continue;
    if (key.keyId === current)
      throw new UnsafeKeyOperationError(`key ${key.keyId} appeared after Plan and is already AWSCURRENT`);
    await ports.keys.deleteKey(plan.principal, key.keyId);
  }
}

async function deleteInactiveKey(
  ports: CreateKeyPorts,
  state: RotationState,
  keys: readonly AccessKeySummary[],
  current: string | undefined,
): Promise<void> {
  const { plan } = state;
  const key = keys.find((k) => k.keyId === plan.inactiveKeyToDeleteId);
  if (!key) return;
  if (key.status !== 'Inactive' || key.keyId === current)
    throw new UnsafeKeyOperationError(
      `key ${key.keyId} was Inactive at Plan but is now ${key.status}` +
        `${key.keyId === current ? ' and AWSCURRENT' : ''}; not deleting it to make room`,
    );
  await ports.keys.deleteKey(plan.principal, key.keyId);
}

/** A timeout can hide a write that landed; deleting that key would leave the stored version dead. */
async function storedDespiteError(
  ports: CreateKeyPorts,
  state: RotationState,
  keyId: string,
): Promise<boolean> {
  const { secretName, secretVersionId } = state.plan;
  const landed = await ports.secrets
    .readCredential(secretName, { versionId: secretVersionId })
    .catch(() => undefined);
  return landed?.AccessKeyId === keyId;
}

export async function createKey(state: RotationState, ports: CreateKeyPorts): Promise<CreatedKey> {
  const { plan } = state;
  if (plan.dryRun) throw new UnsafeKeyOperationError(`rotation ${plan.rotationId} is a dry run`);
  const keys = await ports.keys.listKeys(plan.principal);
  const result = (keyId: string, createdAt: string): CreatedKey => ({
    newKeyId: keyId,
    newKeyCreatedAt: createdAt,
    secretVersionId: plan.secretVersionId,
    // Deleted before any key is created, so by now it is gone.
    deletedInactiveKeyId: plan.inactiveKeyToDeleteId,
  });

  const stored = await ports.secrets.readCredential(plan.secretName, { versionId: plan.secretVersionId });
  if (stored) {
    const key = keys.find((k) => k.keyId === stored.AccessKeyId);
    if (!key)
      throw new SecretMissingError(
        `version ${plan.secretVersionId} of ${plan.secretName} holds key ${stored.AccessKeyId}, which no longer exists`,
      );
    return result(key.keyId, key.createdAt);
  }

  const secret = await ports.secrets.describe(plan.secretName);
  const current = secret ? await currentKeyId(ports, plan.secretName) : undefined;
  await deleteOrphans(ports, state, keys, current);
  await deleteInactiveKey(ports, state, keys, current);
  if (!secret)
    await ports.secrets.create(plan.secretName, { provider: plan.provider, principal: plan.principal });
  const policyPlan = accessPolicyPlanOf(plan);
  if (policyPlan)
    await ports.secrets.putAccessPolicy(plan.secretName, secretAccessPolicy(policyPlan, ports.settings));

  const created = await ports.keys.createKey(plan.principal, plan.rotationId);
  try {
    await ports.secrets.putPending(plan.secretName, plan.secretVersionId, {
      Version: 1,
      AccessKeyId: created.keyId,
      SecretAccessKey: created.secretAccessKey,
    });
  } catch (error) {
    if (await storedDespiteError(ports, state, created.keyId))
      return result(created.keyId, created.createdAt);
    // If this delete fails too, the key is still not in existingKeyIds: the
    // retry or the rollback deletes it. The caller needs the first error.
    await ports.keys.deleteKey(plan.principal, created.keyId).catch(() => undefined);
    throw error;
  }
  return result(created.keyId, created.createdAt);
}
