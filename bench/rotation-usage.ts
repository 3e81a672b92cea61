/**
 * What one rotation uses, read from the local run itself: state transitions
 * and Lambda invocations from the execution's event log, each invocation's
 * duration from a wrapper around the task handler, and API calls from the
 * local cloud's request log, by service.
 */

import type { RecordedRequest } from '@access-key-rotator/local-cloud';
import type { HistoryEvent } from '../evidence/model/execution-history.ts';
import type { TaskHandlers } from '../local/workflow/handler-bindings.ts';

export interface RotationUsageFigures {
  readonly status: string;
  readonly wallMs: number;
  /** StateEntered events: what Step Functions bills, before retries. */
  readonly statesEntered: number;
  readonly retries: number;
  /** Billed transitions: states entered plus retries (each retry is a transition). */
  readonly stateTransitions: number;
  /** Task states entered plus their retries, from the event log. */
  readonly lambdaInvocations: number;
  /** The same count seen by the invocation wrapper: it must agree with the log. */
  readonly lambdaInvocationsObserved: number;
  readonly lambdaDurationsMs: readonly { readonly state: string; readonly ms: number }[];
  readonly apiCalls: number;
  readonly apiCallsByService: Readonly<Record<string, number>>;
  readonly apiCallsByAction: Readonly<Record<string, number>>;
}

/** Times every task invocation; pass `wrap` as the rotator's `wrapTask`. */
export function invocationTimer() {
  let durations: { state: string; ms: number }[] = [];
  const wrap = (state: string, handler: TaskHandlers[string]): TaskHandlers[string] =>
    (async (...args: Parameters<TaskHandlers[string]>) => {
      const started = performance.now();
      try {
        return await handler(...args);
      } finally {
        durations.push({ state, ms: performance.now() - started });
      }
    }) as TaskHandlers[string];
  return {
    wrap,
    /** Returns the durations recorded so far and starts a fresh list. */
    take() {
      const taken = durations;
      durations = [];
      return taken;
    },
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export function usageOf(
  execution: { readonly status: string; readonly events: readonly HistoryEvent[] },
  wallMs: number,
  durations: readonly { readonly state: string; readonly ms: number }[],
  requests: readonly RecordedRequest[],
): RotationUsageFigures {
  const entered = execution.events.filter((event) => event.type === 'StateEntered');
  const retried = execution.events.filter((event) => event.type === 'StateRetried');
  const taskRuns = [...entered, ...retried].filter((event) => event.stateType === 'Task');
  return {
    status: execution.status,
    wallMs,
    statesEntered: entered.length,
    retries: retried.length,
    stateTransitions: entered.length + retried.length,
    lambdaInvocations: taskRuns.length,
    lambdaInvocationsObserved: durations.length,
    lambdaDurationsMs: durations,
    apiCalls: requests.length,
    apiCallsByService: countBy(requests, (request) => request.service),
    apiCallsByAction: countBy(requests, (request) => `${request.service}:${request.action}`),
  };
}
