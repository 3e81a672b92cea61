import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import { fitDiscovery, jsonBytes, STATE_BUDGET_BYTES } from '../../lambdas/fleet/fit-state-budget.ts';
import { SKIPPED_LIST_LIMIT } from '../../lambdas/fleet/fleet-state.ts';
import { serviceError } from '../rotation/fakes/call-log.ts';
import {
  createFleetWorld,
  daysBefore,
  discoverRequest,
  discoveryOf,
  dueOf,
  type FleetWorld,
} from './fakes/fleet-world.ts';

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
    expect(dueOf(world, discovery)).toHaveLength(40);
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

  it('hands the Map every due name, in the work bucket, and caps the due details in the state', async () => {
    // Prepare
    const world = createFleetWorld({ fleetSettings: { discoveryConcurrency: 50 } });
    addUsers(world, SKIPPED_LIST_LIMIT + 1, 100, 'old');

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toHaveLength(SKIPPED_LIST_LIMIT + 1);
    expect(discovery.dueCount).toBe(SKIPPED_LIST_LIMIT + 1);
    expect(discovery.dueDetails).toHaveLength(SKIPPED_LIST_LIMIT);
    expect(discovery.dueNotListed).toBe(1);
  });

  it('has no ceiling: 6,000 due names of the longest usable length all reach the Map', async () => {
    // Prepare: 6,000 names of 69 characters are over 400 KB of JSON, which no state could carry.
    const world = createFleetWorld({ fleetSettings: { discoveryConcurrency: 100 } });
    const due = addUsers(world, 6_000, 100, `user-${'x'.repeat(53)}-`, 10);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual(due);
    expect(jsonBytes(due)).toBeGreaterThan(400_000);
    expect(jsonBytes(discovery)).toBeLessThan(STATE_BUDGET_BYTES);
  });

  it('shortens the explanatory lists when long entries would not fit the budget, counting the rest', () => {
    // Prepare: a discovery whose capped lists are still over a small budget.
    const skip = { principal: 'p'.repeat(60), reason: 'TOO_YOUNG' as const, detail: 'd'.repeat(200) };
    const base = discoveryOf({
      scanned: 600,
      skipped: Array.from({ length: 200 }, () => skip),
      skippedCounts: { TOO_YOUNG: 600 },
      skippedNotListed: 400,
    });

    // Act
    const fitted = fitDiscovery(base, 20_000);

    // Assess
    expect(jsonBytes(fitted)).toBeLessThanOrEqual(20_000);
    expect(fitted.skipped.length).toBeGreaterThan(0);
    expect(fitted.skipped.length + fitted.skippedNotListed).toBe(600);
  });
});
