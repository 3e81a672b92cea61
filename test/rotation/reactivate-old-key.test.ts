/**
 * The operator's re-activation, against the execution the request names: it
 * acts only on what that execution recorded, and only while it waits in
 * WaitDeletion. Forged requests are refused and change nothing.
 */
import { describe, expect, it } from 'vitest';
import type { RotationExecutionView } from '../../lambdas/rotation/ports.ts';
import {
  type ReactivateOldKeyPorts,
  reactivateOldKey as reactivate,
} from '../../lambdas/rotation/reactivate-old-key.ts';
import { UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { createInMemoryPorts } from '../support/in-memory-ports.ts';
import {
  currentKeyIdOf,
  keylessScenario,
  LOCK_ID,
  managedScenario,
  PRINCIPAL,
  runUntil,
} from './rotation-fixtures.ts';

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:akr-aws-rotation';
const SCOPE = { rotationStateMachineArn: STATE_MACHINE_ARN };

type World = ReturnType<typeof createInMemoryPorts>;

/** Step Functions holding one execution: `recorded` is the state its current step entered with. */
function executionsHolding(
  recorded: RotationState,
  view: Partial<RotationExecutionView> & { state?: string } = {},
) {
  return {
    async describe(executionArn: string): Promise<RotationExecutionView | undefined> {
      if (executionArn !== recorded.plan.executionArn) return undefined;
      return {
        status: view.status ?? 'RUNNING',
        stateMachineArn: view.stateMachineArn ?? STATE_MACHINE_ARN,
        currentState: { name: view.state ?? 'WaitDeletion', input: structuredClone(recorded) },
      };
    },
  };
}

/** Re-activates with `request`, checked against an execution that recorded `recorded` (the request by default). */
function reactivateOldKey(
  request: RotationState,
  world: World,
  recorded: RotationState = request,
  view: Parameters<typeof executionsHolding>[1] = {},
) {
  const ports: ReactivateOldKeyPorts = { ...world.ports, executions: executionsHolding(recorded, view) };
  return reactivate(request, ports, SCOPE);
}

/** A rotation in its deletion window: old key retired, not deleted, lock held. */
async function inDeletionWindow() {
  const { world, oldKey } = managedScenario();
  const state = await runUntil(world, 'retired');
  world.log.clear();
  return { world, oldKey, state };
}

describe('reactivateOldKey', () => {
  it('makes the retired AWS key Active again, leaves the secret alone and releases the lock', async () => {
    // Prepare
    const { world, oldKey, state } = await inDeletionWindow();
    expect(oldKey.status).toBe('Inactive');
    expect(world.lock.holders.has(LOCK_ID)).toBe(true);

    // Act
    const result = await reactivateOldKey(state, world);

    // Assess
    expect(result).toEqual({ reactivatedAt: world.clock.iso(), oldKeyId: oldKey.keyId });
    expect(oldKey.status).toBe('Active');
    expect(world.iam.key(state.created?.newKeyId ?? '')?.status).toBe('Active');
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
    expect(world.log.names({ mutatingOnly: true })).toEqual(['keys.reactivateKey', 'lock.release']);
    expect(world.lock.holders.has(LOCK_ID)).toBe(false);
  });

  it('gives a Yandex key back the description it had before it was marked retired', async () => {
    // Prepare
    const world = createInMemoryPorts({ settings: { provider: 'yandex' } });
    world.iam.addUser(PRINCIPAL);
    const oldKey = world.iam.addKey(PRINCIPAL);
    oldKey.description = 'used by the billing exporter';
    const state = await runUntil(world, 'retired');
    expect(oldKey.description).toMatch(/^access-key-rotator: retired /);

    // Act
    await reactivateOldKey(state, world);

    // Assess
    expect(state.retired?.previousDescription).toBe('used by the billing exporter');
    expect(oldKey.description).toBe('used by the billing exporter');
    expect(oldKey.status).toBe('Active');
    expect(world.lock.holders.has(`yandex#${PRINCIPAL}`)).toBe(false);
  });

  it('changes no key when run again after success', async () => {
    // Prepare
    const { world, state } = await inDeletionWindow();
    await reactivateOldKey(state, world);
    world.log.clear();

    // Act
    await reactivateOldKey(state, world);

    // Assess
    expect(world.log.names({ mutatingOnly: true })).toEqual(['lock.release']);
  });

  it('refuses once the rotation has deleted the old key, changing nothing', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = await runUntil(world, 'deleted');
    world.log.clear();

    // Act: whether the execution already moved on to Record or (a stale history) still reads WaitDeletion.
    const movedOn = reactivateOldKey(state, world, state, { state: 'Record' });
    const stale = reactivateOldKey(state, world);

    // Assess
    await expect(movedOn).rejects.toThrow(UnsafeKeyOperationError);
    await expect(movedOn).rejects.toThrow(
      /is RUNNING in Record; an old key comes back only during the deletion delay/,
    );
    await expect(stale).rejects.toThrow(/already deleted/);
    expect(world.log.calls).toEqual([]);
  });

  it('refuses when the old key is gone from the cloud, leaving the lock held', async () => {
    // Prepare
    const { world, oldKey, state } = await inDeletionWindow();
    await world.iam.deleteKey(PRINCIPAL, oldKey.keyId);
    world.log.clear();

    // Act
    const outcome = reactivateOldKey(state, world);

    // Assess
    await expect(outcome).rejects.toThrow(`old key ${oldKey.keyId} is already deleted`);
    expect(world.log.mutations).toEqual([]);
    expect(world.lock.holders.has(LOCK_ID)).toBe(true);
  });

  it('refuses before the old key is retired: it is still usable, there is nothing to undo', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = await runUntil(world, 'usage');
    world.log.clear();

    // Act
    const inGrace = reactivateOldKey(state, world, state, { state: 'WaitGrace' });
    const unretired = reactivateOldKey(state, world);

    // Assess
    await expect(inGrace).rejects.toThrow(UnsafeKeyOperationError);
    await expect(inGrace).rejects.toThrow(/in WaitGrace/);
    await expect(unretired).rejects.toThrow(/never retired/);
    expect(world.log.calls).toEqual([]);
    expect(oldKey.status).toBe('Active');
  });

  it('refuses a rotation that had no old key', async () => {
    // Prepare
    const { world } = keylessScenario();
    const state: RotationState = await runUntil(world, 'retired');
    world.log.clear();

    // Act
    const outcome = reactivateOldKey(state, world);

    // Assess
    await expect(outcome).rejects.toThrow(/had no old key/);
    expect(world.log.calls).toEqual([]);
  });

  describe('refuses a forged request, changing nothing', () => {
    /** The deletion window, plus mallory: another user whose key someone deactivated by hand. */
    async function withAnotherUser() {
      const window = await inDeletionWindow();
      window.world.iam.addUser('mallory');
      const mallorysKey = window.world.iam.addKey('mallory', 'Inactive');
      window.world.log.clear();
      return { ...window, mallorysKey };
    }

    async function expectNothingChanged(world: World, outcome: Promise<unknown>, reason: RegExp) {
      await expect(outcome).rejects.toThrow(UnsafeKeyOperationError);
      await expect(outcome).rejects.toThrow(reason);
      expect(world.log.mutations).toEqual([]);
      expect(world.lock.holders.has(LOCK_ID)).toBe(true);
    }

    it('with a key id the execution did not retire', async () => {
      const { world, state, oldKey, mallorysKey } = await withAnotherUser();
      const forged = { ...state, plan: { ...state.plan, oldKeyId: mallorysKey.keyId } };

      await expectNothingChanged(
        world,
        reactivateOldKey(forged, world, state),
        new RegExp(`oldKeyId ${mallorysKey.keyId}, but execution .* recorded ${oldKey.keyId}`),
      );
      expect(mallorysKey.status).toBe('Inactive');
      expect(oldKey.status).toBe('Inactive');
    });

    it('with the AWSCURRENT key as the old one', async () => {
      const { world, state, oldKey } = await inDeletionWindow();
      const newKeyId = state.created?.newKeyId ?? null;
      expect(currentKeyIdOf(world)).toBe(newKeyId);
      const forged = { ...state, plan: { ...state.plan, oldKeyId: newKeyId } };

      await expectNothingChanged(world, reactivateOldKey(forged, world, state), /says oldKeyId/);
      expect(oldKey.status).toBe('Inactive');
    });

    it('for another principal than the execution rotates', async () => {
      const { world, state, mallorysKey } = await withAnotherUser();
      const forged = { ...state, plan: { ...state.plan, principal: 'mallory', oldKeyId: mallorysKey.keyId } };

      await expectNothingChanged(
        world,
        reactivateOldKey(forged, world, state),
        /says principal mallory, but execution .* recorded alice/,
      );
      expect(mallorysKey.status).toBe('Inactive');
    });

    it.each([
      ['waiting its grace period', { state: 'WaitGrace' }, /is RUNNING in WaitGrace/],
      ['finished', { status: 'SUCCEEDED' }, /is SUCCEEDED/],
      ['stopped', { status: 'ABORTED' }, /is ABORTED/],
      [
        'of another state machine',
        { stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:other' },
        /belongs to .*stateMachine:other, not to this rotator's state machine/,
      ],
    ])('naming an execution %s', async (_case, view, reason) => {
      const { world, state, oldKey } = await inDeletionWindow();
      world.log.clear();

      await expectNothingChanged(world, reactivateOldKey(state, world, state, view), reason);
      expect(oldKey.status).toBe('Inactive');
    });

    it('naming an execution that does not exist, or none', async () => {
      const { world, state } = await inDeletionWindow();
      const elsewhere = {
        ...state,
        plan: { ...state.plan, executionArn: `${state.plan.executionArn}-forged` },
      };
      const nowhere = { ...state, plan: { ...state.plan, executionArn: '' } };

      await expectNothingChanged(world, reactivateOldKey(elsewhere, world, state), /-forged does not exist/);
      await expectNothingChanged(world, reactivateOldKey(nowhere, world, state), /names no execution/);
    });
  });
});
