import { describe, expect, it } from 'vitest';
import { checkChosenName, dryRunExecutionName } from '../../cli/dry-run-name.ts';
import { executionNameFor, isValidExecutionName } from '../../cli/execution-name.ts';
import { childExecutionName, runDateOf } from '../../lambdas/fleet/child-execution-name.ts';
import { rotationExecutionName } from '../../lambdas/http/rotation-execution-name.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';

const AT = new Date('2026-12-02T09:30:05.042Z');

describe('dryRunExecutionName', () => {
  it('is dryrun-<subject>-<instant to the millisecond>, so repeated dry runs get new names', () => {
    // Act
    const first = dryRunExecutionName('alice', AT);
    const second = dryRunExecutionName('alice', new Date(AT.getTime() + 1));

    // Assess
    expect(first).toBe('dryrun-alice-2026-12-02T09-30-05-042Z');
    expect(second).not.toBe(first);
    expect(isValidExecutionName(first)).toBe(true);
  });

  it('cuts a long subject, never the instant, and replaces what Step Functions refuses', () => {
    const name = dryRunExecutionName(`ci,bot@corp:${'x'.repeat(64)}`, AT);

    expect(name.length).toBe(80);
    expect(name.startsWith('dryrun-ci_bot@corp_x')).toBe(true);
    expect(name.endsWith('-2026-12-02T09-30-05-042Z')).toBe(true);
    expect(isValidExecutionName(name)).toBe(true);
  });

  it.each(['alice', 'dryrun-alice', 'dryrun-alice-2026-12-02T09-30-05-042Z', 'a'.repeat(64)])(
    'never equals a name the CLI, the fleet or the endpoint gives a real run of %s',
    (principal) => {
      const dryRuns = [principal, `dryrun-${principal}`].map((subject) => dryRunExecutionName(subject, AT));
      const realRuns = [
        executionNameFor(principal, AT),
        childExecutionName(principal, runDateOf(AT)),
        rotationExecutionName(principal, AT),
      ];

      for (const dryRun of dryRuns) expect(realRuns).not.toContain(dryRun);
    },
  );
});

describe('checkChosenName', () => {
  it('accepts no name, and a real run name outside the dry-run prefix', () => {
    expect(() => checkChosenName(undefined, true)).not.toThrow();
    expect(() => checkChosenName(undefined, false)).not.toThrow();
    expect(() => checkChosenName('alice-after-leak', false)).not.toThrow();
    expect(() => checkChosenName('my-dryrun-check', false)).not.toThrow();
  });

  it.each([
    ['any --name on a dry run', 'alice-2026-12-02', true],
    ['a dry-run name on a dry run', 'dryrun-alice-1', true],
    ['a real run name in the dry-run prefix', 'dryrun-alice-2026-12-02', false],
  ])('refuses %s with a VALIDATION_ERROR naming --name', (_, name, dryRun) => {
    const attempt = () => checkChosenName(name, dryRun);

    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/^--name: .*dry run/);
  });
});
