/**
 * Step Record, the last state of every rotation that got a plan.
 *
 * Normal path: build the evidence record from the state (ids and timestamps
 * only, invariant 2) and release the lock so the next rotation of this
 * principal may start. Releasing is a no-op when this rotation does not hold
 * the lock (a dry run, or a retry), so the step is idempotent. A rotation
 * that did not succeed then notifies `Access Key Rotation Failed`. The lock
 * is released first: a notification outage must not hold up the principal's
 * next rotation.
 *
 * Archive: after the lock is released, the record is written to the evidence
 * archive (S3) under a key made of provider, principal and rotation id, so a
 * retry overwrites the same object. Compliance needs that copy (history is
 * kept only 90 days): a failed write is a TransientError and the step retries.
 *
 * Failure path: the lock, the archive and the notifier can fail (TransientError
 * for the archive and the notifier); the state machine retries, which releases
 * nothing twice, archives the same key again and notifies again.
 *
 * Revocation: the record says when the old key stopped working, which is what
 * time-to-revoke is measured by: on AWS when it went Inactive (RetireOldKey),
 * on Yandex when it was deleted (retiring a Yandex key only rewrites its
 * description, so it still signs). The policy is the configured one, or
 * EMERGENCY. A plan written before these fields existed gets the record of
 * that time, without them; readers take it as a normal rotation.
 *
 * Status: a failure before Publish was rolled back (ROLLED_BACK); a failure
 * after Publish, or one whose rollback found it published, left both keys
 * usable (FAILED); otherwise SUCCEEDED.
 */
import { lockId } from '../config/environment.ts';
import { evidenceObjectKey } from './evidence-archive-key.ts';
import { readableCause } from './failure-cause.ts';
import { notifyBestEffort } from './notify-best-effort.ts';
import type { RotationPorts } from './ports.ts';
import { TransientError } from './rotation-errors.ts';
import { rotationEventOf } from './rotation-event-of.ts';
import { ROTATION_EVENT_TYPES } from './rotation-events.ts';
import type { EvidenceRecord, RotationState, RotationStatus } from './rotation-state.ts';

interface Revocation {
  readonly revokedAt: string | null;
  readonly revocation: 'DEACTIVATED' | 'DELETED' | null;
}

/** When and how the old key stopped working; null when it still works (or there was none). */
function revocationOf(state: RotationState): Revocation {
  if (state.plan.oldKeyId === null) return { revokedAt: null, revocation: null };
  if (state.plan.provider === 'aws')
    return state.retired
      ? { revokedAt: state.retired.retiredAt, revocation: 'DEACTIVATED' }
      : { revokedAt: null, revocation: null };
  return state.deleted
    ? { revokedAt: state.deleted.deletedAt, revocation: 'DELETED' }
    : { revokedAt: null, revocation: null };
}

export type RecordEvidencePorts = Pick<RotationPorts, 'lock' | 'clock' | 'notifier' | 'archive'>;

export function rotationStatus(state: RotationState): RotationStatus {
  if (!state.failure) return 'SUCCEEDED';
  return state.published || state.rollbackRefused ? 'FAILED' : 'ROLLED_BACK';
}

export function buildEvidenceRecord(state: RotationState): EvidenceRecord {
  const { plan, failure } = state;
  const record: EvidenceRecord = {
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
    // Decoded once here, so the archived record holds a sentence, not the runtime's JSON inside JSON.
    failure: failure
      ? { error: failure.Error, cause: readableCause(failure.Error, failure.Cause ?? '') }
      : null,
  };
  // A plan written before the exposure fields (a run in flight at deploy, an old history) gets a
  // record as it was written then; readers default the missing fields (a normal rotation).
  if (plan.emergency === undefined) return record;
  return {
    ...record,
    emergency: plan.emergency,
    retirementPolicy: state.usage?.policy ?? (plan.emergency ? 'EMERGENCY' : plan.oldKeyInUsePolicy),
    exposureReportedAt: plan.exposureReportedAt ?? null,
    ...revocationOf(state),
  };
}

export async function recordEvidence(
  state: RotationState,
  ports: RecordEvidencePorts,
): Promise<EvidenceRecord> {
  const record = buildEvidenceRecord(state);
  await ports.lock.release(lockId(state.plan.provider, state.plan.principal), state.plan.rotationId);
  await archiveRecord(record, ports.archive);
  // The execution fails right after this on these paths; its own status is the primary signal,
  // so a notification that cannot be sent must not replace the rotation's cause with its own.
  if (record.status !== 'SUCCEEDED')
    await notifyBestEffort(ports.notifier, [
      rotationEventOf(state, ROTATION_EVENT_TYPES.failed, ports.clock.now(), {
        status: record.status,
        error: record.failure?.error ?? 'Unknown',
      }),
    ]);
  return record;
}

/** Writes the record; any failure becomes a TransientError so the Record step is retried. */
async function archiveRecord(record: EvidenceRecord, archive: RotationPorts['archive']): Promise<void> {
  try {
    await archive.put(record);
  } catch (error) {
    if (error instanceof TransientError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new TransientError(`Evidence archive write of ${evidenceObjectKey(record)} failed (${reason})`, {
      cause: error,
    });
  }
}
