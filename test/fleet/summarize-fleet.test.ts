/**
 * Summarize over what both Maps' ResultWriters wrote (laid out as AWS lays
 * it out, fakes/map-run-writer.ts) after a real Discover: results grouped by
 * account, unreadable and failed accounts FAILED with their cause, the full
 * results in `results.json`, and a failed child's own error kept.
 */
import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import type { FleetItemResult, FullResults } from '../../lambdas/fleet/fleet-state.ts';
import { CAUSE_LIMIT, failureOf, summarizeFleet } from '../../lambdas/fleet/summarize-fleet.ts';
import {
  A,
  type AccountsWorld,
  B,
  C,
  createAccountsWorld,
  HUB,
  memberWithUsers,
  scopeOf,
} from './fakes/fleet-accounts-world.ts';
import { discoverRequest, FLEET_EXECUTION_ARN, userWithKeyAged } from './fakes/fleet-world.ts';
import { type AccountPlay, rotatedAll, runFleetMaps, writeMapRun } from './fakes/map-run-writer.ts';

const CHILD_ARN = (name: string) => `arn:aws:states:eu-west-1:123456789012:execution:akr-aws:${name}`;

/** The Cause Step Functions gives a Catch when a `.sync` child execution fails: the child's description. */
function childFailureCause(error: string | undefined, cause: string | undefined): string {
  return JSON.stringify({
    ExecutionArn: CHILD_ARN('bob'),
    Input: '{"principal":"bob","gracePeriodSeconds":604800}',
    Status: 'FAILED',
    ...(error !== undefined && { Error: error }),
    ...(cause !== undefined && { Cause: cause }),
  });
}

async function discoverAndRun(world: AccountsWorld, play: (account: string) => AccountPlay) {
  const discovery = await discoverFleet(discoverRequest(), world.ports);
  const results = await runFleetMaps(world.workStore, discovery, play);
  return { discovery, results };
}

function threeAccounts(): AccountsWorld {
  const world = createAccountsWorld(scopeOf({ kind: 'list', accounts: [A, B, C] }));
  userWithKeyAged(world, 'alice', 100 * 86_400);
  userWithKeyAged(world, 'young', 86_400);
  memberWithUsers(world, A, ['alice', 'bob', 'carol'], 100);
  memberWithUsers(world, C, ['dave'], 100);
  world.refusing.add(B);
  return world;
}

