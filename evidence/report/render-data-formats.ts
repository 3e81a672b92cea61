/**
 * The formats for scripts and spreadsheets, with shapes that never move:
 *
 * JSON: the whole report as one document. Its top-level keys come in the
 * order REPORT_JSON_KEYS lists, and each record's keys in the DESIGN order
 * (evidence/model/evidence-fields.ts), so diffs show what changed and
 * scripts can rely on the shape; `reportVersion` changes when the shape does.
 *
 * CSV (RFC 4180): the evidence records only. One header row with the DESIGN
 * columns (`failure` flattened into `failureError` and `failureCause`), one
 * row per rotation, CRLF line ends. A field is quoted when it holds a comma,
 * a quote, a line break or leading/trailing space, quotes inside doubled. A
 * cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
 * carriage return first) gets a leading apostrophe: failure causes carry
 * provider messages, and opening the file must not execute one of them.
 */
import { csvValues, EVIDENCE_CSV_COLUMNS } from '../model/evidence-fields.ts';
import type { EvidenceReport } from '../model/evidence-report.ts';

export const REPORT_JSON_KEYS = [
  'reportVersion',
  'generatedAt',
  'period',
  'policy',
  'source',
  'summary',
  'controls',
  'findings',
  'records',
  'inFlight',
  'inventory',
  'schedule',
  'merge',
  'warnings',
] as const satisfies readonly (keyof EvidenceReport)[];

export function renderJson(report: EvidenceReport): string {
  const ordered = Object.fromEntries(REPORT_JSON_KEYS.map((key) => [key, report[key]]));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function renderCsv(report: Pick<EvidenceReport, 'records'>): string {
  const rows = [EVIDENCE_CSV_COLUMNS.join(',')];
  for (const record of report.records) {
    const values = csvValues(record);
    rows.push(EVIDENCE_CSV_COLUMNS.map((column) => csvField(values[column])).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
