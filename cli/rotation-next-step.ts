/**
 * The `next:` line of a rotation that did not succeed. It follows from where
 * the run stopped, not from the error's name alone: a refused Plan changed
 * nothing; a failure before Publish was rolled back (or its rollback failed);
 * a failure after Publish left both keys usable, and since two Active keys
 * make the next Plan refuse, the old key is then the operator's to retire.
 */

import type { HistoryEvent } from '../evidence/model/execution-history.ts';
import type { EvidenceRecord } from '../lambdas/rotation/rotation-state.ts';

export type StopPoint =
  | 'REFUSED_IN_PLAN'
  | 'ROLLED_BACK'
  | 'ROLLBACK_FAILED'
  | 'AFTER_PUBLISH'
  | 'BEFORE_PUBLISH'
  | 'NOT_RECORDED';

export interface FailedRotation {
  readonly error?: string;
  readonly evidence?: EvidenceRecord;
  /** The execution's history, when known (local runs, and deployed runs followed with --wait). */
  readonly events?: readonly HistoryEvent[];
}

/** Plan's refusals, each with what to change before starting again. */
const PLAN_REFUSALS: Record<string, string> = {
  ValidationError: 'Fix the named field and start again; nothing was changed.',
  RotationInFlightError:
    'Wait for the rotation in flight to finish (akr status), then start again; nothing was changed.',
  TwoActiveKeysError: 'Deactivate the key nobody uses, then start again; nothing was changed.',
  PrincipalNotFoundError: 'Check the principal name; nothing was changed.',
  PrincipalNotInScopeError:
    'The principal is outside the configured user path or lacks the opt-in tag; nothing was changed.',
  MemberAccountUnreachableError:
    "Deploy the member stack in the principal's account (or fix its trust of this hub and akr:memberExternalId), then start again; nothing was changed.",
};

const BEFORE_PUBLISH_STEPS = new Set(['CreateKey', 'VerifyKey', 'Publish']);
const RECORD_STEPS = new Set(['Record', 'RecordFailure', 'RecordRollback']);

/** The first state whose failure was final: caught (it exited failed) or ending the execution. */
export function failedStep(events: readonly HistoryEvent[]): string | undefined {
  const failed = new Map<string, true>();
  let current: string | undefined;
  for (const event of events) {
    const state = event.stateName ?? current;
    if (event.type === 'StateEntered' && event.stateName) {
      current = event.stateName;
      failed.delete(event.stateName);
    } else if (event.type === 'StateFailed' && state && event.stateType !== 'Fail') failed.set(state, true);
    else if (event.type === 'StateRetried' && state) failed.delete(state);
    else if (event.type === 'StateExited' && state && failed.has(state)) return state;
    else if (event.type === 'ExecutionFailed') return [...failed.keys()][0];
  }
  return undefined;
}

function exited(events: readonly HistoryEvent[], stateName: string): boolean {
  return events.some((event) => event.type === 'StateExited' && event.stateName === stateName);
}

export function stopPoint(rotation: FailedRotation): StopPoint {
  const { evidence, error } = rotation;
  const events = rotation.events ?? [];
  if (evidence?.status === 'ROLLED_BACK') return 'ROLLED_BACK';
  if (error === 'RollbackFailed') return 'ROLLBACK_FAILED';
  const step = failedStep(events);
  if (step && RECORD_STEPS.has(step)) return 'NOT_RECORDED';
  if (evidence?.publishedAt || exited(events, 'Publish')) return 'AFTER_PUBLISH';
  if (step && BEFORE_PUBLISH_STEPS.has(step)) return 'BEFORE_PUBLISH';
  if (step === 'Plan' || (events.length > 0 && !exited(events, 'Plan'))) return 'REFUSED_IN_PLAN';
  // Without a history, only Plan's own refusals are known to have stopped there; anything else may have gone further.
  if (events.length === 0 && error !== undefined && error in PLAN_REFUSALS) return 'REFUSED_IN_PLAN';
  return 'BEFORE_PUBLISH';
}

/** The new key's id, from the step that created it, when the evidence has none. */
function createdKeyId(events: readonly HistoryEvent[]): string | undefined {
  for (const event of [...events].reverse()) {
    const created = (event.output as { created?: { newKeyId?: unknown } } | undefined)?.created;
    if (typeof created?.newKeyId === 'string') return created.newKeyId;
  }
  return undefined;
}

function afterPublish(rotation: FailedRotation): string {
  const evidence = rotation.evidence;
  const newKey = evidence?.newKeyId ? `new key ${evidence.newKeyId}` : 'the new key';
  const oldKeyId = evidence?.oldKeyId;
  if (evidence && oldKeyId === null)
    return `${newKey} is AWSCURRENT and there was no old key: nothing is left to do by hand.`;
  const oldKey = oldKeyId ? `old key ${oldKeyId}` : 'the old key';
  const refusedUntil = 'a new rotation is refused while both keys are Active';
  if (rotation.error === 'OldKeyStillInUseError')
    return `Both keys remain usable: ${newKey} is AWSCURRENT. Find who still uses ${oldKey} (last-used service and region) and move them to the secret, then retire and delete ${oldKey} by hand; ${refusedUntil}.`;
  if (evidence?.retiredAt)
    return `${newKey} is AWSCURRENT; ${oldKey} was retired but not deleted. Fix the cause, then delete ${oldKey} by hand, or re-activate it if a consumer still needs it.`;
  return `Both keys remain usable and nothing was deleted: ${newKey} is AWSCURRENT, ${oldKey} still works. Fix the cause, then retire and delete ${oldKey} by hand; ${refusedUntil}.`;
}

export function nextStep(rotation: FailedRotation): string {
  const events = rotation.events ?? [];
  switch (stopPoint(rotation)) {
    case 'REFUSED_IN_PLAN':
      return (
        PLAN_REFUSALS[rotation.error ?? ''] ??
        'Plan stopped before any change, so nothing was changed. Fix the cause and start again.'
      );
    case 'ROLLED_BACK': {
      const deleted = rotation.evidence?.newKeyId ? `new key ${rotation.evidence.newKeyId}` : 'the new key';
      return `Rolled back: ${deleted} was deleted and the old key is still AWSCURRENT. Fix the cause and start again.`;
    }
    case 'ROLLBACK_FAILED': {
      const created = createdKeyId(events);
      return `The rollback did not finish: AWSCURRENT still holds the old key, so consumers are unaffected, but ${created ? `new key ${created}` : 'a new key'} and its AWSPENDING version may be left. Delete that key and remove the AWSPENDING label, then start again.`;
    }
    case 'AFTER_PUBLISH':
      return afterPublish(rotation);
    case 'NOT_RECORDED':
      return `The evidence record was not written (${failedStep(events)} failed); the keys are as the steps above left them. Fix the cause; akr evidence rebuilds the record from the execution history.`;
    case 'BEFORE_PUBLISH':
      return 'Stopped before Publish: consumers still use the old key in AWSCURRENT. A new key and an AWSPENDING version may be left; check akr status before starting again.';
  }
}
