/**
 * Local executions that will not go on by themselves: RUNNING in their
 * history while their runner is gone (killed, or stopped on SIGINT/SIGTERM).
 * A deployed Standard execution survives its client; these are what
 * `akr resume` and `akr abort` pick up.
 */
import { RotatorError } from '../../lambdas/rotation/rotation-errors.ts';
import type { ExecutionHistoryStore, LocalExecutionRecord } from '../workflow/execution-history-store.ts';

export class NoInterruptedRotationError extends RotatorError {
  override readonly name = 'NoInterruptedRotationError';
  readonly code = 'NO_INTERRUPTED_ROTATION';
}

/** True while a process with this id exists (signal 0 checks without signalling). */
export function runnerAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isInterrupted(record: LocalExecutionRecord): boolean {
  if (record.status !== 'RUNNING') return false;
  return record.interruptedAt !== undefined || !runnerAlive(record.runnerPid);
}

/** The principal a rotation's record is about: its Plan's, or its input's. */
export function principalOf(record: LocalExecutionRecord): string | undefined {
  const planned = record.events.findLast(
    (event) => (event.output as { plan?: { principal?: string } } | undefined)?.plan?.principal,
  );
  const plan = (planned?.output as { plan?: { principal?: string } } | undefined)?.plan;
  return plan?.principal ?? (record.input as { principal?: string } | undefined)?.principal;
}

export interface ExecutionSelector {
  readonly name?: string;
  readonly principal?: string;
}

/**
 * The one RUNNING rotation of this state machine that the selector names.
 * @throws NoInterruptedRotationError when there is none.
 */
export function runningRotation(
  history: ExecutionHistoryStore,
  stateMachineArn: string,
  selector: ExecutionSelector,
): LocalExecutionRecord {
  if (selector.name !== undefined) {
    const record = history.get(selector.name);
    if (!record || record.stateMachineArn !== stateMachineArn)
      throw new NoInterruptedRotationError(`no local rotation execution is named ${selector.name}`);
    if (record.status !== 'RUNNING')
      throw new NoInterruptedRotationError(
        `execution ${record.name} already ended ${record.status}; there is nothing to continue`,
      );
    return record;
  }
  const mine = history
    .list()
    .filter((record) => record.stateMachineArn === stateMachineArn && record.status === 'RUNNING')
    .filter((record) => principalOf(record) === selector.principal)
    .sort((a, b) => a.startDate.localeCompare(b.startDate));
  const record = mine.at(-1);
  if (!record)
    throw new NoInterruptedRotationError(`no rotation of ${selector.principal} is in flight locally`);
  return record;
}
