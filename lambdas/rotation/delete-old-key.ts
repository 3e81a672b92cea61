/**
 * Step DeleteOldKey, after the deletion delay.
 *
 * Normal path: make sure the old key is neither AWSCURRENT nor Active again,
 * delete it, then drop the AWSPREVIOUS label, which would otherwise point
 * consumers' fallback at a deleted key. A key already gone and a label already
 * dropped are skipped, so a retry converges.
 *
 * Emergency DELETE mode (Yandex, `plan.emergencyRevocation` DELETE): reached
 * right after CheckOldKeyUse, so the exposed key was never retired and looks
 * Active; it is deleted all the same, since deleting is the only way to stop
 * a Yandex static key working. The AWSCURRENT guard still applies.
 *
 * Failure path: UnsafeKeyOperationError, deleting nothing, when the new key is
 * not published, the old key is AWSCURRENT, or (outside DELETE mode) an
 * operator re-activated the old key during the deletion window (that is a
 * rollback by hand: the key is in use again, and deleting an Active key would
 * break its consumers).
 */
import type { RotationPorts } from './ports.ts';
import { UnsafeKeyOperationError } from './rotation-errors.ts';
import type { DeletedKey, RotationState } from './rotation-state.ts';
import { AWSPREVIOUS, assertNotCurrent, requirePublished, versionWithStage } from './secret-stages.ts';

export type DeleteOldKeyPorts = Pick<RotationPorts, 'keys' | 'secrets' | 'clock'>;

export async function deleteOldKey(state: RotationState, ports: DeleteOldKeyPorts): Promise<DeletedKey> {
  const { plan } = state;
  if (plan.oldKeyId !== null) {
    requirePublished(state, 'delete the old key');
    await assertNotCurrent(ports, state, plan.oldKeyId, 'delete');
    const keys = await ports.keys.listKeys(plan.principal);
    const old = keys.find((key) => key.keyId === plan.oldKeyId);
    if (old?.status === 'Active' && plan.emergencyRevocation !== 'DELETE')
      throw new UnsafeKeyOperationError(
        `old key ${old.keyId} of ${plan.principal} is Active again: someone re-activated it during the ` +
          'deletion window (a rollback), so it is not deleted. Deactivate it and retry, or keep it and ' +
          'delete it by hand later',
      );
    if (old) await ports.keys.deleteKey(plan.principal, old.keyId);
  }

  const secret = await ports.secrets.describe(plan.secretName);
  const previousVersion = versionWithStage(secret, AWSPREVIOUS);
  if (previousVersion !== undefined)
    await ports.secrets.moveStage(plan.secretName, AWSPREVIOUS, { fromVersionId: previousVersion });
  return { deletedAt: ports.clock.now().toISOString() };
}
