/**
 * What `akr fleet` prints: a run over one account reads as it always has;
 * over several, a line per account, the unreadable ones with their cause and
 * what to do, and where every entry and result is. And its account options,
 * checked by the Discover step's own rule, naming the option typed.
 */
import { describe, expect, it } from 'vitest';
import { fleetInputFrom } from '../../cli/commands/fleet-command.ts';
import { printDiscovery, printFleetSummary, unreadableAdvice } from '../../cli/fleet-report.ts';
import type { FleetSummary } from '../../lambdas/fleet/fleet-state.ts';
import { discoveryOf } from './fakes/fleet-world.ts';

function captured() {
  const lines: string[] = [];
  return {
    lines,
    output: { line: (text: string) => lines.push(text), error: (text: string) => lines.push(text) },
  };
}

const HUB = '123456789012';
const MEMBER = '111122223333';
const NO_ROLE = '555566667777';

function summaryOf(overrides: Partial<FleetSummary> = {}): FleetSummary {
  return {
    provider: 'aws',
    executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:f:run',
    runDate: '2030-01-01',
    dryRun: false,
    counts: {
      scanned: 3,
      due: 2,
      rotated: 1,
      alreadyStarted: 0,
      skipped: 1,
      failed: 1,
      accounts: 1,
      unreadableAccounts: 0,
    },
    byAccount: [],
    byAccountNotListed: 0,
    rotated: [{ principal: 'alice' }],
    rotatedNotListed: 0,
    alreadyStarted: [],
    alreadyStartedNotListed: 0,
    skipped: [{ principal: 'carol', reason: 'EXEMPT', detail: 'tag' }],
    skippedNotListed: 0,
    failed: [{ principal: 'bob', error: 'TwoActiveKeysError', cause: 'deactivate one' }],
    failedNotListed: 0,
    unreadableAccounts: [],
    unreadableNotListed: 0,
    resultsLocation: { bucket: 'akr-work', key: 'fleet/aws/run/results.json' },
    ...overrides,
  };
}

