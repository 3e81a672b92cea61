/**
 * The DESIGN invariants checked across whole rotations: after every step, and
 * when any mutating call of any step crashes before or after its side effect
 * and the step is retried with the same rotation id.
 */
import { describe, expect, it } from 'vitest';
import { recordEvidence } from '../../lambdas/rotation/record-evidence.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import type { InMemoryWorld } from '../support/in-memory-ports.ts';
import {
  currentKeyIdOf,
  keylessScenario,
  LOCK_ID,
  managedScenario,
  PRINCIPAL,
  runStep,
  SECRET_NAME,
  STEPS,
  type Step,
  unmanagedScenario,
} from './rotation-fixtures.ts';

const SCENARIOS = {
  managed: () => managedScenario().world,
  adoption: () => unmanagedScenario().world,
  'first key': () => keylessScenario().world,
  'extra Inactive key': () => {
    const { world } = managedScenario();
    world.iam.addKey(PRINCIPAL, 'Inactive');
    return world;
  },
};

/** Every secret the fake IAM ever issued, to search outputs for. */
function issuedSecrets(world: InMemoryWorld, keyIds: readonly string[]): string[] {
  return keyIds.flatMap((id) => world.iam.key(id)?.secretAccessKey ?? []);
}

function assertInvariants(world: InMemoryWorld, state: RotationState, seenKeyIds: Set<string>): void {
  const keyIds = world.iam.keyIds(PRINCIPAL);
  for (const id of keyIds) seenKeyIds.add(id);
  // 1. Whatever AWSCURRENT names exists and is Active.
  const current = currentKeyIdOf(world);
  if (current !== undefined) expect(world.iam.key(current)?.status).toBe('Active');
  // 2. No secret in state or in the call log.
  const published = JSON.stringify([state, world.log.calls]);
  for (const secret of issuedSecrets(world, [...seenKeyIds])) expect(published).not.toContain(secret);
  // 3. Never more than two keys.
  expect(keyIds.length).toBeLessThanOrEqual(2);
}

/** The end state every successful rotation must reach, however it got there. */
function assertConverged(world: InMemoryWorld, state: RotationState): void {
  const newKeyId = state.created?.newKeyId;
  expect(world.iam.keyIds(PRINCIPAL)).toEqual([newKeyId]);
  expect(currentKeyIdOf(world)).toBe(newKeyId);
  const stages = [...(world.secrets.secrets.get(SECRET_NAME)?.versions.values() ?? [])].flatMap((v) => [
    ...v.stages,
  ]);
  expect(stages.sort()).toEqual(['AWSCURRENT']);
  expect(world.lock.holders.has(LOCK_ID)).toBe(false);
}

describe.each(Object.entries(SCENARIOS))('a whole rotation, %s', (_name, makeWorld) => {
  it('keeps the invariants after every step and ends with only the new key', async () => {
    // Prepare
    const world = makeWorld();
    const seen = new Set<string>();
    let state: RotationState | undefined;
    // Act
    for (const step of STEPS) {
      state = await runStep(world, step, state);
      assertInvariants(world, state, seen);
    }
    if (!state) throw new Error('no state');
    const record = await recordEvidence(state, world.ports);
    // Assess
    assertConverged(world, state);
    expect(record.status).toBe('SUCCEEDED');
    for (const secret of issuedSecrets(world, [...seen]))
      expect(JSON.stringify(record)).not.toContain(secret);
  });
});

/** Which mutating calls each step makes in a clean run of a scenario. */
async function mutatingCallsByStep(makeWorld: () => InMemoryWorld): Promise<[Step, string][]> {
  const world = makeWorld();
  const found: [Step, string][] = [];
  let state: RotationState | undefined;
  for (const step of STEPS) {
    world.log.clear();
    state = await runStep(world, step, state);
    for (const call of new Set(world.log.names({ mutatingOnly: true }))) found.push([step, call]);
  }
  return found;
}

describe.each(Object.entries(SCENARIOS))('crash and retry, %s (invariant 4)', (_name, makeWorld) => {
  it('converges whichever mutating call crashes, before or after its side effect', async () => {
    const crashPoints = await mutatingCallsByStep(makeWorld);
    expect(crashPoints.length).toBeGreaterThan(4);
    for (const [crashStep, call] of crashPoints) {
      for (const when of ['before', 'after'] as const) {
        // Prepare
        const world = makeWorld();
        const seen = new Set<string>();
        let state: RotationState | undefined;
        // Act: the crashing step throws once, then the state machine retries it.
        for (const step of STEPS) {
          if (step === crashStep) world.log.failNext(call, when);
          state = await runStep(world, step, state).catch(() => runStep(world, step, state));
          assertInvariants(world, state, seen);
        }
        if (!state) throw new Error('no state');
        await recordEvidence(state, world.ports);
        // Assess
        expect({ crashStep, call, when, keys: world.iam.keyIds(PRINCIPAL) }).toEqual({
          crashStep,
          call,
          when,
          keys: [state.created?.newKeyId],
        });
        assertConverged(world, state);
      }
    }
  });
});
