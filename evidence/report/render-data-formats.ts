/**
 * The formats for scripts and spreadsheets, with shapes that never move:
 *
 * JSON: the whole report as one document. Its top-level keys come in the
 * order REPORT_JSON_KEYS lists, and each record's keys in the DESIGN order
 * (evidence/model/evidence-fields.ts), so diffs show what changed and
 * scripts can rely on the shape; `reportVersion` changes when the shape does.
 *
 * JSON `exposureResponse` holds one incident per emergency rotation (ended or
 * in flight) with `secondsToRevoke`, and the target it is held to.
 *
 * CSV (RFC 4180): the evidence records only. One header row with the DESIGN
 * columns (`failure` flattened into `failureError` and `failureCause`, then
 * the exposure fields, which older archived records lack and show as
 * `false` and empty cells), one
 * row per rotation, CRLF line ends. A field is quoted when it holds a comma,
 * a quote, a line break or leading/trailing space, quotes inside doubled. A
 * cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
 * carriage return first) gets a leading apostrophe: failure causes carry
 * provider messages, and opening the file must not execute one of them.
 *
 * Organization-wide reports add, and single-account ones never show: the
 * `organization` and `accounts` keys after `summary`; an `account` on each
 * record, inventory entry and finding; a last CSV column `account`. Last, so
 * a script that reads columns by position reads the same ones in both.
 */
import { recordAccount } from '../model/account-evidence.ts';
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
  'exposureResponse',
  'inFlight',
  'inventory',
  'schedule',
  'merge',
  'warnings',
] as const satisfies readonly (keyof EvidenceReport)[];

/** Where the organization-wide keys go: right after the summary an auditor reads first. */
const ORGANIZATION_JSON_KEYS = [
  'organization',
  'accounts',
] as const satisfies readonly (keyof EvidenceReport)[];

export function renderJson(report: EvidenceReport): string {
  const hub = report.organization?.hubAccountId;
  const keys =
    hub === undefined
      ? REPORT_JSON_KEYS
      : REPORT_JSON_KEYS.flatMap((key) => (key === 'summary' ? [key, ...ORGANIZATION_JSON_KEYS] : [key]));
  const ordered = Object.fromEntries(
    keys.map((key) =>
      key === 'records' && hub !== undefined
        ? [key, report.records.map((record) => ({ ...record, account: recordAccount(record, hub) }))]
        : [key, report[key]],
    ),
  );
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function renderCsv(report: Pick<EvidenceReport, 'records' | 'organization'>): string {
  const hub = report.organization?.hubAccountId;
  const rows = [[...EVIDENCE_CSV_COLUMNS, ...(hub === undefined ? [] : ['account'])].join(',')];
  for (const record of report.records) {
    const values = csvValues(record);
    const account = hub === undefined ? [] : [recordAccount(record, hub) ?? ''];
    rows.push([...EVIDENCE_CSV_COLUMNS.map((column) => values[column]), ...account].map(csvField).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
