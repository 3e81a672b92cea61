/**
 * An execution's history as the evidence builders read it: the shape the
 * local runner records in `.akr/executions/*.json`, and the one
 * `cli/step-functions-history.ts` maps `GetExecutionHistory` onto. Declared
 * here structurally so the builders depend on neither the local runner nor
 * the SDK; both shapes fit it as they are.
 *
 * Which provider a history belongs to: each deployed state machine serves
 * one provider, and most executions say which in their own outputs (the
 * plan, the discovery). An execution refused before Plan says nothing, so its
 * provider is learned from the other executions of the same state machine,
 * and otherwise taken from what the caller knows (the state machine it read).
 */
import type { FleetDiscovery } from '../../lambdas/fleet/fleet-state.ts';
import type { Provider, RotationPlan } from '../../lambdas/rotation/rotation-state.ts';

export type ExecutionStatusName = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT' | string;

/**
 * One event of an execution's history: what the local runner records, what
 * the CLI maps Step Functions' events onto, and what the evidence reads.
 */
export interface HistoryEvent {
  readonly timestamp: string;
  /** `StateEntered`, `StateExited`, `ExecutionFailed`, … */
  readonly type: string;
  readonly stateName?: string;
  readonly stateType?: string;
  readonly input?: unknown;
  /** Absent when the history was read without execution data. */
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly retryAttempt?: number;
}

export interface ExecutionHistory {
  /** The execution name: a rotation's id. */
  readonly name: string;
  readonly executionArn: string;
  readonly stateMachineArn?: string;
  readonly status: ExecutionStatusName;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly input: unknown;
  /** DescribeExecution's (or the local record's) error and cause, for failed and stopped executions. */
  readonly error?: string;
  readonly cause?: string;
  readonly events: readonly HistoryEvent[];
}

/** The last time the state exited normally, if it ever did. */
export function lastExit(history: ExecutionHistory, stateName: string): HistoryEvent | undefined {
  return history.events.findLast((event) => event.type === 'StateExited' && event.stateName === stateName);
}

export function entered(history: ExecutionHistory, stateName: string): boolean {
  return history.events.some((event) => event.type === 'StateEntered' && event.stateName === stateName);
}

/** A plain object field of an event's output, e.g. `created` of CreateKey's. */
export function outputField<T>(event: HistoryEvent | undefined, field: string): T | undefined {
  const output = event?.output;
  if (typeof output !== 'object' || output === null) return undefined;
  const value = (output as Record<string, unknown>)[field];
  return value === undefined || value === null ? undefined : (value as T);
}

/**
 * Fleet runs start with Discover; a deployed scheduler names them freely, so
 * the state is the sign, and the `fleet-` name the CLI gives is the fallback
 * for a history read without its events.
 */
export function isFleetExecution(history: ExecutionHistory): boolean {
  if (entered(history, 'Discover')) return true;
  if (entered(history, 'Plan')) return false;
  return history.name.startsWith('fleet-');
}

/** The principal the execution was started for, from its input. */
export function principalOfInput(input: unknown): string {
  const principal = (input as { principal?: unknown } | null | undefined)?.principal;
  return typeof principal === 'string' ? principal : '';
}

/** The key id the execution was started for (the key-id form: `accessKeyId`), from its input. */
export function accessKeyIdOfInput(input: unknown): string | undefined {
  const keyId = (input as { accessKeyId?: unknown } | null | undefined)?.accessKeyId;
  return typeof keyId === 'string' && keyId !== '' ? keyId : undefined;
}

/** Whether the input asked for an emergency rotation, and the exposure time it gave, if it is a time. */
export function emergencyOfInput(input: unknown): { emergency: boolean; exposureReportedAt?: string } {
  const { emergency, exposureReportedAt } = (input ?? {}) as {
    emergency?: unknown;
    exposureReportedAt?: unknown;
  };
  return {
    emergency: emergency === true,
    ...(typeof exposureReportedAt === 'string' &&
      !Number.isNaN(Date.parse(exposureReportedAt)) && { exposureReportedAt }),
  };
}

export type ProviderOf = (history: ExecutionHistory) => Provider | undefined;

function ownProvider(history: ExecutionHistory): Provider | undefined {
  const plan = outputField<RotationPlan>(lastExit(history, 'Plan'), 'plan');
  const discovery = outputField<FleetDiscovery>(lastExit(history, 'Discover'), 'discovery');
  return plan?.provider ?? discovery?.provider;
}

/**
 * @param fallback the provider of the state machine(s) read, when the caller
 *   knows it: e.g. `--provider` for the deployed state machine given.
 */
export function providerResolver(histories: readonly ExecutionHistory[], fallback?: Provider): ProviderOf {
  const byStateMachine = new Map<string, Provider>();
  for (const history of histories) {
    const provider = ownProvider(history);
    if (provider && history.stateMachineArn) byStateMachine.set(history.stateMachineArn, provider);
  }
  return (history) =>
    ownProvider(history) ??
    (history.stateMachineArn ? byStateMachine.get(history.stateMachineArn) : undefined) ??
    fallback;
}
