/**
 * One evidence record per rotation execution, rebuilt from its history alone
 * (DESIGN "Evidence record"), so a report needs neither the Record step's
 * output nor an archive: Step Functions keeps the history for 90 days.
 *
 * Statuses, as the workflow itself decides them:
 * - SUCCEEDED: the execution succeeded;
 * - ROLLED_BACK: it failed before Publish and RollBack completed, or an
 *   operator rolled it back during the deletion delay (the execution was
 *   stopped: ABORTED, failure `OperatorRollback`);
 * - FAILED: it failed after Publish (both keys stay usable), its rollback
 *   failed, or Plan refused it (then no key ids: nothing was changed).
 *
 * Not rotations, so no record: fleet runs, dry runs, and executions still
 * RUNNING (they have no outcome yet; see in-flight-rotations.ts).
 */
import { buildEvidenceRecord } from '../../lambdas/rotation/record-evidence.ts';
import type { EvidenceRecord, Provider, RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { withExposureDefaults } from './evidence-fields.ts';
import {
  type ExecutionHistory,
  emergencyOfInput,
  isFleetExecution,
  principalOfInput,
} from './execution-history.ts';
import { rotationStateFromHistory } from './rotation-state-from-history.ts';

export interface EvidenceDefaults {
  /** The provider of the state machine that ran it, for executions refused before Plan named one. */
  readonly provider?: Provider;
}

export const OPERATOR_ROLLBACK = 'OperatorRollback';
/** How `akr rollback` words the stop cause (cli/commands/rollback-command.ts). */
const OPERATOR_CAUSE_PREFIX = 'rolled back by the operator';

function failureOf(history: ExecutionHistory): { error: string; cause: string } {
  const failed = history.events.findLast((event) => event.type === 'ExecutionFailed');
  return {
    error: failed?.error ?? history.error ?? history.status,
    cause: (failed ? failed.cause : history.cause) ?? '',
  };
}

function isOperatorRollback(history: ExecutionHistory): boolean {
  if (history.status !== 'ABORTED') return false;
  return history.error === OPERATOR_ROLLBACK || (history.cause ?? '').startsWith(OPERATOR_CAUSE_PREFIX);
}

/**
 * Plan refused the execution: it changed nothing, so the record names no key.
 * A refused emergency rotation still says it was one, and when the exposure
 * was reported (Plan defaults that to the start), since the exposed key it
 * came for was not revoked.
 */
function refusedRecord(history: ExecutionHistory, provider: Provider): EvidenceRecord {
  const emergency = emergencyOfInput(history.input);
  return {
    rotationId: history.name,
    provider,
    principal: principalOfInput(history.input),
    executionArn: history.executionArn,
    status: 'FAILED',
    oldKeyId: null,
    newKeyId: null,
    startedAt: history.startDate,
    newKeyCreatedAt: null,
    verifiedAt: null,
    publishedAt: null,
    oldKeyLastUsedAt: null,
    retiredAt: null,
    deletedAt: null,
    failure: failureOf(history),
    emergency: emergency.emergency,
    exposureReportedAt: emergency.emergency ? (emergency.exposureReportedAt ?? history.startDate) : null,
    revokedAt: null,
    revocation: null,
  } as EvidenceRecord;
}

function outcome(
  state: RotationState,
  history: ExecutionHistory,
): Pick<EvidenceRecord, 'status' | 'failure'> {
  if (history.status === 'SUCCEEDED') return { status: 'SUCCEEDED', failure: null };
  if (isOperatorRollback(history))
    return {
      status: 'ROLLED_BACK',
      failure: { error: OPERATOR_ROLLBACK, cause: history.cause ?? OPERATOR_CAUSE_PREFIX },
    };
  const failure = state.failure
    ? { error: state.failure.Error, cause: state.failure.Cause ?? '' }
    : failureOf(history);
  // Before Publish, only a completed RollBack makes it ROLLED_BACK; a failed one leaves a new key behind.
  const rolledBack = !state.published && state.rolledBack !== undefined;
  return { status: rolledBack ? 'ROLLED_BACK' : 'FAILED', failure };
}

/** @returns undefined for fleet runs, dry runs and executions still running. */
export function evidenceFromExecution(
  history: ExecutionHistory,
  defaults: EvidenceDefaults = {},
): EvidenceRecord | undefined {
  if (history.status === 'RUNNING' || isFleetExecution(history)) return undefined;
  const state = rotationStateFromHistory(history);
  const provider = (state?.plan.provider as Provider | undefined) ?? defaults.provider ?? 'aws';
  if (!state) return history.status === 'SUCCEEDED' ? undefined : refusedRecord(history, provider);
  if (state.plan.dryRun) return undefined;
  // A history older than the exposure fields rebuilds a record without them: it was a normal rotation.
  const record = withExposureDefaults(buildEvidenceRecord({ ...state, failure: undefined }));
  return {
    ...record,
    provider,
    principal: record.principal || principalOfInput(history.input),
    startedAt: record.startedAt || history.startDate,
    ...outcome(state, history),
  };
}
