/**
 * Worlds the rotation tests start from, and a driver that runs the real steps
 * in workflow order, so a test of a late step starts from a state the earlier
 * steps really produced rather than one written by hand.
 */

import type { RotatorSettings } from '../../lambdas/config/environment.ts';
import { checkOldKeyUse } from '../../lambdas/rotation/check-old-key-use.ts';
import { createKey } from '../../lambdas/rotation/create-key.ts';
import { deleteOldKey } from '../../lambdas/rotation/delete-old-key.ts';
import { planRotation } from '../../lambdas/rotation/plan-rotation.ts';
import { publishKey } from '../../lambdas/rotation/publish-key.ts';
import { retireOldKey } from '../../lambdas/rotation/retire-old-key.ts';
import type { PlanRequest, RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { secretVersionIdFor } from '../../lambdas/rotation/secret-version-id.ts';
import { verifyKey } from '../../lambdas/rotation/verify-key.ts';
import { createInMemoryPorts, type FakeKey, type InMemoryWorld, START } from '../support/in-memory-ports.ts';

export const PRINCIPAL = 'alice';
export const SECRET_NAME = 'access-key-rotator/aws/alice';
export const LOCK_ID = 'aws#alice';
/**
 * The execution name. Shorter than a ClientRequestToken may be (32-64
 * characters), as execution names (1-80) can be: the secret version is
 * derived from the execution instead, so a rule that used the rotation id as a
 * version id would fail against the fake Secrets Manager.
 */
export const ROTATION_ID = 'alice-20300101';
export const OTHER_ROTATION_ID = 'alice-20291231';

export function executionArnOf(rotationId: string): string {
  return `arn:aws:states:eu-west-1:123456789012:execution:akr-rotate:${rotationId}`;
}

export const EXECUTION_ARN = executionArnOf(ROTATION_ID);
/** The version that holds this rotation's new key, as Plan computes it. */
export const SECRET_VERSION_ID = secretVersionIdFor(EXECUTION_ARN, START);
/** The version another rotation (another execution) would store its key in. */
export const OTHER_SECRET_VERSION_ID = secretVersionIdFor(executionArnOf(OTHER_ROTATION_ID), START);
export const INITIAL_VERSION = 'initial-version-00000000000000000000';

/** The Plan payload of execution `rotationId`, whose ARN ends with that name. */
export function planRequest(
  input: unknown = { principal: PRINCIPAL },
  rotationId = ROTATION_ID,
): PlanRequest {
  return { input, rotationId, executionArn: executionArnOf(rotationId), startedAt: START };
}

export interface Scenario {
  readonly world: InMemoryWorld;
  /** The key consumers use before the rotation. */
  readonly oldKey: FakeKey;
}

/** Alice as after an earlier rotation: one Active key, held by AWSCURRENT of her secret. */
export function managedScenario(settings: Partial<RotatorSettings> = {}): Scenario {
  const world = createInMemoryPorts({ settings });
  world.iam.addUser(PRINCIPAL);
  const oldKey = world.iam.addKey(PRINCIPAL);
  world.secrets.seed(SECRET_NAME, INITIAL_VERSION, {
    Version: 1,
    AccessKeyId: oldKey.keyId,
    SecretAccessKey: oldKey.secretAccessKey,
  });
  return { world, oldKey };
}

/** Alice before the rotator knew her: one Active key and no secret. */
export function unmanagedScenario(settings: Partial<RotatorSettings> = {}): Scenario {
  const world = createInMemoryPorts({ settings });
  world.iam.addUser(PRINCIPAL);
  return { world, oldKey: world.iam.addKey(PRINCIPAL) };
}

/** Alice with no key at all. */
export function keylessScenario(settings: Partial<RotatorSettings> = {}): { world: InMemoryWorld } {
  const world = createInMemoryPorts({ settings });
  world.iam.addUser(PRINCIPAL);
  return { world };
}

export const STEPS = ['plan', 'created', 'verified', 'published', 'usage', 'retired', 'deleted'] as const;
export type Step = (typeof STEPS)[number];

/**
 * Runs one real step on `state` and returns the state with that step's field
 * added. The clock passes the grace period before CheckOldKeyUse and the
 * deletion delay before DeleteOldKey, as the Wait states would.
 */
export async function runStep(
  world: InMemoryWorld,
  step: Step,
  state: RotationState | undefined,
  input: unknown = { principal: PRINCIPAL },
): Promise<RotationState> {
  const { ports, clock } = world;
  clock.advance(1);
  if (step === 'plan' || !state) return { plan: await planRotation(planRequest(input), ports) };
  switch (step) {
    case 'created':
      return { ...state, created: await createKey(state, ports) };
    case 'verified':
      return { ...state, verified: await verifyKey(state, ports) };
    case 'published':
      return { ...state, published: await publishKey(state, ports) };
    case 'usage':
      clock.advance(state.plan.gracePeriodSeconds);
      return { ...state, usage: await checkOldKeyUse(state, ports) };
    case 'retired':
      return { ...state, retired: await retireOldKey(state, ports) };
    case 'deleted':
      clock.advance(state.plan.deletionDelaySeconds);
      return { ...state, deleted: await deleteOldKey(state, ports) };
  }
}

/** Runs the real steps, in workflow order, up to and including `until`. */
export async function runUntil(
  world: InMemoryWorld,
  until: Step,
  input: unknown = { principal: PRINCIPAL },
): Promise<RotationState> {
  let state: RotationState | undefined;
  for (const step of STEPS.slice(0, STEPS.indexOf(until) + 1))
    state = await runStep(world, step, state, input);
  if (!state) throw new Error('no step ran');
  return state;
}

/** The key id consumers would read right now, straight from the fake (no call logged). */
export function currentKeyIdOf(world: InMemoryWorld): string | undefined {
  const versions = world.secrets.secrets.get(SECRET_NAME)?.versions;
  const current = [...(versions?.values() ?? [])].find((version) => version.stages.has('AWSCURRENT'));
  return current ? (JSON.parse(current.value) as { AccessKeyId: string }).AccessKeyId : undefined;
}

/** The CreateKey output of a state that went through CreateKey. */
export function createdIn(state: RotationState): NonNullable<RotationState['created']> {
  if (!state.created) throw new Error('the state did not go through CreateKey');
  return state.created;
}
