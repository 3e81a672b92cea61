/**
 * The report as one self-contained HTML page: inline CSS, inline SVG, no
 * script and no external asset. Its Content-Security-Policy forbids loading
 * anything, so a reference to an outside asset would fail loudly in a browser
 * (the headless-browser test looks for exactly such errors) rather than leak
 * that the report was opened.
 *
 * Order: the summary first (what an auditor reads), then controls and
 * findings, the key timelines, and the tables. Organization-wide, the
 * accounts come after the summary, and each account's controls, findings,
 * rotations and keys get a section of their own after the timelines.
 */
import type { EvidenceReport } from '../model/evidence-report.ts';
import { buildTimelines } from '../model/key-timeline.ts';
import { counted, noun } from '../model/plural.ts';
import {
  type AccountSection,
  accountSections,
  accountsSummaryLine,
  accountsTable,
  organizationFindings,
} from './account-sections.ts';
import { escapeHtml, htmlTable, REPORT_CSS, section, verdictClass } from './html-markup.ts';
import {
  controlsTable,
  EXPOSURE_EMPTY,
  exposureTable,
  findingsTable,
  gapsTable,
  inFlightTable,
  inventoryTable,
  notRevokedAlerts,
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

function accountCards(report: EvidenceReport): string[] {
  const organization = report.organization;
  if (!organization) return [];
  const { inScope, read, unreadable } = organization.accounts;
  return [
    card(
      'accounts',
      inScope,
      `${noun(inScope, 'account')} in scope`,
      `${read} read, hub ${organization.hubAccountId}`,
    ),
    card(
      'unreadable-accounts',
      unreadable,
      `unreadable ${noun(unreadable, 'account')}`,
      'no evidence from them: a finding each',
      unreadable > 0,
    ),
  ];
}

function summaryCards(report: EvidenceReport): string {
  const { rotations, keys, schedule, findings, expected, exposures } = report.summary;
  return `<section id="summary" class="summary" aria-label="Summary">${[
    ...accountCards(report),
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
      'exposed-not-revoked',
      exposures.notRevoked,
      `exposed ${noun(exposures.notRevoked, 'key')} not revoked`,
      `of ${counted(exposures.incidents, 'emergency rotation')}, ${exposures.revoked} revoked`,
      exposures.notRevoked > 0,
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

function exposureSection(report: EvidenceReport): string {
  const { revokeWithinMinutes } = report.exposureResponse;
  const alerts = notRevokedAlerts(report)
    .map((alert) => `<p class="alert" role="alert">${escapeHtml(alert)}</p>`)
    .join('');
  return section(
    'exposure-response',
    'Exposure response',
    `<p>${escapeHtml(`Time from the exposure report to the exposed key's revocation, per emergency rotation (target: ${revokeWithinMinutes} min). AWS revokes by setting the key Inactive; a Yandex static key has no status, so deleting it is its only revocation.`)}</p>${alerts}${htmlTable('exposure-table', exposureTable(report), EXPOSURE_EMPTY, verdictClass)}`,
  );
}

function subsection(title: string, body: string): string {
  return `<h3>${escapeHtml(title)}</h3>${body}`;
}

function accountSection(part: AccountSection): string {
  const { view, id } = part;
  const notes = part.notes.map((note) => `<p class="account-note">${escapeHtml(note)}</p>`).join('');
  return section(
    `account-${id}`,
    part.title,
    notes +
      subsection(
        'Controls',
        htmlTable(`controls-table-${id}`, controlsTable(view), "counted in the organization's controls"),
      ) +
      subsection(
        'Findings',
        htmlTable(`findings-table-${id}`, findingsTable(view), 'no findings', verdictClass),
      ) +
      subsection(
        'Rotations (evidence records)',
        htmlTable(`records-table-${id}`, recordsTable(view), 'no rotation in the period', verdictClass),
      ) +
      subsection(
        'Key inventory',
        htmlTable(`inventory-table-${id}`, inventoryTable(view), 'no principal read', verdictClass),
      ),
  );
}

/** Organization-wide: the accounts, the organization's controls and schedule findings, then each account. */
function organizationSections(report: EvidenceReport): string[] {
  return [
    section(
      'accounts',
      'Accounts',
      htmlTable('accounts-table', accountsTable(report), 'no account in scope', verdictClass),
    ),
    section(
      'controls',
      'Controls (organization)',
      htmlTable('controls-table', controlsTable(report), 'no control evaluated'),
    ),
    section(
      'findings',
      'Findings (organization)',
      htmlTable(
        'findings-table',
        findingsTable(organizationFindings(report)),
        "no findings beyond the accounts'",
        verdictClass,
      ),
    ),
    exposureSection(report),
    section('timelines', 'Key timelines', timelines(report)),
    ...accountSections(report).map(accountSection),
  ];
}

function singleAccountSections(report: EvidenceReport): string[] {
  return [
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
    exposureSection(report),
    section('timelines', 'Key timelines', timelines(report)),
    section(
      'records',
      'Rotations (evidence records)',
      htmlTable('records-table', recordsTable(report), 'no rotation in the period', verdictClass),
    ),
  ];
}

export function renderHtml(report: EvidenceReport): string {
  const accountsLine = accountsSummaryLine(report);
  const warnings = report.warnings.length
    ? section(
        'warnings',
        'Warnings',
        `<ul class="warnings">${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`,
      )
    : '';
  const body = [
    `<header><h1>${escapeHtml(TITLE)}</h1>${[
      ...summaryLines(report).slice(0, 2),
      ...(accountsLine ? [accountsLine] : []),
    ]
      .map((line) => `<p class="meta">${escapeHtml(line)}</p>`)
      .join('')}</header>`,
    '<main>',
    summaryCards(report),
    ...(report.accounts ? organizationSections(report) : singleAccountSections(report)),
    section('in-flight', 'Rotations in flight', htmlTable('in-flight-table', inFlightTable(report), 'none')),
    report.accounts
      ? ''
      : section(
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
