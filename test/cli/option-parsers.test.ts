/**
 * The parsers every command checks its options with: strict, limited, and
 * each refusal a ValidationError naming the option.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDurationSeconds } from '../../cli/duration.ts';
import { parseReportDestination } from '../../cli/evidence/report-destination.ts';
import {
  optionOrEnv,
  parseCalendarDate,
  parseExecutionName,
  parseFunctionName,
  parsePrincipal,
  parseProvider,
  parseStateMachineArn,
  parseWholeNumber,
  withOptionNames,
} from '../../cli/option-parsers.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';

const refusal = (act: () => unknown): ValidationError => {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('parseWholeNumber', () => {
  const days = { min: 1, max: 3650, unit: 'days' };

  it('takes decimal digits within the limits', () => {
    expect(parseWholeNumber('1', '--n', days)).toBe(1);
    expect(parseWholeNumber('0090', '--n', days)).toBe(90);
    expect(parseWholeNumber('3650', '--n', days)).toBe(3650);
  });

  it.each(['0x10', '1e2', ' 5', '5 ', '+5', '-5', '5.0', '', 'Infinity', '0', '3651', '9'.repeat(20)])(
    'refuses "%s", naming the option',
    (raw) => {
      expect(refusal(() => parseWholeNumber(raw, '--max-key-age-days', days)).field).toBe(
        '--max-key-age-days',
      );
    },
  );
});

describe('parseDurationSeconds limits', () => {
  it('refuses a duration over one year by default, and over the caller limit', () => {
    expect(parseDurationSeconds('365d', '--grace')).toBe(31_536_000);
    expect(refusal(() => parseDurationSeconds('366d', '--grace')).message).toMatch(
      /^--grace: .*over the limit/,
    );
    expect(refusal(() => parseDurationSeconds('31536001', '--grace')).field).toBe('--grace');
    expect(refusal(() => parseDurationSeconds('99999999999999999999d', '--since')).field).toBe('--since');
    expect(refusal(() => parseDurationSeconds('2h', '--x', 3600)).field).toBe('--x');
  });

  it.each([' 5s', '5s ', '5S', '+5s', '5e3'])('refuses the loose form "%s"', (raw) => {
    expect(refusal(() => parseDurationSeconds(raw, '--grace')).field).toBe('--grace');
  });
});

describe('parseCalendarDate', () => {
  it('reads real dates and timestamps, and leaves what is not date-shaped to the caller', () => {
    expect(parseCalendarDate('2028-02-29', '--since')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseCalendarDate('2026-12-31T23:59:59.5Z', '--since')?.toISOString()).toBe(
      '2026-12-31T23:59:59.500Z',
    );
    expect(parseCalendarDate('90d', '--since')).toBeUndefined();
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '2026-06-31',
    '2026-13-01',
    '2026-01-00',
    '2026-01-01T25:00:00Z',
    '2026-01-01T10:60:00Z',
    '2026-01-01T10:00:61Z',
    '2026-01-01T10:00:00+15:00',
  ])('refuses "%s"', (raw) => {
    expect(refusal(() => parseCalendarDate(raw, '--since')).message).toMatch(
      /^--since: .*not a date on the calendar/,
    );
  });
});

describe('names, principals and ARNs', () => {
  it('checks a principal by its provider, or by either rule when the command serves both', () => {
    expect(parsePrincipal('Alice.Smith', 'aws')).toBe('Alice.Smith');
    expect(refusal(() => parsePrincipal('Alice.Smith', 'yandex')).message).toMatch(
      /^--principal: .*service-account id/,
    );
    expect(parsePrincipal('aje0abc123', undefined)).toBe('aje0abc123');
    for (const bad of ['a b', '', 'x'.repeat(129), 'ali/ce', 'ü', 'a/b/c', '1111/alice'])
      expect(refusal(() => parsePrincipal(bad, undefined)).field).toBe('--principal');
  });

  it("takes a member account's principal, <account-id>/<user>, where the command serves AWS", () => {
    expect(parsePrincipal('111122223333/alice', 'aws')).toBe('111122223333/alice');
    expect(parsePrincipal('111122223333/alice', undefined)).toBe('111122223333/alice');
    expect(refusal(() => parsePrincipal('a/b/c', 'aws')).message).toBe(
      '--principal: "a/b/c" must be <user> or <account-id>/<user>, with one "/" at most',
    );
    expect(refusal(() => parsePrincipal('a/b/c', undefined)).message).toContain(
      '<account-id>/<user> for a member account',
    );
  });

  it('checks execution names, providers, state machine ARNs and function names', () => {
    expect(parseExecutionName('fleet-aws-1')).toBe('fleet-aws-1');
    expect(refusal(() => parseExecutionName('a/b')).field).toBe('--name');
    expect(parseProvider('yandex')).toBe('yandex');
    expect(refusal(() => parseProvider('AWS')).field).toBe('--provider');

    const arn = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Rotation_1';
    expect(parseStateMachineArn(arn, '--state-machine-arn')).toBe(arn);
    for (const bad of [
      'arn:rotation',
      'arn:aws:states:us-east-1:123:stateMachine:X',
      'arn:aws:states:us-east-1:123456789012:execution:X:y',
      'arn:aws:states:us-east-1:123456789012:stateMachine:has space',
      'arn:aws:lambda:us-east-1:123456789012:function:X',
    ])
      expect(refusal(() => parseStateMachineArn(bad, '--state-machine-arn')).field).toBe(
        '--state-machine-arn',
      );

    expect(parseFunctionName('AwsReactivateOldKey-1', '--f')).toBe('AwsReactivateOldKey-1');
    expect(parseFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:F:live', '--f')).toMatch(
      /F:live$/,
    );
    for (const bad of ['', 'a b', 'f'.repeat(65), 'arn:aws:lambda:x:function:F'])
      expect(refusal(() => parseFunctionName(bad, '--f')).field).toBe('--f');
  });

  it('takes an option from its flag or its environment variable, checks both, and names a missing one', () => {
    const env = (value: string | undefined) => ({ name: 'AKR_STATE_MACHINE_ARN', value });
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:R';
    const missing = { when: 'without --local' };

    expect(optionOrEnv(undefined, env(arn), '--state-machine-arn', parseStateMachineArn, missing)).toBe(arn);
    expect(
      refusal(() => optionOrEnv(undefined, env(''), '--state-machine-arn', parseStateMachineArn, missing))
        .message,
    ).toBe('--state-machine-arn: required without --local (or set AKR_STATE_MACHINE_ARN)');
    expect(
      refusal(() => optionOrEnv(undefined, env('bad'), '--state-machine-arn', parseStateMachineArn, missing))
        .field,
    ).toBe('--state-machine-arn (AKR_STATE_MACHINE_ARN)');
  });

  it('renames a rule field to the option a user typed', () => {
    const act = () =>
      withOptionNames({ gracePeriodSeconds: '--grace' }, () => {
        throw new ValidationError('gracePeriodSeconds', 'must be at most 31536000');
      });
    expect(refusal(act).message).toBe('--grace: must be at most 31536000');
  });
});

describe('parseReportDestination', () => {
  const root = mkdtempSync(join(tmpdir(), 'akr-out-'));
  const stateDir = join(root, '.akr');
  mkdirSync(join(stateDir, 'evidence'), { recursive: true });
  symlinkSync(join(stateDir, 'cloud.json'), join(root, 'report-link.md'));
  symlinkSync(stateDir, join(root, 'state-link'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('accepts a file outside the state directory', () => {
    expect(parseReportDestination(join(root, 'report.md'), stateDir)).toBe(join(root, 'report.md'));
    expect(parseReportDestination(join(root, '.akr-report.md'), stateDir)).toBe(join(root, '.akr-report.md'));
  });

  it.each([
    ['the state directory itself', '.akr'],
    ['its cloud store', '.akr/cloud.json'],
    ['an evidence record', '.akr/evidence/kim-2026-12-01.json'],
    ['a path through ..', 'elsewhere/../.akr/executions/x.json'],
    ['a link to its store', 'report-link.md'],
    ['a path through a linked folder', 'state-link/cloud.json'],
  ])('refuses %s', (_, relative) => {
    expect(refusal(() => parseReportDestination(join(root, relative), stateDir)).message).toMatch(
      /^--out: .*inside the state directory/,
    );
  });
});
