/**
 * Where an execution is now, read from its history: the state it is in, and
 * for a Wait, when the wait ends. The same reading serves local histories and
 * deployed ones (through step-functions-history.ts).
 */
import type { HistoryEvent } from '../local/workflow/execution-history-store.ts';

export interface ExecutionPosition {
  readonly currentState: string | undefined;
  readonly enteredAt: string | undefined;
  /** For a Wait state: when it ends. */
  readonly waitEndsAt: string | undefined;
  readonly principal: string | undefined;
  readonly provider: string | undefined;
}

const WAIT_SECONDS_FIELD: Record<string, string> = {
  WaitGrace: 'gracePeriodSeconds',
  WaitDeletion: 'deletionDelaySeconds',
};

type Plan = { principal?: string; provider?: string; [field: string]: unknown };

export function executionPosition(events: readonly HistoryEvent[], input: unknown): ExecutionPosition {
  const open = new Map<string, HistoryEvent>();
  let plan: Plan | undefined;
  for (const event of events) {
    if (!event.stateName) continue;
    if (event.type === 'StateEntered') open.set(event.stateName, event);
    if (event.type === 'StateExited') open.delete(event.stateName);
    const output = event.output as { plan?: Plan } | undefined;
    if (output?.plan) plan = output.plan;
  }
  const current = [...open.values()].at(-1);
  const field = current?.stateName ? WAIT_SECONDS_FIELD[current.stateName] : undefined;
  const seconds = field ? (current?.input as { plan?: Plan } | undefined)?.plan?.[field] : undefined;
  const waitEndsAt =
    current && typeof seconds === 'number'
      ? new Date(Date.parse(current.timestamp) + seconds * 1000).toISOString()
      : undefined;
  return {
    currentState: current?.stateName,
    enteredAt: current?.timestamp,
    waitEndsAt,
    principal: plan?.principal ?? (input as { principal?: string } | undefined)?.principal,
    provider: plan?.provider,
  };
}

/** The state a Wait or step entered with: the rotation state, holding only ids. */
export function stateOfCurrentStep(events: readonly HistoryEvent[], stateName: string): unknown {
  return events.findLast((event) => event.type === 'StateEntered' && event.stateName === stateName)?.input;
}
