/**
 * The operator's rollback (`akr rollback`), run during the deletion delay,
 * outside the workflow: the consumer that still needs the old key gets it back.
 *
 * The request is not trusted: whoever may invoke the function could forge it.
 * It names a rotation execution, and what is re-activated comes from that
 * execution's own record, never from the request. So only the old key of a
 * rotation of this rotator's state machine, running and waiting in its
 * deletion delay (WaitDeletion), can come back; a request that disagrees with
 * the execution (another principal, another key, the new key) is refused.
 *
 * Normal path: the execution is RUNNING in WaitDeletion → the request matches
 * the state WaitDeletion entered with → that rotation retired its old key and
 * has not deleted it → the key still exists → re-activate it (AWS:
 * Status=Active; Yandex: the description it had before it was marked
 * retired) → release the rotation's lock, since the operator stops the
 * execution and its Record never runs. The secret is never touched: the new
 * key stays AWSCURRENT, so consumers that moved keep working (invariant 1),
 * and both keys are usable again. A key already Active again (a retry) is not
 * changed, so the step converges.
 *
 * Failure path: UnsafeKeyOperationError, changing nothing, when the execution
 * does not exist, belongs to another state machine, is not running in
 * WaitDeletion, or disagrees with the request; or when the rotation had no
 * old key, has not retired it, already deleted it, or the key is gone from
 * the cloud (a deleted key cannot come back). The lock is then left alone:
 * the execution it belongs to may still be running.
 */
import { lockId } from '../config/environment.ts';
import { asRecord } from './payload-checks.ts';
import type { RotationExecutions, RotationPorts } from './ports.ts';
import { UnsafeKeyOperationError } from './rotation-errors.ts';
import type { RotationState } from './rotation-state.ts';

export type ReactivateOldKeyPorts = Pick<RotationPorts, 'keys' | 'lock' | 'clock'> & {
  readonly executions: RotationExecutions;
};

export interface ReactivationScope {
  /** The rotation state machine this function serves: executions of any other are refused. */
  readonly rotationStateMachineArn: string;
}

export interface ReactivatedKey {
  readonly reactivatedAt: string;
  readonly oldKeyId: string;
}

/** The state the deletion delay waits in: the only time an old key may come back. */
const DELETION_DELAY_STATE = 'WaitDeletion';

function refuse(state: RotationState, reason: string): UnsafeKeyOperationError {
  const { plan } = state;
  return new UnsafeKeyOperationError(
    `refusing to re-activate the old key of rotation ${plan.rotationId} (${plan.principal}): ${reason}`,
  );
}

/** The fields that say which keys of whom; each must be what the execution recorded. */
function identity(state: RotationState): Record<string, unknown> {
  return {
    rotationId: state.plan.rotationId,
    provider: state.plan.provider,
    principal: state.plan.principal,
    oldKeyId: state.plan.oldKeyId,
    newKeyId: state.created?.newKeyId,
  };
}

/** The rotation state the execution's WaitDeletion entered with, or a refusal saying why there is none. */
async function recordedState(
  request: RotationState,
  ports: ReactivateOldKeyPorts,
  scope: ReactivationScope,
): Promise<RotationState> {
  const { executionArn } = request.plan;
  if (typeof executionArn !== 'string' || executionArn === '')
    throw refuse(request, 'the request names no execution (plan.executionArn)');
  const execution = await ports.executions.describe(executionArn);
  if (!execution) throw refuse(request, `execution ${executionArn} does not exist`);
  if (execution.stateMachineArn !== scope.rotationStateMachineArn)
    throw refuse(
      request,
      `execution ${executionArn} belongs to ${execution.stateMachineArn}, not to this rotator's state machine`,
    );
  const current = execution.currentState?.name;
  if (execution.status !== 'RUNNING' || current !== DELETION_DELAY_STATE)
    throw refuse(
      request,
      `execution ${executionArn} is ${execution.status}${current ? ` in ${current}` : ''}; ` +
        `an old key comes back only during the deletion delay (${DELETION_DELAY_STATE})`,
    );
  const recorded = asRecord(execution.currentState?.input, 'execution input') as unknown as RotationState;
  asRecord(recorded.plan, 'execution input plan');
  const claimed = identity(request);
  const actual = identity(recorded);
  for (const [field, value] of Object.entries(actual)) {
    if (claimed[field] !== value)
      throw refuse(
        request,
        `the request says ${field} ${String(claimed[field])}, but execution ${executionArn} recorded ${String(value)}`,
      );
  }
  return recorded;
}

export async function reactivateOldKey(
  request: RotationState,
  ports: ReactivateOldKeyPorts,
  scope: ReactivationScope,
): Promise<ReactivatedKey> {
  const state = await recordedState(request, ports, scope);
  const { plan, retired, deleted } = state;
  const oldKeyId = plan.oldKeyId;
  if (oldKeyId === null) throw refuse(state, 'it had no old key');
  if (!retired)
    throw refuse(state, `old key ${oldKeyId} was never retired by it, so there is nothing to undo`);
  if (deleted) throw refuse(state, `old key ${oldKeyId} is already deleted (at ${deleted.deletedAt})`);

  const keys = await ports.keys.listKeys(plan.principal);
  const old = keys.find((key) => key.keyId === oldKeyId);
  if (!old) throw refuse(state, `old key ${oldKeyId} is already deleted`);
  if (old.status === 'Inactive') {
    const { previousDescription } = retired;
    await ports.keys.reactivateKey(
      plan.principal,
      oldKeyId,
      previousDescription === undefined ? {} : { previousDescription },
    );
  }

  await ports.lock.release(lockId(plan.provider, plan.principal), plan.rotationId);
  return { reactivatedAt: ports.clock.now().toISOString(), oldKeyId };
}