describe('summarizeFleet', () => {
  it('groups the results by account, lists the unreadable one as FAILED, and writes every result', async () => {
    // Prepare
    const world = threeAccounts();
    const request = await discoverAndRun(world, (account) =>
      account !== A
        ? rotatedAll()
        : {
            itemResult: (item): FleetItemResult =>
              item.principal === `${A}/bob`
                ? {
                    principal: item.principal,
                    status: 'FAILED',
                    error: 'States.TaskFailed',
                    cause: childFailureCause('TwoActiveKeysError', 'deactivate one'),
                  }
                : item.principal === `${A}/carol`
                  ? { principal: item.principal, status: 'ALREADY_STARTED' }
                  : { principal: item.principal, status: 'SUCCEEDED', executionArn: CHILD_ARN(item.name) },
          },
    );

    // Act
    const summary = await summarizeFleet(request, world.workStore);

    // Assess
    expect(summary.counts).toEqual({
      scanned: 6,
      due: 5,
      rotated: 3,
      alreadyStarted: 1,
      skipped: 1,
      failed: 1,
      accounts: 4,
      unreadableAccounts: 1,
    });
    expect(summary.byAccount).toEqual([
      {
        account: HUB,
        status: 'SUCCEEDED',
        scanned: 2,
        due: 1,
        rotated: 1,
        alreadyStarted: 0,
        skipped: 1,
        failed: 0,
      },
      {
        account: A,
        status: 'FAILED',
        scanned: 3,
        due: 3,
        rotated: 1,
        alreadyStarted: 1,
        skipped: 0,
        failed: 1,
      },
      {
        account: C,
        status: 'SUCCEEDED',
        scanned: 1,
        due: 1,
        rotated: 1,
        alreadyStarted: 0,
        skipped: 0,
        failed: 0,
      },
      {
        account: B,
        status: 'FAILED',
        scanned: 0,
        due: 0,
        rotated: 0,
        alreadyStarted: 0,
        skipped: 0,
        failed: 0,
        error: 'AccessDenied',
        cause: expect.stringContaining('sts:AssumeRole'),
      },
    ]);
    expect(summary.failed).toEqual([
      { principal: `${A}/bob`, error: 'TwoActiveKeysError', cause: 'deactivate one' },
    ]);
    expect(summary.alreadyStarted).toEqual([`${A}/carol`]);
    expect(summary.rotated.map((r) => r.principal)).toEqual(['alice', `${A}/alice`, `${C}/dave`]);
    expect(summary.unreadableAccounts).toEqual([
      expect.objectContaining({ account: B, error: 'AccessDenied' }),
    ]);
    expect(summary.resultsLocation).toEqual({
      bucket: 'akr-fleet-work',
      key: 'fleet/aws/scheduled-1/results.json',
    });
    const full = (await world.workStore.getJson(summary.resultsLocation.key)) as FullResults;
    expect(full.executionArn).toBe(FLEET_EXECUTION_ARN);
    expect(full.accounts.map((a) => [a.account, a.results.length])).toEqual([
      [HUB, 1],
      [A, 3],
      [C, 1],
      [B, 0],
    ]);
    expect(full.skipped).toEqual([expect.objectContaining({ principal: 'young', reason: 'TOO_YOUNG' })]);
  });

  it("reports an account whose inner Map failed (AccountFailed) as FAILED with the Map's error", async () => {
    // Prepare
    const world = threeAccounts();
    const request = await discoverAndRun(world, (account) =>
      account === A
        ? {
            mapFails: {
              error: 'States.ExceedToleratedFailureThreshold',
              cause: 'The specified tolerated failure threshold was exceeded',
            },
          }
        : rotatedAll(),
    );

    // Act
    const summary = await summarizeFleet(request, world.workStore);

    // Assess
    expect(summary.byAccount.find((a) => a.account === A)).toMatchObject({
      status: 'FAILED',
      due: 3,
      rotated: 0,
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    expect(summary.counts).toMatchObject({ rotated: 2, failed: 0 });
  });

  it('counts a child that failed outside the Catch, one never started, and an account with no result as failures', async () => {
    // Prepare: the outer Map has a result for the hub only; C's item timed out; A has none at all.
    const world = threeAccounts();
    const discovery = await discoverFleet(discoverRequest(), world.ports);
    const hubRun = await writeMapRun(world.workStore, 'fleet-results/principals', [
      {
        status: 'TIMED_OUT',
        input: { principal: 'alice', name: 'alice-2030-01-01' },
        error: 'States.Timeout',
        cause: 'took too long',
      },
    ]);
    const hubInput = { account: HUB, itemsKey: `fleet/aws/scheduled-1/due/${HUB}.json` };
    const results = await writeMapRun(world.workStore, 'fleet-results/accounts', [
      { status: 'SUCCEEDED', input: hubInput, output: { ...hubInput, run: hubRun } },
      { status: 'FAILED', input: { account: C }, error: 'States.Runtime', cause: 'bad path' },
    ]);

    // Act
    const summary = await summarizeFleet({ discovery, results }, world.workStore);

    // Assess
    expect(summary.failed).toEqual([{ principal: 'alice', error: 'States.Timeout', cause: 'took too long' }]);
    const byId = Object.fromEntries(summary.byAccount.map((a) => [a.account, a]));
    expect(byId[C]).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: 'bad path' });
    expect(byId[A]).toMatchObject({ status: 'FAILED', error: 'NoResult' });
    expect(summary.counts.rotated).toBe(0);
  });

  it('refuses results that name another bucket, writing nothing', async () => {
    // Prepare
    const world = threeAccounts();
    const { discovery } = await discoverAndRun(world, rotatedAll);
    const before = world.workStore.puts.length;

    // Act
    const outcome = summarizeFleet(
      { discovery, results: { ResultWriterDetails: { Bucket: 'someone-else', Key: 'x/manifest.json' } } },
      world.workStore,
    );

    // Assess
    await expect(outcome).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'results.ResultWriterDetails.Bucket',
    });
    expect(world.workStore.puts.length).toBe(before);
  });
});

describe('failureOf', () => {
  it("keeps a failed child's own Error and Cause, and nothing else of its description", () => {
    const failure = failureOf({
      error: 'States.TaskFailed',
      cause: childFailureCause('TwoActiveKeysError', 'AKIA1, AKIA2'),
    });
    expect(failure).toEqual({ error: 'TwoActiveKeysError', cause: 'AKIA1, AKIA2' });
  });

  it("keeps the child's Error when it has no Cause, and the outer error when the JSON has neither", () => {
    const neither = JSON.stringify({ detail: 'not a child description' });
    expect(
      failureOf({ error: 'States.TaskFailed', cause: childFailureCause('States.Timeout', undefined) }),
    ).toEqual({
      error: 'States.Timeout',
      cause: '',
    });
    expect(failureOf({ error: 'States.TaskFailed', cause: neither })).toEqual({
      error: 'States.TaskFailed',
      cause: neither,
    });
    expect(failureOf({})).toEqual({ error: 'UnknownError', cause: '' });
  });

  it(`shortens a cause to ${CAUSE_LIMIT} characters, plain or from the child`, () => {
    const long = `${'x'.repeat(CAUSE_LIMIT)}TAIL`;
    const plain = failureOf({ error: 'Lambda.Unknown', cause: long });
    const child = failureOf({ error: 'States.TaskFailed', cause: childFailureCause('E', long) });
    expect(plain.cause).toHaveLength(CAUSE_LIMIT);
    expect(plain.cause.endsWith('…')).toBe(true);
    expect(child.cause).toBe(plain.cause);
    expect(failureOf({ error: 'E', cause: 'y'.repeat(CAUSE_LIMIT) }).cause).toBe('y'.repeat(CAUSE_LIMIT));
  });
});
