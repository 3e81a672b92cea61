/**
 * No size ceiling: however many principals and accounts, what Discover and
 * Summarize hand Step Functions stays far under the 256 KiB a state may
 * carry, while the work bucket holds every item and every result. Measured
 * as Step Functions measures it: UTF-8 bytes of the JSON text.
 */
import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import { jsonBytes, STATE_PAYLOAD_LIMIT_BYTES } from '../../lambdas/fleet/fit-state-budget.ts';
import type { FullResults } from '../../lambdas/fleet/fleet-state.ts';
import { summarizeFleet } from '../../lambdas/fleet/summarize-fleet.ts';
import { createAccountsWorld, memberWithUsers, scopeOf } from './fakes/fleet-accounts-world.ts';
import { discoverRequest, dueOf } from './fakes/fleet-world.ts';
import { type AccountPlay, rotatedAll, runFleetMaps } from './fakes/map-run-writer.ts';

/** "Far under": half the state limit, leaving the rest of the state (input, failure) its room. */
const FAR_UNDER = STATE_PAYLOAD_LIMIT_BYTES / 2;

const accountId = (index: number) => String(100_000_000_000 + index);

describe('fleet state size', () => {
  it('stays bounded at 20,000 principals over 20 accounts, every one of them in the work bucket', async () => {
    // Prepare: 1,000 users per account with 50-character names (the child name is then 74 of the 80 characters allowed); 700 due, 300 too young, each account.
    const accounts = Array.from({ length: 20 }, (_, i) => accountId(i));
    const world = createAccountsWorld(scopeOf({ kind: 'list', accounts }), {
      fleetSettings: { discoveryConcurrency: 100, accountConcurrency: 4 },
    });
    const user = (i: number) => `svc-${'u'.repeat(40)}-${String(i).padStart(5, '0')}`;
    for (const account of accounts) {
      memberWithUsers(
        world,
        account,
        Array.from({ length: 700 }, (_, i) => user(i)),
        100,
      );
      memberWithUsers(
        world,
        account,
        Array.from({ length: 300 }, (_, i) => user(700 + i)),
        1,
      );
    }
    // Each failure carries the longest cause Summarize keeps.
    const rotated = rotatedAll();
    const play = (): AccountPlay => ({
      itemResult: (item: { principal: string; name: string }) =>
        item.name.endsWith('0-2030-01-01')
          ? {
              principal: item.principal,
              status: 'FAILED' as const,
              error: 'States.TaskFailed',
              cause: 'c'.repeat(800),
            }
          : 'itemResult' in rotated
            ? rotated.itemResult(item)
            : { principal: item.principal, status: 'FAILED' as const },
    });

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);
    const summary = await summarizeFleet(
      { discovery, results: await runFleetMaps(world.workStore, discovery, play) },
      world.workStore,
    );

    // Assess
    expect(discovery).toMatchObject({ scanned: 20_000, dueCount: 14_000, accounts: 21 });
    expect(dueOf(world, discovery)).toHaveLength(14_000);
    expect(summary.counts).toMatchObject({ due: 14_000, rotated: 12_600, failed: 1_400, skipped: 6_000 });
    const full = (await world.workStore.getJson(summary.resultsLocation.key)) as FullResults;
    expect(full.accounts.reduce((sum, a) => sum + a.results.length, 0)).toBe(14_000);
    const sizes = { discovery: jsonBytes(discovery), summary: jsonBytes(summary) };
    console.info(`20,000 principals / 20 accounts: state bytes ${JSON.stringify(sizes)}`);
    expect(sizes.discovery).toBeLessThan(FAR_UNDER);
    expect(sizes.summary).toBeLessThan(FAR_UNDER);
    expect(summary.rotated.length + summary.rotatedNotListed).toBe(12_600);
    expect(summary.failed.length + summary.failedNotListed).toBe(1_400);
  }, 120_000);

  it('stays bounded at 300 accounts, 60 of them unreadable with long causes', async () => {
    // Prepare
    const accounts = Array.from({ length: 300 }, (_, i) => accountId(i));
    const world = createAccountsWorld(scopeOf({ kind: 'list', accounts }), {
      fleetSettings: { discoveryConcurrency: 10, accountConcurrency: 20 },
    });
    for (const [index, account] of accounts.entries()) {
      if (index % 5 === 0) world.refusing.add(account);
      else memberWithUsers(world, account, ['deploy', 'ci'], 100);
    }

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);
    const summary = await summarizeFleet(
      { discovery, results: await runFleetMaps(world.workStore, discovery, rotatedAll) },
      world.workStore,
    );

    // Assess
    expect(discovery).toMatchObject({ accounts: 241, unreadableAccountsCount: 60, dueCount: 480 });
    expect(discovery.unreadableAccounts.length + discovery.unreadableNotListed).toBe(60);
    expect(summary.counts).toMatchObject({ accounts: 301, unreadableAccounts: 60, rotated: 480 });
    expect(summary.byAccount.length + summary.byAccountNotListed).toBe(301);
    const sizes = { discovery: jsonBytes(discovery), summary: jsonBytes(summary) };
    console.info(`300 accounts: state bytes ${JSON.stringify(sizes)}`);
    expect(sizes.discovery).toBeLessThan(FAR_UNDER);
    expect(sizes.summary).toBeLessThan(FAR_UNDER);
  }, 120_000);
});
