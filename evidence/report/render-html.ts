/**
 * The report as one self-contained HTML page: inline CSS, inline SVG, no
 * script and no external asset. Its Content-Security-Policy forbids loading
 * anything, so a reference to an outside asset would fail loudly in a browser
 * (the headless-browser test looks for exactly such errors) rather than leak
 * that the report was opened.
 *
 * Order: the summary first (what an auditor reads), then controls and
 * findings, the key timelines, and the tables.
 */
import type { EvidenceReport } from '../model/evidence-report.ts';
import { buildTimelines } from '../model/key-timeline.ts';
import { counted, noun } from '../model/plural.ts';
import { escapeHtml, htmlTable, REPORT_CSS, section, verdictClass } from './html-markup.ts';
import {
  controlsTable,
  findingsTable,
  gapsTable,
  inFlightTable,
  inventoryTable,
  recordsTable,
  scheduleTable,
  summaryLines,
  TITLE,
} from './report-text.ts';
import { legendSvg, timelineSvg } from './timeline-svg.ts';

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function card(metric: string, value: number, label: string, detail: string, attention = false): string {
  return `<div class="card${attention ? ' attention' : ''}" data-metric="${metric}"><span class="value">${value}</span><span class="label">${escapeHtml(label)}</span><span class="detail">${escapeHtml(detail)}</span></div>`;
}

function summaryCards(report: EvidenceReport): string {
  const { rotations, keys, schedule, findings, expected } = report.summary;
  return `<section id="summary" class="summary" aria-label="Summary">${[
    card(
      'rotations',
      rotations.total,
      noun(rotations.total, 'rotation'),
      `${rotations.succeeded} succeeded, ${rotations.rolledBack} rolled back, ${rotations.failed} failed`,
      rotations.failed > 0,
    ),
    card(
      'refused',
      rotations.refused,
      `refused ${noun(rotations.refused, 'attempt')}`,
      'by Plan, before any change: not failures',
    ),
    card(
      'in-flight',
      rotations.inFlight,
      'in flight',
      `${noun(rotations.inFlight, 'rotation')} still running`,
    ),
    card(
      'compliant',
      keys.compliant,
      `compliant ${noun(keys.compliant, 'key')}`,
      `of ${counted(keys.keys, 'key')}, ${counted(keys.principals, 'principal')}`,
    ),
    card(
      'non-compliant',
      keys.nonCompliant,
      `non-compliant ${noun(keys.nonCompliant, 'key')}`,
      `older than ${counted(report.policy.maxKeyAgeDays, 'day')}`,
      keys.nonCompliant > 0,
    ),
    card('exempt', keys.exempt, `exempt ${noun(keys.exempt, 'key')}`, 'approved exemptions'),
    card(
      'schedule-gaps',
      schedule.gaps,
      `schedule ${noun(schedule.gaps, 'gap')}`,
      `${counted(schedule.runs, 'fleet run')} on ${counted(schedule.daysWithRuns, 'day')}`,
      schedule.gaps > 0,
    ),
    card(
      'findings',
      findings,
      noun(findings, 'finding'),
      `${expected} expected (grace window)`,
      findings > 0,
    ),
  ].join('')}</section>`;
}

function timelines(report: EvidenceReport): string {
  const all = buildTimelines(report.records, report.inventory, report.period);
  if (all.length === 0) return '<p class="empty">no key to draw</p>';
  const figures = all.map((timeline) => {
    const name = `${timeline.provider}/${timeline.principal}`;
    return `<figure class="timeline" data-principal="${escapeHtml(name)}"><figcaption>${escapeHtml(name)}</figcaption>${timelineSvg(timeline, report.period)}</figure>`;
  });
  return `${legendSvg()}${figures.join('')}`;
}

export function renderHtml(report: EvidenceReport): string {
  const warnings = report.warnings.length
    ? section(
        'warnings',
        'Warnings',
        `<ul class="warnings">${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`,
      )
    : '';
  const body = [
    `<header><h1>${escapeHtml(TITLE)}</h1>${summaryLines(report)
      .slice(0, 2)
      .map((line) => `<p class="meta">${escapeHtml(line)}</p>`)
      .join('')}</header>`,
    '<main>',
    summaryCards(report),
    section(
      'controls',
      'Controls',
      htmlTable('controls-table', controlsTable(report), 'no control evaluated'),
    ),
    section(
      'findings',
      'Findings',
      htmlTable('findings-table', findingsTable(report), 'no findings', verdictClass),
    ),
    section('timelines', 'Key timelines', timelines(report)),
    section(
      'records',
      'Rotations (evidence records)',
      htmlTable('records-table', recordsTable(report), 'no rotation in the period', verdictClass),
    ),
    section('in-flight', 'Rotations in flight', htmlTable('in-flight-table', inFlightTable(report), 'none')),
    section(
      'inventory',
      'Key inventory',
      htmlTable('inventory-table', inventoryTable(report), 'no principal in scope', verdictClass),
    ),
    section(
      'schedule',
      'Schedule: fleet runs by day',
      htmlTable('schedule-table', scheduleTable(report), 'no fleet run in the period') +
        htmlTable('gaps-table', gapsTable(report), 'no gaps'),
    ),
    warnings,
    '</main>',
    `<footer>Generated ${escapeHtml(report.generatedAt)} by akr evidence (report version ${report.reportVersion}). Key ids and times only: no secret material.</footer>`,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(TITLE)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
