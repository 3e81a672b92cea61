import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import {
  createFleetWorld,
  DAY_SECONDS,
  daysBefore,
  discoverRequest,
  dueOf,
  userWithKeyAged,
} from './fakes/fleet-world.ts';

describe('discoverFleet: principals it leaves alone', () => {
  it('skips two Active keys and no Active key, naming the key ids but nothing secret', async () => {
    // Prepare
    const world = createFleetWorld();
    world.directory.addPrincipal('two-active');
    const first = world.directory.addKey('two-active', daysBefore(world, 200));
    const second = world.directory.addKey('two-active', daysBefore(world, 100));
    world.directory.addPrincipal('only-inactive');
    world.directory.addKey('only-inactive', daysBefore(world, 200), 'Inactive');
    world.directory.addPrincipal('no-keys');

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual([]);
    expect(discovery.skipped).toEqual([
      { principal: 'no-keys', reason: 'NO_ACTIVE_KEY', detail: 'no Active access key (0 Inactive)' },
      { principal: 'only-inactive', reason: 'NO_ACTIVE_KEY', detail: 'no Active access key (1 Inactive)' },
      {
        principal: 'two-active',
        reason: 'TWO_ACTIVE_KEYS',
        detail: `Active keys ${first}, ${second}; deactivate the one no consumer uses`,
      },
    ]);
    expect(discovery.skippedCounts).toEqual({ NO_ACTIVE_KEY: 2, TWO_ACTIVE_KEYS: 1 });
  });

  it('skips a principal whose lock a live rotation holds, but not one whose lock has expired', async () => {
    // Prepare
    const world = createFleetWorld();
    const holder = (rotationId: string, expiresAt: string) => ({
      rotationId,
      executionArn: `arn:aws:states:eu-west-1:123456789012:execution:akr-aws:${rotationId}`,
      acquiredAt: daysBefore(world, 3),
      expiresAt,
    });
    // Mid-rotation: the new key is Active beside the old one, and the lock says why.
    userWithKeyAged(world, 'in-flight', 100 * DAY_SECONDS);
    world.directory.addKey('in-flight', daysBefore(world, 3));
    world.lock.seed('aws#in-flight', holder('in-flight-2029-12-29', '2030-01-20T00:00:00.000Z'));
    userWithKeyAged(world, 'expired-lock', 100 * DAY_SECONDS);
    world.lock.seed('aws#expired-lock', holder('expired-lock-2029-10-01', world.clock.iso()));

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual(['expired-lock']);
    expect(discovery.skipped).toEqual([
      {
        principal: 'in-flight',
        reason: 'ROTATION_IN_FLIGHT',
        detail: 'rotation in-flight-2029-12-29 holds the lock until 2030-01-20T00:00:00.000Z',
      },
    ]);
    expect(world.log.calls.filter((c) => c.call === 'lock.holder').map((c) => c.args[0])).toEqual(
      expect.arrayContaining(['aws#in-flight', 'aws#expired-lock']),
    );
  });

  it('skips a name that cannot name a child execution, without reading its keys', async () => {
    // Prepare
    const world = createFleetWorld();
    const longest = 'a'.repeat(69);
    for (const principal of ['svc,deploy', longest, `${longest}b`])
      userWithKeyAged(world, principal, 100 * DAY_SECONDS);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual([longest]);
    expect(discovery.skipped).toEqual([
      {
        principal: `${longest}b`,
        reason: 'NAME_NOT_USABLE',
        detail: 'the child execution name would be 81 characters; Step Functions allows 80',
      },
      {
        principal: 'svc,deploy',
        reason: 'NAME_NOT_USABLE',
        detail:
          '"," is not allowed in a Step Functions execution name; rotate it on demand under another name',
      },
    ]);
    const listed = world.log.calls.filter((c) => c.call === 'directory.listKeys').map((c) => c.args[0]);
    expect(listed).toEqual([longest]);
  });
});
