import { describe, expect, it } from 'vitest';
import type { FleetDiscovery, FleetItemResult } from '../../lambdas/fleet/fleet-state.ts';
import { CAUSE_LIMIT, summarizeFleet } from '../../lambdas/fleet/summarize-fleet.ts';
import { FLEET_EXECUTION_ARN } from './fakes/fleet-world.ts';

const CHILD_ARN = (name: string) =>
  `arn:aws:states:eu-west-1:123456789012:execution:akr-aws:${name}-2030-01-01`;

function discovery(overrides: Partial<FleetDiscovery> = {}): FleetDiscovery {
  return {
    provider: 'aws',
    executionArn: FLEET_EXECUTION_ARN,
    runDate: '2030-01-01',
    dryRun: false,
    maxKeyAgeDays: 90,
    dueAtAgeDays: 76,
    gracePeriodSeconds: 604800,
    deletionDelaySeconds: 604800,
    scanned: 1_010,
    due: ['alice', 'bob', 'carol', 'dave'],
    dueDetails: [],
    skipped: [{ principal: 'erin', reason: 'EXEMPT', detail: 'tag access-key-rotator:exempt' }],
    skippedCounts: { EXEMPT: 1, TOO_YOUNG: 1_005 },
    skippedNotListed: 1_005,
    ...overrides,
  };
}

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

describe('summarizeFleet', () => {
  it('sorts each result by status and counts everyone, listed or not', () => {
    // Prepare
    const results: FleetItemResult[] = [
      { principal: 'alice', status: 'SUCCEEDED', executionArn: CHILD_ARN('alice') },
      { principal: 'bob', status: 'FAILED', error: 'States.TaskFailed', cause: 'boom' },
      { principal: 'carol', status: 'ALREADY_STARTED', executionArn: CHILD_ARN('carol') },
      { principal: 'dave', status: 'SUCCEEDED' },
    ];

    // Act
    const summary = summarizeFleet({ discovery: discovery(), results });

    // Assess
    expect(summary).toEqual({
      provider: 'aws',
      executionArn: FLEET_EXECUTION_ARN,
      runDate: '2030-01-01',
      dryRun: false,
      counts: { scanned: 1_010, due: 4, rotated: 2, alreadyStarted: 1, skipped: 1_006, failed: 1 },
      rotated: [{ principal: 'alice', executionArn: CHILD_ARN('alice') }, { principal: 'dave' }],
      alreadyStarted: ['carol'],
      skipped: discovery().skipped,
      failed: [{ principal: 'bob', error: 'States.TaskFailed', cause: 'boom' }],
    });
  });

  it("keeps a failed child's own Error and Cause, and nothing else of its description", () => {
    // Prepare
    const results: FleetItemResult[] = [
      {
        principal: 'bob',
        status: 'FAILED',
        error: 'States.TaskFailed',
        cause: childFailureCause('TwoActiveKeysError', 'principal bob has keys AKIA1, AKIA2'),
      },
    ];

    // Act
    const summary = summarizeFleet({ discovery: discovery(), results });

    // Assess
    expect(summary.failed).toEqual([
      { principal: 'bob', error: 'TwoActiveKeysError', cause: 'principal bob has keys AKIA1, AKIA2' },
    ]);
    expect(JSON.stringify(summary)).not.toContain('gracePeriodSeconds');
  });

  it("keeps the child's Error when it has no Cause, and the outer error when the JSON has neither", () => {
    // Prepare
    const withoutCause = childFailureCause('States.Timeout', undefined);
    const neither = JSON.stringify({ detail: 'not a child description' });
    const results: FleetItemResult[] = [
      { principal: 'alice', status: 'FAILED', error: 'States.TaskFailed', cause: withoutCause },
      { principal: 'bob', status: 'FAILED', error: 'States.TaskFailed', cause: neither },
      { principal: 'carol', status: 'FAILED' },
    ];

    // Act
    const { failed } = summarizeFleet({ discovery: discovery(), results });

    // Assess
    expect(failed).toEqual([
      { principal: 'alice', error: 'States.Timeout', cause: '' },
      { principal: 'bob', error: 'States.TaskFailed', cause: neither },
      { principal: 'carol', error: 'UnknownError', cause: '' },
    ]);
  });

  it(`shortens a cause to ${CAUSE_LIMIT} characters, plain or from the child`, () => {
    // Prepare
    const long = `${'x'.repeat(CAUSE_LIMIT)}TAIL`;
    const results: FleetItemResult[] = [
      { principal: 'alice', status: 'FAILED', error: 'Lambda.Unknown', cause: long },
      { principal: 'bob', status: 'FAILED', error: 'States.TaskFailed', cause: childFailureCause('E', long) },
      { principal: 'carol', status: 'FAILED', error: 'E', cause: 'y'.repeat(CAUSE_LIMIT) },
    ];

    // Act
    const { failed } = summarizeFleet({ discovery: discovery(), results });

    // Assess
    expect(failed.map((f) => f.cause.length)).toEqual([CAUSE_LIMIT, CAUSE_LIMIT, CAUSE_LIMIT]);
    expect(failed[0]?.cause.endsWith('…')).toBe(true);
    expect(failed[1]?.cause).toBe(failed[0]?.cause);
    expect(failed[2]?.cause).toBe('y'.repeat(CAUSE_LIMIT));
  });

  it('counts a result of unknown status as failed, never as rotated', () => {
    // Prepare
    const odd = { principal: 'alice', status: 'RUNNING' } as unknown as FleetItemResult;

    // Act
    const summary = summarizeFleet({ discovery: discovery(), results: [odd] });

    // Assess
    expect(summary.counts).toMatchObject({ rotated: 0, failed: 1 });
  });

  it('reports a dry run with nothing started', () => {
    // Act
    const summary = summarizeFleet({ discovery: discovery({ dryRun: true }), results: [] });

    // Assess
    expect(summary.dryRun).toBe(true);
    expect(summary.counts).toEqual({
      scanned: 1_010,
      due: 4,
      rotated: 0,
      alreadyStarted: 0,
      skipped: 1_006,
      failed: 0,
    });
  });
});
