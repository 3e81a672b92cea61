/**
 * The report as GitHub-flavoured Markdown: the summary, the controls, the
 * findings, then the tables. Cells are escaped so that a cause holding a `|`,
 * a backtick or a line break cannot break the table it sits in.
 */
import type { EvidenceReport } from '../model/evidence-report.ts';
import {
  controlsTable,
  findingsTable,
  gapsTable,
  inFlightTable,
  inventoryTable,
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

export function renderMarkdown(report: EvidenceReport): string {
  const lines = [
    `# ${TITLE}`,
    '',
    ...summaryLines(report).map((line) => `- ${markdownCell(line)}`),
    '',
    '## Controls',
    '',
    ...table(controlsTable(report), 'no control evaluated'),
    '## Findings',
    '',
    ...table(findingsTable(report), 'no findings'),
    '## Rotations (evidence records)',
    '',
    ...table(recordsTable(report), 'no rotation in the period'),
    '## Rotations in flight',
    '',
    ...table(inFlightTable(report), 'none'),
    '## Key inventory',
    '',
    ...table(inventoryTable(report), 'no principal in scope'),
    '## Schedule: fleet runs by day',
    '',
    ...table(scheduleTable(report), 'no fleet run in the period'),
    '### Gaps',
    '',
    ...table(gapsTable(report), 'no gaps'),
  ];
  if (report.warnings.length > 0)
    lines.push('## Warnings', '', ...report.warnings.map((w) => `- ${markdownCell(w)}`), '');
  return `${lines.join('\n')}\n`;
}
