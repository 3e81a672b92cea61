/**
 * Where an execution is now, read from its history: the state it is in, and
 * for a Wait, when the wait ends. The same reading serves local histories and
 * deployed ones (through step-functions-history.ts).
 */
import type { HistoryEvent } from '../evidence/model/execution-history.ts';

export interface ExecutionPosition {
  readonly currentState: string | undefined;
  readonly enteredAt: string | undefined;
  /** For a Wait state: when it ends. */
  readonly waitEndsAt: string | undefined;
  readonly principal: string | undefined;
  readonly provider: string | undefined;
}

/** Plan fields each Wait reads, newest first: histories from before `graceWaitSeconds` have only the period. */
const WAIT_SECONDS_FIELDS: Record<string, readonly string[]> = {
  WaitGrace: ['graceWaitSeconds', 'gracePeriodSeconds'],
  WaitDeletion: ['deletionDelaySeconds'],
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
  const fields = current?.stateName ? WAIT_SECONDS_FIELDS[current.stateName] : undefined;
  const waitPlan = (current?.input as { plan?: Plan } | undefined)?.plan;
  const seconds = fields?.map((name) => waitPlan?.[name]).find((value) => typeof value === 'number');
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
