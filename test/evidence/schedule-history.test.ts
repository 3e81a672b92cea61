/**
 * Proof the schedule ran: fleet runs by day, and every stretch of more than a
 * day (25 h with tolerance) without a successful run flagged as a gap.
 */
import { describe, expect, it } from 'vitest';
import { buildScheduleHistory, fleetRunOf } from '../../evidence/model/schedule-history.ts';
import { fleetRun, loadFixture } from './support/report-fixtures.ts';

const PERIOD = { since: new Date('2026-11-01T00:00:00.000Z'), until: new Date('2026-11-06T04:00:00.000Z') };
const daily = (days: number[]) => days.map((day) => fleetRun(`2026-11-0${day}T03:00:00.000Z`));

describe('buildScheduleHistory', () => {
  it('finds no gap when the job ran every day, even a few minutes late', () => {
    const runs = [...daily([1, 2, 3, 4, 5]), fleetRun('2026-11-06T03:20:00.000Z')];

    const schedule = buildScheduleHistory(runs, PERIOD, ['aws']);

    expect(schedule.gaps).toEqual([]);
    expect(schedule.days.map((day) => day.date)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
    ]);
  });

  it('flags a missed day as a 48-hour gap between runs', () => {
    const schedule = buildScheduleHistory(daily([1, 2, 4, 5, 6]), PERIOD, ['aws']);

    expect(schedule.gaps).toEqual([
      {
        provider: 'aws',
        from: '2026-11-02T03:00:00.000Z',
        to: '2026-11-04T03:00:00.000Z',
        hours: 48,
        kind: 'between-runs',
      },
    ]);
  });

  it('a failed run does not close a gap, but is listed on its day', () => {
    const runs = [...daily([1, 2]), fleetRun('2026-11-03T03:00:00.000Z', 'FAILED'), ...daily([4, 5, 6])];

    const schedule = buildScheduleHistory(runs, PERIOD, ['aws']);

    expect(schedule.gaps.map((gap) => [gap.kind, gap.hours])).toEqual([['between-runs', 48]]);
    expect(schedule.days.find((day) => day.date === '2026-11-03')).toMatchObject({ runs: 1, failed: 1 });
  });

  it('flags a job that stopped running (since the last run) and one that started late (before the first)', () => {
    const runs = daily([3, 4]);

    const schedule = buildScheduleHistory(runs, PERIOD, ['aws']);

    expect(schedule.gaps.map((gap) => gap.kind)).toEqual(['before-first-run', 'since-last-run']);
    expect(schedule.gaps[1]).toMatchObject({
      from: '2026-11-04T03:00:00.000Z',
      to: '2026-11-06T04:00:00.000Z',
    });
  });

  it('flags a provider in scope with no run at all, and keeps providers apart', () => {
    const runs = daily([1, 2, 3, 4, 5, 6]);

    const schedule = buildScheduleHistory(runs, PERIOD, ['aws', 'yandex']);

    expect(schedule.gaps).toEqual([expect.objectContaining({ provider: 'yandex', kind: 'no-run' })]);
  });

  it('reads a recorded fleet run: its provider, counts and that it was not a dry run', () => {
    const run = fleetRunOf(loadFixture('fleet-run').history);

    expect(run).toMatchObject({ provider: 'aws', status: 'SUCCEEDED', dryRun: false });
    expect(run?.counts?.rotated).toBeGreaterThan(0);
    expect(fleetRunOf(loadFixture('happy-path').history)).toBeUndefined();
  });
});
