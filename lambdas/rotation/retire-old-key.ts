/**
 * Step RetireOldKey (AWS: Status=Inactive; Yandex: the key is marked retired).
 *
 * Normal path: after Publish, make sure the old key is not the one in
 * AWSCURRENT, then retire it, recording when it may be deleted. A key that is
 * already gone or already Inactive needs nothing more, so a retry converges.
 *
 * Failure path: UnsafeKeyOperationError when the new key is not published or
 * the old key is still AWSCURRENT (invariant 1: consumers would lose their
 * only working credential). Nothing is changed then.
 */
import type { RotationPorts } from './ports.ts';
import type { RetiredKey, RotationState } from './rotation-state.ts';
import { assertNotCurrent, requirePublished } from './secret-stages.ts';

export type RetireOldKeyPorts = Pick<RotationPorts, 'keys' | 'secrets' | 'clock'>;

export async function retireOldKey(state: RotationState, ports: RetireOldKeyPorts): Promise<RetiredKey> {
  const { plan } = state;
  const retiredAt = ports.clock.now().toISOString();
  if (plan.oldKeyId === null) return { retiredAt };
  requirePublished(state, 'retire the old key');
  await assertNotCurrent(ports, state, plan.oldKeyId, 'retire');

  const keys = await ports.keys.listKeys(plan.principal);
  const old = keys.find((key) => key.keyId === plan.oldKeyId);
  if (!old || old.status === 'Inactive') return { retiredAt };
  const deleteAfter = new Date(Date.parse(retiredAt) + plan.deletionDelaySeconds * 1000).toISOString();
  const { previousDescription } = await ports.keys.retireKey(plan.principal, plan.oldKeyId, {
    rotationId: plan.rotationId,
    retiredAt,
    deleteAfter,
  });
  return previousDescription === undefined ? { retiredAt } : { retiredAt, previousDescription };
}
