/**
 * Step Record, the last state of every rotation that got a plan.
 *
 * Normal path: build the evidence record from the state (ids and timestamps
 * only, invariant 2) and release the lock so the next rotation of this
 * principal may start. Releasing is a no-op when this rotation does not hold
 * the lock (a dry run, or a retry), so the step is idempotent.
 *
 * Failure path: only the lock port can fail; the state machine retries it.
 *
 * Status: a failure before Publish was rolled back (ROLLED_BACK); a failure
 * after Publish left both keys usable (FAILED); otherwise SUCCEEDED.
 */
import { lockId } from '../config/environment.ts';
import type { RotationPorts } from './ports.ts';
import type { EvidenceRecord, RotationState, RotationStatus } from './rotation-state.ts';

export type RecordEvidencePorts = Pick<RotationPorts, 'lock'>;

export function rotationStatus(state: RotationState): RotationStatus {
  if (!state.failure) return 'SUCCEEDED';
  return state.published ? 'FAILED' : 'ROLLED_BACK';
}

export function buildEvidenceRecord(state: RotationState): EvidenceRecord {
  const { plan, failure } = state;
  return {
    rotationId: plan.rotationId,
    provider: plan.provider,
    principal: plan.principal,
    executionArn: plan.executionArn,
    status: rotationStatus(state),
    oldKeyId: plan.oldKeyId,
    newKeyId: state.created?.newKeyId ?? null,
    startedAt: plan.startedAt,
    newKeyCreatedAt: state.created?.newKeyCreatedAt ?? null,
    verifiedAt: state.verified?.verifiedAt ?? null,
    publishedAt: state.published?.publishedAt ?? null,
    oldKeyLastUsedAt: state.usage?.oldKeyLastUsedAt ?? null,
    retiredAt: state.retired?.retiredAt ?? null,
    deletedAt: state.deleted?.deletedAt ?? null,
    failure: failure ? { error: failure.Error, cause: failure.Cause ?? '' } : null,
  };
}

export async function recordEvidence(
  state: RotationState,
  ports: RecordEvidencePorts,
): Promise<EvidenceRecord> {
  const record = buildEvidenceRecord(state);
  await ports.lock.release(lockId(state.plan.provider, state.plan.principal), state.plan.rotationId);
  return record;
}
