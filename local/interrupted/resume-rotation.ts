/**
 * `akr resume`: an interrupted local rotation goes on from the state it was
 * in, to the same end a deployed Standard execution would have reached. The
 * step that was running is entered again with the input it had (a retry with
 * the same rotation id, which every step survives); a Wait waits only what
 * was left of it.
 */

import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import { type LocalRotationResult, type LocalRotator, writeEvidence } from '../local-rotation.ts';
import { evidenceFromHistory } from '../workflow/evidence-from-history.ts';
import type { LocalExecutionRecord } from '../workflow/execution-history-store.ts';
import { type ExecutionPoint, executionPoint } from '../workflow/resume-point.ts';
import { isInterrupted, NoInterruptedRotationError } from './interrupted-executions.ts';

export interface ContinueOptions {
  readonly onEvent?: (event: HistoryEvent) => void;
  readonly interrupt?: AbortSignal;
}

export function assertInterrupted(record: LocalExecutionRecord): void {
  if (!isInterrupted(record))
    throw new NoInterruptedRotationError(
      `execution ${record.name} is still running (runner pid ${record.runnerPid}); ` +
        'wait for it, or stop it with akr abort',
    );
}

/** The runner died after the history ended the execution but before it saved the outcome: save it now. */
export function finishFromHistory(
  rotator: LocalRotator,
  record: LocalExecutionRecord,
  ended: HistoryEvent,
): LocalRotationResult {
  const finished: LocalExecutionRecord = { ...record, stopDate: ended.timestamp };
  if (ended.type === 'ExecutionSucceeded') {
    finished.status = 'SUCCEEDED';
    finished.output = ended.output;
  } else {
    finished.status = ended.type === 'ExecutionAborted' ? 'ABORTED' : 'FAILED';
    finished.error = ended.error ?? record.error;
    finished.cause = ended.cause ?? record.cause;
  }
  rotator.history.save(finished);
  const evidence = evidenceFromHistory(finished);
  const evidencePath = evidence ? writeEvidence(rotator.stateDir, evidence) : undefined;
  return { execution: finished, evidence, evidencePath };
}

export function remainingWaitMs(point: ExecutionPoint, now = Date.now()): number | undefined {
  if (point.waitEndsAt === undefined) return undefined;
  return Math.max(0, Date.parse(point.waitEndsAt) - now);
}

export async function resumeRotation(
  rotator: LocalRotator,
  record: LocalExecutionRecord,
  options: ContinueOptions = {},
): Promise<LocalRotationResult> {
  assertInterrupted(record);
  const point = executionPoint(record, rotator.workflow.definition);
  if ('ended' in point) return finishFromHistory(rotator, record, point.ended);
  return rotator.continueRotation({
    record,
    from: {
      stateName: point.stateName,
      input: point.input,
      remainingWaitMs: remainingWaitMs(point),
      reason: `resumed by the operator (akr resume) in ${point.stateName}`,
    },
    ...options,
  });
}
