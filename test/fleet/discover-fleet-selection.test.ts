import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import type { FleetDiscovery, SkipReason } from '../../lambdas/fleet/fleet-state.ts';
import {
  createFleetWorld,
  DAY_SECONDS,
  daysBefore,
  discoverRequest,
  dueOf,
  userWithKeyAged,
} from './fakes/fleet-world.ts';

function reasonOf(discovery: FleetDiscovery, principal: string): SkipReason | 'DUE' | undefined {
  if (discovery.dueDetails.some((due) => due.principal === principal)) return 'DUE';
  return discovery.skipped.find((skip) => skip.principal === principal)?.reason;
}

describe('discoverFleet: who is due', () => {
  it('is due at exactly 90 - 7 - 7 = 76 days by default, and not a second earlier', async () => {
    // Prepare
    const world = createFleetWorld();
    userWithKeyAged(world, 'at-boundary', 76 * DAY_SECONDS);
    userWithKeyAged(world, 'one-second-short', 76 * DAY_SECONDS - 1);
    userWithKeyAged(world, 'well-past', 120 * DAY_SECONDS);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(discovery.dueAtAgeDays).toBe(76);
    expect(dueOf(world, discovery)).toEqual(['at-boundary', 'well-past']);
    expect(discovery.dueDetails).toEqual([
      { principal: 'at-boundary', oldestKeyAgeDays: 76 },
      { principal: 'well-past', oldestKeyAgeDays: 120 },
    ]);
    expect(discovery.skipped).toEqual([
      {
        principal: 'one-second-short',
        reason: 'TOO_YOUNG',
        detail: 'oldest Active key is 75.99 days old; due at 76 days',
      },
    ]);
  });

  it('says how young a key is and when it will be due', async () => {
    // Prepare
    const world = createFleetWorld();
    userWithKeyAged(world, 'alice', 12 * DAY_SECONDS);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(discovery.skipped[0]?.detail).toBe('oldest Active key is 12 days old; due at 76 days');
  });

  it('takes the policy age and the durations from the input, and passes the durations on', async () => {
    // Prepare
    const world = createFleetWorld();
    userWithKeyAged(world, 'alice', 29 * DAY_SECONDS);
    userWithKeyAged(world, 'bob', 28 * DAY_SECONDS);
    const input = {
      maxKeyAgeDays: 30,
      gracePeriodSeconds: DAY_SECONDS / 2,
      deletionDelaySeconds: DAY_SECONDS / 2,
    };

    // Act
    const discovery = await discoverFleet(discoverRequest(input), world.ports);

    // Assess
    expect(discovery).toMatchObject({ ...input, dueAtAgeDays: 29, dueCount: 1 });
    expect(dueOf(world, discovery)).toEqual(['alice']);
    expect(reasonOf(discovery, 'bob')).toBe('TOO_YOUNG');
  });

  it('makes every key due when the durations alone exceed the policy age (never a negative age)', async () => {
    // Prepare
    const world = createFleetWorld();
    userWithKeyAged(world, 'alice', 0);

    // Act
    const discovery = await discoverFleet(
      discoverRequest({ maxKeyAgeDays: 10, gracePeriodSeconds: 11 * DAY_SECONDS }),
      world.ports,
    );

    // Assess
    expect(discovery.dueAtAgeDays).toBe(0);
    expect(dueOf(world, discovery)).toEqual(['alice']);
  });

  it('ignores Inactive keys for the age', async () => {
    // Prepare
    const world = createFleetWorld();
    world.directory.addPrincipal('old-inactive');
    world.directory.addKey('old-inactive', daysBefore(world, 400), 'Inactive');
    world.directory.addKey('old-inactive', daysBefore(world, 10));
    world.directory.addPrincipal('young-inactive');
    world.directory.addKey('young-inactive', daysBefore(world, 1), 'Inactive');
    world.directory.addKey('young-inactive', daysBefore(world, 80));

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(reasonOf(discovery, 'old-inactive')).toBe('TOO_YOUNG');
    expect(discovery.dueDetails).toEqual([{ principal: 'young-inactive', oldestKeyAgeDays: 80 }]);
  });

  it('rotates an Active key whose creation date is unknown, and says so', async () => {
    // Prepare
    const world = createFleetWorld();
    world.directory.addPrincipal('alice');
    world.directory.addKey('alice', '');

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(discovery.dueDetails).toEqual([
      { principal: 'alice', oldestKeyAgeDays: 0, createdAtUnknown: true },
    ]);
  });
});
