import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import { DISCOVERY_LIMIT_BYTES, jsonBytes } from '../../lambdas/fleet/fit-state-budget.ts';
import { FleetTooLargeError } from '../../lambdas/fleet/fleet-errors.ts';
import { SKIPPED_LIST_LIMIT } from '../../lambdas/fleet/fleet-state.ts';
import { serviceError } from '../rotation/fakes/call-log.ts';
import { createFleetWorld, daysBefore, discoverRequest, type FleetWorld } from './fakes/fleet-world.ts';

function addUsers(world: FleetWorld, count: number, ageDays: number, prefix: string, width = 5): string[] {
  const names = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(width, '0')}`);
  for (const name of names) {
    world.directory.addPrincipal(name);
    world.directory.addKey(name, daysBefore(world, ageDays));
  }
  return names;
}

describe('discoverFleet: bounded concurrency', () => {
  it.each([1, 3, 8])('never has more than %i listKeys calls in flight', async (limit) => {
    // Prepare
    const world = createFleetWorld({ fleetSettings: { discoveryConcurrency: limit } });
    addUsers(world, 40, 100, 'user');

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(discovery.due).toHaveLength(40);
    expect(world.directory.maxListKeysInFlight).toBe(limit);
  });

  it('stops starting calls after one fails, and fails the step with that error', async () => {
    // Prepare
    const world = createFleetWorld({ fleetSettings: { discoveryConcurrency: 2 } });
    addUsers(world, 20, 100, 'user');
    world.log.failNext('directory.listKeys', 'before', serviceError('TransientError', 'IAM throttled'));

    // Act
    const outcome = discoverFleet(discoverRequest(), world.ports);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'TransientError' });
    expect(world.log.calls.filter((c) => c.call === 'directory.listKeys').length).toBeLessThan(5);
  });
});

describe('discoverFleet: output size', () => {
  it(`lists at most ${SKIPPED_LIST_LIMIT} skips, and counts every one`, async () => {
    // Prepare
    const world = createFleetWorld({ fleetSettings: { discoveryConcurrency: 50 } });
    const young = addUsers(world, SKIPPED_LIST_LIMIT + 20, 1, 'young');
    addUsers(world, 3, 100, 'old');

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(discovery.skipped).toHaveLength(SKIPPED_LIST_LIMIT);
    expect(discovery.skipped.at(-1)?.principal).toBe(young[SKIPPED_LIST_LIMIT - 1]);
    expect(discovery.skippedCounts).toEqual({ TOO_YOUNG: SKIPPED_LIST_LIMIT + 20 });
    expect(discovery.skippedNotListed).toBe(20);
    expect(discovery.scanned).toBe(SKIPPED_LIST_LIMIT + 23);
  });

  it('hands the Map every due name but caps the due details', async () => {
    // Prepare
    const world = createFleetWorld({ fleetSettings: { discoveryConcurrency: 50 } });
    addUsers(world, SKIPPED_LIST_LIMIT + 1, 100, 'old');

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(discovery.due).toHaveLength(SKIPPED_LIST_LIMIT + 1);
    expect(discovery.dueDetails).toHaveLength(SKIPPED_LIST_LIMIT);
  });

  it('shortens the explanatory lists so the whole discovery fits in one state', async () => {
    // Prepare: 2,800 due names (about 180 KB) leave too little room for 500 long skips and due details.
    const world = createFleetWorld({ fleetSettings: { discoveryConcurrency: 100 } });
    addUsers(world, 600, 1, `young-${'y'.repeat(50)}-`);
    const due = addUsers(world, 2_800, 100, `old-${'o'.repeat(50)}-`);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(jsonBytes(discovery)).toBeLessThanOrEqual(DISCOVERY_LIMIT_BYTES);
    expect(discovery.due).toEqual(due);
    expect(discovery.skipped.length).toBeGreaterThan(0);
    expect(discovery.skipped.length).toBeLessThan(SKIPPED_LIST_LIMIT);
    expect(discovery.skipped.length + discovery.skippedNotListed).toBe(600);
    expect(discovery.skippedCounts).toEqual({ TOO_YOUNG: 600 });
    expect(discovery.dueDetails.length).toBeLessThan(SKIPPED_LIST_LIMIT);
  });

  it('refuses a fleet whose due names exceed what one state can carry, telling how to split it', async () => {
    // Prepare: 3,000 names of 69 characters (the longest usable) are over 200 KB of JSON.
    const world = createFleetWorld({ fleetSettings: { discoveryConcurrency: 100 } });
    addUsers(world, 3_000, 100, `user-${'x'.repeat(53)}-`, 10);

    // Act
    const outcome = discoverFleet(discoverRequest(), world.ports);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(FleetTooLargeError);
    await expect(outcome).rejects.toMatchObject({ name: 'FleetTooLargeError', code: 'FLEET_TOO_LARGE' });
    await expect(outcome).rejects.toThrow(
      /3000 principals are due.*split the fleet.*user path.*opt-in tag/is,
    );
  });
});
