/**
 * Rotations still running, read from their histories. They have no evidence
 * record yet, but they explain what an inventory shows meanwhile: from
 * CreateKey until RetireOldKey a principal has two Active keys on purpose
 * (the documented grace window), and the one-active-key control must say
 * "expected", not "finding", for exactly those keys.
 */
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { type ExecutionHistory, isFleetExecution } from './execution-history.ts';
import { rotationStateFromHistory } from './rotation-state-from-history.ts';

export interface InFlightRotation {
  readonly provider: Provider | undefined;
  readonly principal: string;
  readonly rotationId: string;
  readonly executionArn: string;
  readonly oldKeyId: string | null;
  readonly newKeyId: string | null;
  /** The state it is in now (the last one entered and not exited). */
  readonly currentState: string | undefined;
  readonly publishedAt: string | null;
  /** True until RetireOldKey has run: both keys are meant to be Active. */
  readonly inGraceWindow: boolean;
  /** When the current grace period ends, if the rotation is waiting in one. */
  readonly graceEndsAt: string | null;
}

function currentStateOf(history: ExecutionHistory): { name: string | undefined; since: string | undefined } {
  const open = new Map<string, string>();
  for (const event of history.events) {
    if (!event.stateName) continue;
    if (event.type === 'StateEntered') open.set(event.stateName, event.timestamp);
    if (event.type === 'StateExited') open.delete(event.stateName);
  }
  const [name, since] = [...open.entries()].at(-1) ?? [];
  return { name, since };
}

export function inFlightRotation(history: ExecutionHistory): InFlightRotation | undefined {
  if (history.status !== 'RUNNING' || isFleetExecution(history)) return undefined;
  const state = rotationStateFromHistory(history);
  if (!state || state.plan.dryRun) return undefined;
  const current = currentStateOf(history);
  const graceSeconds = state.plan.gracePeriodSeconds;
  const graceEndsAt =
    current.name === 'WaitGrace' && current.since && typeof graceSeconds === 'number'
      ? new Date(Date.parse(current.since) + graceSeconds * 1000).toISOString()
      : null;
  return {
    provider: state.plan.provider,
    principal: state.plan.principal,
    rotationId: state.plan.rotationId,
    executionArn: state.plan.executionArn ?? history.executionArn,
    oldKeyId: state.plan.oldKeyId ?? null,
    newKeyId: state.created?.newKeyId ?? null,
    currentState: current.name,
    publishedAt: state.published?.publishedAt ?? null,
    inGraceWindow: state.retired === undefined && state.failure === undefined,
    graceEndsAt,
  };
}

export function inFlightRotations(histories: readonly ExecutionHistory[]): InFlightRotation[] {
  return histories.flatMap((history) => inFlightRotation(history) ?? []);
}
