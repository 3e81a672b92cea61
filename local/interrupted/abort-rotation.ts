/**
 * `akr abort`: stops an interrupted or running local rotation safely, through
 * the workflow's own failure paths, so the same handlers and rules decide
 * what is deleted:
 *
 * - before Publish, it enters RollBack (then RecordRollback): the new key,
 *   any key of this rotation the plan did not know (an orphan whose secret
 *   was never stored) and the pending version are deleted, the lock released;
 * - after Publish, it enters RecordFailure: nothing is deleted, both keys stay
 *   usable (an old key already retired is re-activated first, by the
 *   operator's ReactivateOldKey function), the lock is released;
 * - either way the evidence record says so (ROLLED_BACK or FAILED, error
 *   OperatorAbort).
 *
 * A step whose outcome decides which path is safe (Plan takes the lock,
 * Publish is the commit point, RetireOldKey changes the old key) is first
 * finished (the next step is held, never started); a rotation already on its failure
 * path or recording its end is run to that end.
 */
import { RotatorError } from '../../lambdas/rotation/rotation-errors.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { ROTATION_STATE_NAMES as S } from '../../lib/rotation/rotation-state-names.ts';
import type { LocalRotationResult, LocalRotator } from '../local-rotation.ts';
import type { LocalExecutionRecord } from '../workflow/execution-history-store.ts';
import { type ExecutionPoint, executionPoint } from '../workflow/resume-point.ts';
import { isInterrupted, runnerAlive } from './interrupted-executions.ts';
import { type ContinueOptions, finishFromHistory, remainingWaitMs } from './resume-rotation.ts';

export class AbortRefusedError extends RotatorError {
  override readonly name = 'AbortRefusedError';
  readonly code = 'ABORT_REFUSED';
}

export type AbortPath = 'ROLLED_BACK' | 'BOTH_KEYS_KEPT' | 'RAN_TO_ITS_END';

export interface AbortResult extends LocalRotationResult {
  /** Where the abort sent the rotation. */
  readonly path: AbortPath;
  /** The state it was in when the abort took over. */
  readonly abortedIn: string;
}

/** Steps finished before deciding: their outcome says which path is safe. */
const FINISH_FIRST = new Set<string>([S.plan, S.publish, S.retireOldKey]);
/** Already on a path that ends the rotation safely. */
const TO_THE_END = new Set<string>([
  S.rollBack,
  S.recordRollback,
  S.rotationRolledBack,
  S.rollbackFailed,
  S.record,
  S.recordFailure,
  S.rotationFailed,
  S.dryRunComplete,
]);
/** The old key may be retired here: re-activate it before ending with both keys. */
const OLD_KEY_RETIRED = new Set<string>([S.waitDeletion, S.deleteOldKey]);

const RUNNER_EXIT_WAIT_MS = 30_000;

async function runnerGone(pid: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (!runnerAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !runnerAlive(pid);
}

/** A live runner is interrupted as Ctrl+C would (SIGTERM), so it records where it stopped and exits. */
async function stopRunner(
  rotator: LocalRotator,
  record: LocalExecutionRecord,
): Promise<LocalExecutionRecord> {
  const pid = record.runnerPid;
  if (isInterrupted(record) || pid === undefined) return record;
  if (pid === process.pid)
    throw new AbortRefusedError(`execution ${record.name} runs in this process; interrupt it first`);
  process.kill(pid, 'SIGTERM');
  if (!(await runnerGone(pid, Date.now() + RUNNER_EXIT_WAIT_MS))) {
    process.kill(pid, 'SIGKILL');
    await runnerGone(pid, Date.now() + 5_000);
  }
  return rotator.history.get(record.name) ?? record;
}

function withAbortFailure(state: RotationState, stateName: string): RotationState {
  return {
    ...state,
    failure: { Error: 'OperatorAbort', Cause: `aborted by the operator (akr abort) in ${stateName}` },
  };
}

function isUnsafe(error: unknown): boolean {
  return error instanceof Error && error.name === 'UnsafeKeyOperationError';
}

async function keepBothKeys(
  rotator: LocalRotator,
  record: LocalExecutionRecord,
  point: ExecutionPoint,
  options: ContinueOptions,
): Promise<AbortResult> {
  const state = point.input as RotationState;
  if (OLD_KEY_RETIRED.has(point.stateName)) {
    try {
      await rotator.invokeOperation('reactivate-old-key', state);
    } catch (error) {
      // Deleted already (DeleteOldKey ran): nothing can be kept, so the rotation is finished instead.
      if (!isUnsafe(error)) throw error;
      return { ...(await toTheEnd(rotator, record, point, options)), abortedIn: point.stateName };
    }
  }
  const result = await rotator.continueRotation({
    record,
    from: {
      stateName: S.recordFailure,
      input: withAbortFailure(state, point.stateName),
      reason: `aborted by the operator (akr abort) in ${point.stateName}; both keys stay usable`,
    },
    ...options,
  });
  return { ...result, path: 'BOTH_KEYS_KEPT', abortedIn: point.stateName };
}

async function toTheEnd(
  rotator: LocalRotator,
  record: LocalExecutionRecord,
  point: ExecutionPoint,
  options: ContinueOptions,
): Promise<Omit<AbortResult, 'abortedIn'>> {
  const result = await rotator.continueRotation({
    record,
    from: {
      stateName: point.stateName,
      input: point.input,
      remainingWaitMs: remainingWaitMs(point),
      reason: `abort requested in ${point.stateName}, already on its way to its end`,
    },
    ...options,
  });
  return { ...result, path: 'RAN_TO_ITS_END' };
}

export async function abortRotation(
  rotator: LocalRotator,
  running: LocalExecutionRecord,
  options: ContinueOptions = {},
): Promise<AbortResult> {
  let record = await stopRunner(rotator, running);
  let abortedIn: string | undefined;
  for (;;) {
    if (record.status !== 'RUNNING')
      throw new AbortRefusedError(
        `execution ${record.name} ended ${record.status} before the abort took over`,
      );
    const point = executionPoint(record, rotator.workflow.definition);
    if ('ended' in point)
      return { ...finishFromHistory(rotator, record, point.ended), path: 'RAN_TO_ITS_END', abortedIn: '—' };
    abortedIn ??= point.stateName;
    const state = point.input as Partial<RotationState>;
    if (FINISH_FIRST.has(point.stateName)) {
      const finished = await rotator.continueRotation({
        record,
        from: {
          stateName: point.stateName,
          input: point.input,
          reason: `abort requested in ${point.stateName}: finishing that step first`,
          pauseAfterStep: true,
        },
        ...options,
      });
      if (finished.execution.status !== 'RUNNING' || finished.execution.interruptedAt)
        return { ...finished, path: 'RAN_TO_ITS_END', abortedIn };
      record = finished.execution;
      continue;
    }
    if (TO_THE_END.has(point.stateName) || !state.plan || state.plan.dryRun)
      return { ...(await toTheEnd(rotator, record, point, options)), abortedIn };
    if (!state.published) {
      const result = await rotator.continueRotation({
        record,
        from: {
          stateName: S.rollBack,
          input: withAbortFailure(state as RotationState, point.stateName),
          reason: `aborted by the operator (akr abort) in ${point.stateName}; rolling back`,
        },
        ...options,
      });
      return { ...result, path: 'ROLLED_BACK', abortedIn };
    }
    return { ...(await keepBothKeys(rotator, record, point, options)), abortedIn };
  }
}
