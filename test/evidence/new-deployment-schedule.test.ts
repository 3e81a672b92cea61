/**
 * No false alarm on a new deployment: a schedule deployed inside the period
 * is judged from its deployment. Its first daily run is due within the 25 h
 * tolerance, so until then no run is owed and no "high" schedule finding is
 * raised; a minute past it, the missing run is a high finding again.
 */
import { describe, expect, it } from 'vitest';
import { buildEvidenceReport } from '../../evidence/model/evidence-report.ts';
import type { ExecutionHistory } from '../../evidence/model/execution-history.ts';
import { SCHEDULE_TOLERANCE_HOURS } from '../../evidence/model/schedule-history.ts';
import { renderMarkdown } from '../../evidence/report/render-markdown.ts';
import { fleetRun } from './support/report-fixtures.ts';

const UNTIL = new Date('2026-11-24T12:00:00.000Z');
const SINCE = new Date(UNTIL.getTime() - 90 * 86_400_000);
const HOUR = 3_600_000;
const MINUTE = 60_000;
const hoursBefore = (hours: number) => new Date(UNTIL.getTime() - hours * HOUR);

function reportOf(deployedAt: Date | undefined, histories: ExecutionHistory[] = []) {
  return buildEvidenceReport({
    histories,
    inventory: [],
    since: SINCE,
    until: UNTIL,
    maxKeyAgeDays: 90,
    providers: ['aws'],
    source: 'test',
    ...(deployedAt && { deployedAt }),
  });
}

const scheduleFindings = (report: ReturnType<typeof reportOf>) =>
  report.findings.filter((finding) => finding.controlId === 'ROTATION-SCHEDULE');

describe('the schedule of a new deployment', () => {
  it('whose first run is still ahead (deployed a minute inside the tolerance) has no schedule finding', () => {
    const deployedAt = new Date(hoursBefore(SCHEDULE_TOLERANCE_HOURS).getTime() + MINUTE);

    const report = reportOf(deployedAt);

    expect(scheduleFindings(report)).toEqual([]);
    expect(report.schedule.gaps).toEqual([]);
    expect(report.schedule.deployments).toEqual([
      {
        provider: 'aws',
        deployedAt: deployedAt.toISOString(),
        firstRunDueBy: new Date(UNTIL.getTime() + MINUTE).toISOString(),
      },
    ]);
    expect(report.controls.find((c) => c.controlId === 'ROTATION-SCHEDULE')).toMatchObject({ findings: 0 });
    expect(renderMarkdown(report)).toContain(
      `deployed ${deployedAt.toISOString().slice(0, 10)} ${deployedAt.toISOString().slice(11, 19)}Z, first run due by 2026-11-24 12:01:00Z`,
    );
  });

  it('whose first run is overdue (deployed a minute past the tolerance) has a high finding, counted from the deployment', () => {
    const deployedAt = new Date(hoursBefore(SCHEDULE_TOLERANCE_HOURS).getTime() - MINUTE);

    const findings = scheduleFindings(reportOf(deployedAt));

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'high', outcome: 'finding' });
    expect(findings[0]?.detail).toBe(
      `no successful fleet run for 25 hours, from ${deployedAt.toISOString()} to ${UNTIL.toISOString()} (no-run)`,
    );
  });

  it('that ran every day since it was deployed has no gap before its first run', () => {
    const deployedAt = hoursBefore(10 * 24 + 5);
    const runs = [...Array(10).keys()].map((day) => fleetRun(hoursBefore((10 - day) * 24).toISOString()));

    const report = reportOf(deployedAt, runs);

    expect(report.schedule.gaps).toEqual([]);
    expect(scheduleFindings(report)).toEqual([]);
  });

  it('is judged from the period start when it was deployed before it, or when its deployment is unknown', () => {
    for (const deployedAt of [new Date(SINCE.getTime() - HOUR), undefined]) {
      const report = reportOf(deployedAt);

      expect(report.schedule.deployments).toEqual([]);
      expect(scheduleFindings(report).map((f) => [f.severity, f.detail])).toEqual([
        [
          'high',
          `no successful fleet run for 2160 hours, from ${SINCE.toISOString()} to ${UNTIL.toISOString()} (no-run)`,
        ],
      ]);
    }
  });
});
