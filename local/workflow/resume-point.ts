/**
 * Where an interrupted execution stands, read from its recorded history: the
 * state it was in (entered and not exited) and the input it entered with.
 * The runner writes a Task's entry before the Task runs, so re-entering that
 * state is a retry with the same rotation id, which every step survives (I4).
 * A Wait goes on with what is left of it.
 */
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import type { LocalExecutionRecord } from './execution-history-store.ts';
import type { AslDefinition, AslState } from './synthesized-workflow.ts';

export interface ExecutionPoint {
  readonly stateName: string;
  readonly stateType: string;
  readonly input: unknown;
  readonly enteredAt: string | undefined;
  /** For a Wait: when it ends. */
  readonly waitEndsAt: string | undefined;
}

/** The history already ends the execution: the runner died after the last event, before its final save. */
export interface EndedInHistory {
  readonly ended: HistoryEvent;
}

function valueAt(input: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  let value: unknown = input;
  for (const field of path.slice(1).split('.').filter(Boolean)) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  }
  return value;
}

function waitEndOf(state: AslState, input: unknown, enteredAt: string | undefined): string | undefined {
  if (typeof state.Timestamp === 'string') return state.Timestamp;
  if (typeof state.TimestampPath === 'string') return String(valueAt(input, state.TimestampPath));
  const seconds = typeof state.SecondsPath === 'string' ? valueAt(input, state.SecondsPath) : state.Seconds;
  if (typeof seconds !== 'number' || enteredAt === undefined) return undefined;
  return new Date(Date.parse(enteredAt) + seconds * 1000).toISOString();
}

const TERMINAL_EVENTS = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

export function executionPoint(
  record: LocalExecutionRecord,
  definition: AslDefinition,
): ExecutionPoint | EndedInHistory {
  const ended = record.events.findLast((event) => TERMINAL_EVENTS.has(event.type));
  if (ended) return { ended };
  const open = new Map<string, HistoryEvent>();
  let lastExited: HistoryEvent | undefined;
  for (const event of record.events) {
    if (!event.stateName) continue;
    if (event.type === 'StateEntered') open.set(event.stateName, event);
    if (event.type === 'StateExited') {
      open.delete(event.stateName);
      lastExited = event;
    }
  }
  // The runner records an exit and the next entry in the same tick; without an open state, retry the last one.
  const current = [...open.values()].at(-1) ?? lastExited;
  const stateName = current?.stateName ?? definition.StartAt;
  const state = definition.States[stateName];
  if (!state) throw new Error(`state ${stateName} of execution ${record.name} is not in its definition`);
  const input = current ? current.input : record.input;
  const enteredAt = current?.timestamp;
  const waitEndsAt =
    state.Type !== 'Wait'
      ? undefined
      : current === lastExited && current !== undefined
        ? current.timestamp
        : waitEndOf(state, input, enteredAt);
  return { stateName, stateType: state.Type, input, enteredAt, waitEndsAt };
}
