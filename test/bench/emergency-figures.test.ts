/**
 * The emergency benchmark's figures: time to revoke from each run's own
 * record, its median, p95 and max, and the transitions of the path taken.
 */
import { describe, expect, it } from 'vitest';
import {
  type EmergencyRun,
  emergencyFigures,
  percentile,
  timeToRevokeMs,
} from '../../bench/emergency-figures.ts';
import { emergencySection } from '../../bench/emergency-report.ts';

const AWS_PATH = [
  'Plan',
  'CreateKey',
  'VerifyKey',
  'Publish',
  'WaitGrace',
  'CheckOldKeyUse',
  'RetireOrDefer',
  'RetireOldKey',
  'WaitDeletion',
  'DeleteOldKey',
  'Record',
  'Succeeded',
];
const YANDEX_PATH = AWS_PATH.filter((state) => state !== 'RetireOldKey' && state !== 'WaitDeletion');

function run(
  provider: 'aws' | 'yandex',
  revokedAfterMs: number | null,
  overrides: Partial<EmergencyRun> = {},
) {
  const reported = Date.parse('2026-12-02T14:00:00.000Z');
  return {
    provider,
    status: revokedAfterMs === null ? 'FAILED' : 'SUCCEEDED',
    exposureReportedAt: new Date(reported).toISOString(),
    revokedAt: revokedAfterMs === null ? null : new Date(reported + revokedAfterMs).toISOString(),
    revocation: revokedAfterMs === null ? null : provider === 'aws' ? 'DEACTIVATED' : 'DELETED',
    statesEntered: provider === 'aws' ? AWS_PATH : YANDEX_PATH,
    retries: 0,
    wallMs: 1000,
    ...overrides,
  } satisfies EmergencyRun;
}

describe('timeToRevokeMs', () => {
  it('is revokedAt minus exposureReportedAt', () => {
    // Act / Assess
    expect(timeToRevokeMs(run('aws', 2_345))).toBe(2_345);
  });

  it('is null for a run whose key was never revoked, rather than a time', () => {
    // Act / Assess
    expect(timeToRevokeMs(run('aws', null))).toBeNull();
  });
});

describe('percentile', () => {
  it('takes the nearest rank: p95 of 5 runs is the slowest, of 20 runs the 19th', () => {
    // Prepare
    const twenty = Array.from({ length: 20 }, (_, i) => (20 - i) * 10);

    // Act / Assess
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile(twenty, 95)).toBe(190);
    expect(percentile(twenty, 50)).toBe(100);
  });

  it('refuses no values and a p outside (0, 100]', () => {
    // Act / Assess
    expect(() => percentile([], 95)).toThrow('percentile of no values');
    expect(() => percentile([1], 0)).toThrow('outside');
  });
});

describe('emergencyFigures', () => {
  it('gives median, p95 and max time to revoke and the transitions of one provider', () => {
    // Prepare
    const runs = [
      run('aws', 1_200),
      run('aws', 900),
      run('aws', 4_000),
      run('aws', 1_000),
      run('aws', 1_100),
      run('yandex', 50_000),
    ];

    // Act
    const figures = emergencyFigures('aws', runs);

    // Assess
    expect(figures).toMatchObject({
      provider: 'aws',
      runs: 5,
      revoked: 5,
      revocation: 'DEACTIVATED',
      timeToRevokeMs: { median: 1_100, p95: 4_000, max: 4_000 },
      stateTransitions: { min: 12, max: 12 },
    });
    expect(figures.path).toEqual(AWS_PATH);
  });

  it('leaves a run that did not revoke out of the times, and counts it apart', () => {
    // Act
    const figures = emergencyFigures('yandex', [run('yandex', 3_000), run('yandex', null)]);

    // Assess
    expect(figures.revoked).toBe(1);
    expect(figures.runs).toBe(2);
    expect(figures.timeToRevokeMs).toEqual({ median: 3_000, p95: 3_000, max: 3_000 });
  });

  it('counts retries as transitions, and shows a range when runs differ', () => {
    // Act
    const figures = emergencyFigures('aws', [run('aws', 1_000), run('aws', 1_000, { retries: 2 })]);

    // Assess
    expect(figures.stateTransitions).toEqual({ min: 12, max: 14 });
  });

  it('has no time to revoke when no run revoked', () => {
    // Act / Assess
    expect(emergencyFigures('aws', [run('aws', null)]).timeToRevokeMs).toBeNull();
  });
});

describe('emergencySection', () => {
  it('prints one row per provider with seconds, the revocation in words and the path', () => {
    // Prepare
    const figures = [
      emergencyFigures('aws', [run('aws', 1_250), run('aws', 2_000), run('aws', 1_500)]),
      emergencyFigures('yandex', [run('yandex', 3_000), run('yandex', null)]),
    ];

    // Act
    const text = emergencySection({ runsPerProvider: 3, figures });

    // Assess
    const rows = text.split('\n').filter((line) => /^\| (aws|yandex) /.test(line));
    expect(rows[0]?.split('|').map((cell) => cell.trim())).toEqual([
      '',
      'aws',
      '3/3',
      'Inactive',
      '1.50',
      '2.00',
      '2.00',
      '12',
      '',
    ]);
    expect(rows[1]?.split('|').map((cell) => cell.trim())).toEqual([
      '',
      'yandex',
      '1/2',
      'deleted',
      '3.00',
      '3.00',
      '3.00',
      '10',
      '',
    ]);
    expect(text).toContain(`- yandex: ${YANDEX_PATH.join(' → ')}`);
  });
});
