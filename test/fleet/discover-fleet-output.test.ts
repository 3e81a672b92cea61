import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import {
  createFleetWorld,
  DAY_SECONDS,
  discoverRequest,
  dueOf,
  FLEET_EXECUTION_ARN,
  userWithKeyAged,
} from './fakes/fleet-world.ts';

describe('discoverFleet: the discovery itself', () => {
  it('sorts by principal, leaves out a principal deleted meanwhile, and changes nothing', async () => {
    // Prepare
    const world = createFleetWorld();
    for (const principal of ['zoe', 'Bob', 'alice', 'carol', 'gone'])
      userWithKeyAged(world, principal, 100 * DAY_SECONDS);
    userWithKeyAged(world, 'young-b', DAY_SECONDS);
    userWithKeyAged(world, 'young-a', DAY_SECONDS);
    world.directory.vanish('gone');

    // Act
    const discovery = await discoverFleet(discoverRequest({ dryRun: false }), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual(['Bob', 'alice', 'carol', 'zoe']);
    expect(discovery.skipped.map((skip) => skip.principal)).toEqual(['young-a', 'young-b']);
    expect(discovery.scanned).toBe(6);
    expect(world.log.mutations).toEqual([]);
  });

  it('reports the run: provider, execution, UTC run date, dry run and the durations used', async () => {
    // Prepare
    const world = createFleetWorld();
    const request = { ...discoverRequest({ dryRun: true }), startedAt: '2030-03-31T23:30:00.000-02:00' };

    // Act
    const discovery = await discoverFleet(request, world.ports);

    // Assess
    expect(discovery).toEqual({
      provider: 'aws',
      executionArn: FLEET_EXECUTION_ARN,
      runDate: '2030-04-01',
      dryRun: true,
      maxKeyAgeDays: 90,
      dueAtAgeDays: 76,
      gracePeriodSeconds: 7 * DAY_SECONDS,
      deletionDelaySeconds: 7 * DAY_SECONDS,
      workBucket: 'akr-fleet-work',
      accountsKey: 'fleet/aws/scheduled-1/accounts.json',
      discoveryKey: 'fleet/aws/scheduled-1/discovery.json',
      accounts: 1,
      scanned: 0,
      dueCount: 0,
      dueDetails: [],
      dueNotListed: 0,
      skipped: [],
      skippedCounts: {},
      skippedNotListed: 0,
      byAccount: [{ account: '123456789012', scanned: 0, due: 0, skipped: 0 }],
      byAccountNotListed: 0,
      unreadableAccounts: [],
      unreadableAccountsCount: 0,
      unreadableNotListed: 0,
    });
    // A dry run writes its work too: an empty manifest, so nothing could be started from it.
    expect(await world.workStore.getJson(discovery.accountsKey)).toEqual([]);
  });

  it('refuses a start time that is not a timestamp, before any port call', async () => {
    // Prepare
    const world = createFleetWorld();

    // Act
    const outcome = discoverFleet({ ...discoverRequest(), startedAt: 'yesterday' }, world.ports);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ValidationError', field: 'startedAt' });
    expect(world.log.calls).toEqual([]);
  });
});
