import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import {
  createFleetWorld,
  daysBefore,
  discoverRequest,
  dueOf,
  type FleetWorld,
} from './fakes/fleet-world.ts';

function dueUser(
  world: FleetWorld,
  principal: string,
  info: { tags?: Record<string, string>; groups?: string[] },
) {
  world.directory.addPrincipal(principal, info);
  world.directory.addKey(principal, daysBefore(world, 100));
}

function listedKeysOf(world: FleetWorld): unknown[] {
  return world.log.calls.filter((c) => c.call === 'directory.listKeys').map((c) => c.args[0]);
}

describe('discoverFleet: exemptions', () => {
  it('exempts by tag key alone, whatever its value, without reading the keys', async () => {
    // Prepare
    const world = createFleetWorld();
    dueUser(world, 'exempt-empty', { tags: { 'access-key-rotator:exempt': '' } });
    dueUser(world, 'exempt-any', { tags: { 'access-key-rotator:exempt': 'no' } });
    dueUser(world, 'other-tag', { tags: { 'access-key-rotator:exempted': 'yes' } });

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual(['other-tag']);
    expect(discovery.skipped).toEqual([
      { principal: 'exempt-any', reason: 'EXEMPT', detail: 'tag access-key-rotator:exempt' },
      { principal: 'exempt-empty', reason: 'EXEMPT', detail: 'tag access-key-rotator:exempt' },
    ]);
    expect(discovery.skippedCounts).toEqual({ EXEMPT: 2 });
    expect(listedKeysOf(world)).toEqual(['other-tag']);
  });

  it('exempts by key=value only with that exact value', async () => {
    // Prepare
    const world = createFleetWorld({ fleetSettings: { exemptTag: { key: 'rotation', value: 'manual' } } });
    dueUser(world, 'manual', { tags: { rotation: 'manual' } });
    dueUser(world, 'wrong-value', { tags: { rotation: 'Manual' } });
    dueUser(world, 'no-tag', {});

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual(['no-tag', 'wrong-value']);
    expect(discovery.skipped).toEqual([
      { principal: 'manual', reason: 'EXEMPT', detail: 'tag rotation=manual' },
    ]);
  });

  it('exempts members of an exempt group, whatever the case of its name', async () => {
    // Prepare
    const world = createFleetWorld({ fleetSettings: { exemptGroups: ['Break-Glass', 'auditors'] } });
    dueUser(world, 'oncall', { groups: ['developers', 'break-glass'] });
    dueUser(world, 'dev', { groups: ['developers'] });

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual(['dev']);
    expect(discovery.skipped).toEqual([
      { principal: 'oncall', reason: 'EXEMPT', detail: 'member of exempt group break-glass' },
    ]);
  });

  it('exempts nobody by tag when no exempt tag is configured', async () => {
    // Prepare
    const world = createFleetWorld({ fleetSettings: { exemptTag: undefined, exemptGroups: [] } });
    dueUser(world, 'alice', { tags: { 'access-key-rotator:exempt': 'true' }, groups: ['break-glass'] });

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual(['alice']);
  });

  it('does not take a prototype property for a tag', async () => {
    // Prepare
    const world = createFleetWorld({
      fleetSettings: { exemptTag: { key: 'constructor', value: undefined } },
    });
    dueUser(world, 'alice', {});

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual(['alice']);
  });
});