describe('fleet report', () => {
  it('prints a single-account run exactly as before: no account lines, no locations', () => {
    // Prepare
    const { lines, output } = captured();

    // Act
    printDiscovery(
      output,
      discoveryOf({ scanned: 3, dueCount: 1, dueDetails: [{ principal: 'alice', oldestKeyAgeDays: 100 }] }),
    );
    printFleetSummary(output, summaryOf());

    // Assess
    expect(lines).toEqual([
      '✓ discover: 3 in scope, 1 due (oldest Active key ≥ 76 days, policy 90), 0 skipped',
      '    due      alice: oldest Active key 100 days old',
      '',
      'Fleet aws 2030-01-01: 1 rotated, 0 already started today, 1 skipped, 1 failed (3 in scope)',
      '  rotated  alice',
      '  skipped  carol: EXEMPT',
      '  failed   bob: TwoActiveKeysError: deactivate one',
    ]);
  });

  it('prints each account, the unreadable ones with cause and advice, and where the full results are', () => {
    // Prepare
    const { lines, output } = captured();
    const unreadable = {
      account: NO_ROLE,
      error: 'MemberAccountUnreachableError',
      cause: `member account ${NO_ROLE} is unreachable: STS AssumeRole … failed with AccessDenied`,
    };
    const summary = summaryOf({
      counts: {
        scanned: 4,
        due: 2,
        rotated: 1,
        alreadyStarted: 0,
        skipped: 1,
        failed: 1,
        accounts: 3,
        unreadableAccounts: 1,
      },
      byAccount: [
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
          account: MEMBER,
          status: 'FAILED',
          scanned: 2,
          due: 1,
          rotated: 0,
          alreadyStarted: 0,
          skipped: 0,
          failed: 1,
        },
        {
          account: NO_ROLE,
          status: 'FAILED',
          scanned: 0,
          due: 0,
          rotated: 0,
          alreadyStarted: 0,
          skipped: 0,
          failed: 0,
          error: unreadable.error,
          cause: unreadable.cause,
        },
      ],
      unreadableAccounts: [unreadable],
    });

    // Act
    printDiscovery(
      output,
      discoveryOf({
        accounts: 2,
        scanned: 4,
        dueCount: 2,
        byAccount: [
          { account: HUB, scanned: 2, due: 1, skipped: 1 },
          { account: MEMBER, scanned: 2, due: 1, skipped: 0 },
        ],
        unreadableAccounts: [unreadable],
        unreadableAccountsCount: 1,
      }),
    );
    printFleetSummary(output, summary);

    // Assess
    expect(lines[0]).toBe(
      '✓ discover: 3 accounts (1 unreadable), 4 in scope, 2 due (oldest Active key ≥ 76 days, policy 90), 0 skipped',
    );
    expect(lines).toContain(`    account  ${MEMBER}: 2 in scope, 1 due, 0 skipped`);
    expect(lines).toContain(
      `    unreadable ${NO_ROLE}: MemberAccountUnreachableError: ${unreadable.cause} → deploy the member stack in that account (its role must trust the hub with the external id), then run again`,
    );
    expect(lines).toContain('    every entry: s3://akr-fleet-work/fleet/aws/scheduled-1/discovery.json');
    expect(lines).toContain('Accounts: 3 in scope, 1 unreadable');
    expect(lines).toContain(`  ✓ ${HUB}: 1 rotated, 0 already started, 1 skipped, 0 failed`);
    expect(lines).toContain(`  ✗ ${MEMBER}: 0 rotated, 0 already started, 0 skipped, 1 failed`);
    // Once in the discovery, once in the summary's account list: never twice in one part.
    const unreadableLines = lines.filter((line) => line.includes(`unreadable ${NO_ROLE}`));
    expect(unreadableLines).toEqual([
      `    unreadable ${NO_ROLE}: MemberAccountUnreachableError: ${unreadable.cause} → deploy the member stack in that account (its role must trust the hub with the external id), then run again`,
      `  ✗ unreadable ${NO_ROLE}: MemberAccountUnreachableError: ${unreadable.cause} → deploy the member stack in that account (its role must trust the hub with the external id), then run again`,
    ]);
    expect(lines.at(-1)).toBe('Full results: s3://akr-work/fleet/aws/run/results.json');
  });

  it.each([
    [{ account: 'organization', error: 'AccessDeniedException', cause: '' }, /organizations:ListAccounts/],
    [
      { account: MEMBER, error: 'TransientError', cause: 'Throttling' },
      /throttled past retries; run the fleet again later/,
    ],
    [{ account: MEMBER, error: 'AccountNotInScope', cause: '' }, /check the account id/],
  ])('advises on %j', (unreadable, advice) => {
    expect(unreadableAdvice(unreadable)).toMatch(advice);
  });

  it('adds no advice of its own to a cause that already says what to do', () => {
    // Arrange
    const cause =
      'member account 222222222222 is unreachable: …; deploy the member stack in account 222222222222';
    const { lines, output } = captured();

    // Act
    printDiscovery(
      output,
      discoveryOf({
        accounts: 1,
        unreadableAccounts: [{ account: '222222222222', error: 'MemberAccountUnreachableError', cause }],
        unreadableAccountsCount: 1,
      }),
    );

    // Assess
    expect(lines).toContain(`    unreadable 222222222222: MemberAccountUnreachableError: ${cause}`);
  });
});

describe('akr fleet account options', () => {
  it('passes the accounts, exclusions and OUs on as the run input', () => {
    expect(
      fleetInputFrom({
        provider: 'aws',
        stateDir: '.akr',
        accounts: `${MEMBER}, ${NO_ROLE}`,
        excludeAccounts: HUB,
      }),
    ).toEqual({ accounts: [MEMBER, NO_ROLE], excludeAccounts: [HUB] });
    expect(
      fleetInputFrom({ provider: 'aws', stateDir: '.akr', organizationalUnits: 'ou-ab12-11111111' }),
    ).toEqual({
      organizationalUnits: ['ou-ab12-11111111'],
    });
  });

  it.each([
    [{ accounts: '12345' }, '--accounts'],
    [{ excludeAccounts: 'x' }, '--exclude-accounts'],
    [{ accounts: MEMBER, excludeAccounts: MEMBER }, '--exclude-accounts'],
    [{ organizationalUnits: 'r-ab12' }, '--organizational-units'],
  ])('refuses %j, naming %s', (options, option) => {
    expect(() => fleetInputFrom({ provider: 'aws', stateDir: '.akr', ...options })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', field: option }),
    );
  });
});
