/**
 * The report as GitHub-flavoured Markdown: the summary, the controls, the
 * findings, then the tables. Cells are escaped so that a cause holding a `|`,
 * a backtick or a line break cannot break the table it sits in.
 *
 * Organization-wide: the summary, the accounts, the organization's controls
 * and schedule findings, then one section per account with its controls,
 * findings, rotations and keys, then what is the organization's again (the
 * rotations in flight, the schedule).
 */
import type { EvidenceReport } from '../model/evidence-report.ts';
import {
  type AccountSection,
  accountSections,
  accountsSummaryLine,
  accountsTable,
  organizationFindings,
} from './account-sections.ts';
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
  type Table,
  TITLE,
} from './report-text.ts';

export function markdownCell(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('`', '\\`')
    .replaceAll('<', '&lt;')
    .replace(/\r?\n/g, ' ');
}

function table(t: Table, empty: string): string[] {
  if (t.rows.length === 0) return [`_${empty}_`, ''];
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(t.headers), `|${t.headers.map(() => ' --- ').join('|')}|`, ...t.rows.map(line), ''];
}

/** Every emergency rotation; an exposed key that still works is called out above the table, in bold. */
function exposureSection(report: EvidenceReport): string[] {
  const { revokeWithinMinutes } = report.exposureResponse;
  const alerts = notRevokedAlerts(report).flatMap((alert) => [`> **${markdownCell(alert)}**`, '>']);
  return [
    '## Exposure response',
    '',
    `Time from the exposure report to the exposed key's revocation, per emergency rotation (target: ${revokeWithinMinutes} min). AWS revokes by setting the key Inactive; a Yandex static key has no status, so deleting it is its only revocation.`,
    '',
    ...alerts.slice(0, -1),
    ...(alerts.length > 0 ? [''] : []),
    ...table(exposureTable(report), EXPOSURE_EMPTY),
  ];
}

function accountSection(section: AccountSection): string[] {
  const { view } = section;
  return [
    `## ${section.title}`,
    '',
    ...section.notes.flatMap((note) => [`> ${markdownCell(note)}`, '>']).slice(0, -1),
    ...(section.notes.length > 0 ? [''] : []),
    '### Controls',
    '',
    ...table(controlsTable(view), "counted in the organization's controls"),
    '### Findings',
    '',
    ...table(findingsTable(view), 'no findings'),
    '### Rotations (evidence records)',
    '',
    ...table(recordsTable(view), 'no rotation in the period'),
    '### Key inventory',
    '',
    ...table(inventoryTable(view), 'no principal read'),
  ];
}

function renderOrganization(report: EvidenceReport): string[] {
  return [
    '## Accounts',
    '',
    ...table(accountsTable(report), 'no account in scope'),
    '## Controls (organization)',
    '',
    ...table(controlsTable(report), 'no control evaluated'),
    '## Findings (organization)',
    '',
    ...table(findingsTable(organizationFindings(report)), "no findings beyond the accounts'"),
    ...exposureSection(report),
    ...accountSections(report).flatMap(accountSection),
  ];
}

export function renderMarkdown(report: EvidenceReport): string {
  const accountsLine = accountsSummaryLine(report);
  const summary = [...summaryLines(report), ...(accountsLine ? [accountsLine] : [])];
  const head = [`# ${TITLE}`, '', ...summary.map((line) => `- ${markdownCell(line)}`), ''];
  if (report.accounts)
    return finish(report, [...head, ...renderOrganization(report), ...organizationTail(report)]);
  const lines = [
    ...head,
    '## Controls',
    '',
    ...table(controlsTable(report), 'no control evaluated'),
    '## Findings',
    '',
    ...table(findingsTable(report), 'no findings'),
    ...exposureSection(report),
    '## Rotations (evidence records)',
    '',
    ...table(recordsTable(report), 'no rotation in the period'),
    '## Rotations in flight',
    '',
    ...table(inFlightTable(report), 'none'),
    '## Key inventory',
    '',
    ...table(inventoryTable(report), 'no principal in scope'),
    ...scheduleSection(report),
  ];
  return finish(report, lines);
}

function scheduleSection(report: EvidenceReport): string[] {
  return [
    '## Schedule: fleet runs by day',
    '',
    ...table(scheduleTable(report), 'no fleet run in the period'),
    '### Gaps',
    '',
    ...table(gapsTable(report), 'no gaps'),
  ];
}

function organizationTail(report: EvidenceReport): string[] {
  return ['## Rotations in flight', '', ...table(inFlightTable(report), 'none'), ...scheduleSection(report)];
}

function finish(report: EvidenceReport, lines: string[]): string {
  if (report.warnings.length > 0)
    lines.push('## Warnings', '', ...report.warnings.map((w) => `- ${markdownCell(w)}`), '');
  return `${lines.join('\n')}\n`;
}
