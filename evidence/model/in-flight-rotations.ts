/**
 * Rotations still running, read from their histories. They have no evidence
 * record yet, but they explain what an inventory shows meanwhile: from
 * CreateKey until RetireOldKey a principal has two Active keys on purpose
 * (the documented grace window), and the one-active-key control must say
 * "expected", not "finding", for exactly those keys.
 *
 * An emergency rotation in flight also carries its exposure so far: an AWS
 * one revokes the exposed key minutes in, then waits the deletion delay
 * before its record exists, and the revocation is evidence meanwhile.
 */
import { buildEvidenceRecord } from '../../lambdas/rotation/record-evidence.ts';
import type { Provider, RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { withExposureDefaults } from './evidence-fields.ts';
import { type ExecutionHistory, isFleetExecution } from './execution-history.ts';
import type { InFlightExposure } from './exposure-response.ts';
import { rotationStateFromHistory } from './rotation-state-from-history.ts';

export interface InFlightRotation {
  readonly provider: Provider | undefined;
  readonly principal: string;
  readonly rotationId: string;
  readonly executionArn: string;
  readonly oldKeyId: string | null;
  readonly newKeyId: string | null;
  /** The state it is in now (the last one entered and not exited). */
  readonly currentState: string | undefined;
  readonly publishedAt: string | null;
  /** True until RetireOldKey has run: both keys are meant to be Active. */
  readonly inGraceWindow: boolean;
  /** When the current grace period ends, if the rotation is waiting in one. */
  readonly graceEndsAt: string | null;
  /**
   * An emergency rotation's exposure report and revocation so far.
   * @default - absent: not an emergency rotation
   */
  readonly exposure?: InFlightExposure;
}

/** The record the Record step would write now, read for its exposure fields only. */
function exposureOf(state: RotationState, history: ExecutionHistory): InFlightExposure | undefined {
  const record = withExposureDefaults(buildEvidenceRecord({ ...state, failure: undefined }));
  if (record.emergency !== true) return undefined;
  return {
    exposureReportedAt: record.exposureReportedAt ?? state.plan.startedAt ?? history.startDate,
    revokedAt: record.revokedAt ?? null,
    revocation: record.revocation ?? null,
  };
}

function currentStateOf(history: ExecutionHistory): { name: string | undefined; since: string | undefined } {
  const open = new Map<string, string>();
  for (const event of history.events) {
    if (!event.stateName) continue;
    if (event.type === 'StateEntered') open.set(event.stateName, event.timestamp);
    if (event.type === 'StateExited') open.delete(event.stateName);
  }
  const [name, since] = [...open.entries()].at(-1) ?? [];
  return { name, since };
}

export function inFlightRotation(history: ExecutionHistory): InFlightRotation | undefined {
  if (history.status !== 'RUNNING' || isFleetExecution(history)) return undefined;
  const state = rotationStateFromHistory(history);
  if (!state || state.plan.dryRun) return undefined;
  const current = currentStateOf(history);
  const graceSeconds = state.plan.gracePeriodSeconds;
  const exposure = exposureOf(state, history);
  const graceEndsAt =
    current.name === 'WaitGrace' && current.since && typeof graceSeconds === 'number'
      ? new Date(Date.parse(current.since) + graceSeconds * 1000).toISOString()
      : null;
  return {
    provider: state.plan.provider,
    principal: state.plan.principal,
    rotationId: state.plan.rotationId,
    executionArn: state.plan.executionArn ?? history.executionArn,
    oldKeyId: state.plan.oldKeyId ?? null,
    newKeyId: state.created?.newKeyId ?? null,
    currentState: current.name,
    publishedAt: state.published?.publishedAt ?? null,
    inGraceWindow: state.retired === undefined && state.failure === undefined,
    graceEndsAt,
    ...(exposure && { exposure }),
  };
}

export function inFlightRotations(histories: readonly ExecutionHistory[]): InFlightRotation[] {
  return histories.flatMap((history) => inFlightRotation(history) ?? []);
}
