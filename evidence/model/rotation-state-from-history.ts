/**
 * The rotation state an execution reached, read back from its history.
 *
 * Every step adds its own field to the state and passes the rest on, so the
 * last StateExited output that carries a `plan` is the whole state, exactly
 * what the Record step turns into the evidence record. A step whose output
 * field is missing but which exited normally (a history read without
 * execution data) still gets its time: the StateExited event's timestamp.
 */
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { type ExecutionHistory, type HistoryEvent, lastExit, principalOfInput } from './execution-history.ts';

/** Where a Catch sends a failed step: a step followed by one of these did not complete. */
const CATCH_TARGETS = new Set(['RollBack', 'RecordFailure', 'RollbackFailed']);

/** Each step, the state field its output adds, and the field of that holding its time. */
const STEPS = [
  { state: 'CreateKey', field: 'created', at: 'newKeyCreatedAt' },
  { state: 'VerifyKey', field: 'verified', at: 'verifiedAt' },
  { state: 'Publish', field: 'published', at: 'publishedAt' },
  { state: 'CheckOldKeyUse', field: 'usage', at: 'checkedAt' },
  { state: 'RetireOldKey', field: 'retired', at: 'retiredAt' },
  { state: 'DeleteOldKey', field: 'deleted', at: 'deletedAt' },
  { state: 'RollBack', field: 'rolledBack', at: 'rolledBackAt' },
] as const;

type MutableState = { -readonly [K in keyof RotationState]?: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The state after the last step that exited with data. */
function lastState(history: ExecutionHistory): MutableState | undefined {
  const exit = history.events.findLast(
    (event) => event.type === 'StateExited' && isObject(event.output) && isObject(event.output.plan),
  );
  return exit ? { ...(exit.output as MutableState) } : undefined;
}

/** True when the step's last exit was its own success, not a Catch on the way to rollback or failure. */
function completedNormally(history: ExecutionHistory, exit: HistoryEvent): boolean {
  const after = history.events.slice(history.events.indexOf(exit) + 1);
  const next = after.find((event) => event.type === 'StateEntered');
  return next?.stateName === undefined || !CATCH_TARGETS.has(next.stateName);
}

/** Without execution data, Plan's exit still proves a plan was made: rebuild what the history names. */
function planWithoutData(history: ExecutionHistory): Record<string, unknown> | undefined {
  const exit = lastExit(history, 'Plan');
  if (!exit || exit.output !== undefined) return undefined;
  return {
    rotationId: history.name,
    executionArn: history.executionArn,
    principal: principalOfInput(history.input),
    startedAt: history.startDate,
    oldKeyId: null,
    dryRun: false,
  };
}

/**
 * Normal path: the state as the workflow held it, plus step times from event
 * timestamps where the outputs are missing.
 * Returns undefined when Plan never produced a plan (the execution was refused
 * or is still in Plan).
 */
export function rotationStateFromHistory(history: ExecutionHistory): RotationState | undefined {
  const state: MutableState = lastState(history) ?? {};
  state.plan ??= planWithoutData(history);
  if (!isObject(state.plan)) return undefined;
  for (const step of STEPS) {
    if (state[step.field] !== undefined) continue;
    const exit = lastExit(history, step.state);
    if (!exit || exit.output !== undefined || !completedNormally(history, exit)) continue;
    state[step.field] = { [step.at]: exit.timestamp };
  }
  const ended = history.status !== 'SUCCEEDED' && history.status !== 'RUNNING';
  if (state.failure === undefined && ended) {
    const failed = history.events.findLast((event) => event.type === 'ExecutionFailed');
    const error = failed?.error ?? history.error;
    if (error) state.failure = { Error: error, Cause: (failed ? failed.cause : history.cause) ?? '' };
  }
  return state as RotationState;
}
