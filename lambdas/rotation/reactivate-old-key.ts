/**
 * The operator's rollback (`akr rollback`), run during the deletion delay,
 * outside the workflow: the consumer that still needs the old key gets it back.
 *
 * Normal path: the rotation retired its old key and has not deleted it → the
 * key still exists → re-activate it (AWS: Status=Active; Yandex: the
 * description it had before it was marked retired) → release the rotation's
 * lock, since the operator stops the execution and its Record never runs.
 * The secret is never touched: the new key stays AWSCURRENT, so consumers
 * that moved keep working (invariant 1), and both keys are usable again.
 * A key already Active again (a retry) is not changed, so the step converges.
 *
 * Failure path: UnsafeKeyOperationError, changing nothing, when the rotation
 * had no old key, has not retired it (nothing to undo), already deleted it,
 * or the key is gone from the cloud (a deleted key cannot come back). The
 * lock is then left alone: the execution it belongs to may still be running.
 */
import { lockId } from '../config/environment.ts';
import type { RotationPorts } from './ports.ts';
import { UnsafeKeyOperationError } from './rotation-errors.ts';
import type { RotationState } from './rotation-state.ts';

export type ReactivateOldKeyPorts = Pick<RotationPorts, 'keys' | 'lock' | 'clock'>;

export interface ReactivatedKey {
  readonly reactivatedAt: string;
  readonly oldKeyId: string;
}

function refuse(state: RotationState, reason: string): UnsafeKeyOperationError {
  const { plan } = state;
  return new UnsafeKeyOperationError(
    `refusing to re-activate the old key of rotation ${plan.rotationId} (${plan.principal}): ${reason}`,
  );
}

export async function reactivateOldKey(
  state: RotationState,
  ports: ReactivateOldKeyPorts,
): Promise<ReactivatedKey> {
  const { plan, retired, deleted } = state;
  const oldKeyId = plan.oldKeyId;
  if (oldKeyId === null) throw refuse(state, 'it had no old key');
  if (!retired)
    throw refuse(state, `old key ${oldKeyId} was never retired by it, so there is nothing to undo`);
  if (deleted) throw refuse(state, `old key ${oldKeyId} is already deleted (at ${deleted.deletedAt})`);

  const keys = await ports.keys.listKeys(plan.principal);
  const old = keys.find((key) => key.keyId === oldKeyId);
  if (!old) throw refuse(state, `old key ${oldKeyId} is already deleted`);
  if (old.status === 'Inactive') {
    const { previousDescription } = retired;
    await ports.keys.reactivateKey(
      plan.principal,
      oldKeyId,
      previousDescription === undefined ? {} : { previousDescription },
    );
  }

  await ports.lock.release(lockId(plan.provider, plan.principal), plan.rotationId);
  return { reactivatedAt: ports.clock.now().toISOString(), oldKeyId };
}
