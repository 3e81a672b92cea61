/**
 * The few HTML building blocks the report page needs, escaping every text it
 * is given: principal names, key ids and provider error messages all reach the
 * page, and none may become markup.
 *
 * Its only stylesheet is inlined too: the page must open offline, from an
 * auditor's mail or an evidence archive, with no asset to fetch. Verdict
 * colours match the timeline legend (timeline-svg.ts).
 */
import type { Table } from './report-text.ts';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** A class name made only of safe characters, from a value such as a status or a classification. */
export function classToken(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Longer than a key id (20), a piece of a name may break anywhere rather than widen its column past the window. */
const WHOLE_PIECE_MAX = 20;

/**
 * A short cell (an id, a time, a verdict, a count, a name) keeps each piece
 * whole and wraps only between pieces: at spaces, and after a hyphen or slash
 * that starts a new word or a date. So a key id, a date, a time or a verdict
 * never breaks, and `aws/name-2026-11-23` may wrap as `aws/` `name-` `2026-11-23`.
 */
function shortCell(text: string): string {
  return text
    .split(' ')
    .map((word) =>
      word
        .split(/(?<=[-/])(?=\D|\d{4}-\d\d-\d\d)/)
        .map((piece) =>
          // The hyphen a piece ends with is not part of it: `AKIA…(20)-` of a key-id execution name stays whole.
          piece.replace(/[-/]$/, '').length > WHOLE_PIECE_MAX
            ? escapeHtml(piece)
            : `<span class="whole">${escapeHtml(piece)}</span>`,
        )
        .join('<wbr>'),
    )
    .join(' ');
}

/**
 * @param cellClass a class for a cell from its column and text, e.g. to colour a status.
 */
export function htmlTable(
  id: string,
  table: Table,
  empty: string,
  cellClass: (column: string, text: string) => string | undefined = () => undefined,
): string {
  if (table.rows.length === 0) return `<p class="empty" id="${id}-empty">${escapeHtml(empty)}</p>`;
  const head = table.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const rows = table.rows.map((row) => {
    const cells = row.map((text, index) => {
      // Long text gets room to wrap as prose; ids and times break only where they must (REPORT_CSS).
      const css = [cellClass(table.headers[index] ?? '', text), text.length > 40 ? 'long' : undefined]
        .filter((name): name is string => name !== undefined)
        .map(classToken)
        .join(' ');
      return `<td${css ? ` class="${css}"` : ''}>${text.length > 40 ? escapeHtml(text) : shortCell(text)}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<div class="table-wrap"><table id="${id}"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

/** Colours the columns that carry a verdict, by that verdict. */
export function verdictClass(column: string, text: string): string | undefined {
  if (column === 'Status' || column === 'Classification' || column === 'Outcome' || column === 'Severity')
    return `v-${text}`;
  return undefined;
}

/**
 * Screen: the page is as wide as a 1,400 px window allows, and its tables fit
 * it without a scrollbar: any text may break rather than widen its column,
 * but the pieces of a short cell are kept whole (shortCell), so an id, a
 * time or a verdict never breaks; a long text (a cause, a 64-character name)
 * wraps as prose (a scrollbar stays as the fallback of a narrow window).
 * Print: nothing may clip, since paper does not scroll; every box overflows
 * visibly, the tables shrink to the page, and their header repeats on each page.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ok: #2e7d32; --warn: #f9a825; --bad: #c62828; --muted: #666; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1a1a1a; background: #fafafa; }
header, main, footer { max-width: 1400px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 18px 0; }
.card { background: #fff; border: 1px solid #ddd; border-left: 5px solid var(--ok); border-radius: 6px; padding: 10px 14px; }
.card.attention { border-left-color: var(--bad); }
.card .value { display: block; font-size: 26px; font-weight: 600; }
.card .label { color: var(--muted); }
.card .detail { display: block; color: var(--muted); font-size: 12px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 11.5px; }
th, td { border: 1px solid #e0e0e0; padding: 3px 5px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f0f0; position: sticky; top: 0; overflow-wrap: normal; }
td .whole { white-space: nowrap; }
td.long { min-width: 7em; overflow-wrap: anywhere; }
.v-SUCCEEDED, .v-compliant, .v-expected, .v-info, .v-READ, .v-REVOKED { color: var(--ok); font-weight: 600; }
.v-ROLLED_BACK, .v-REFUSED, .v-exempt, .v-low, .v-NOT_IN_SCOPE, .v-IN_PROGRESS { color: #8a6d00; font-weight: 600; }
.v-FAILED, .v-non-compliant, .v-finding, .v-medium, .v-high, .v-UNREADABLE, .v-NOT_REVOKED, .v-REACTIVATED { color: var(--bad); font-weight: 600; }
.alert { color: #fff; background: var(--bad); font-weight: 600; padding: 6px 10px; border-radius: 4px; margin: 6px 0; overflow-wrap: anywhere; }
h3 { font-size: 15px; margin: 16px 0 8px; }
.account-note { color: var(--bad); margin: 4px 0; overflow-wrap: anywhere; }
.empty { color: var(--muted); font-style: italic; }
figure.timeline { margin: 0 0 14px; background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px 10px; }
figure.timeline figcaption { font-weight: 600; margin-bottom: 4px; overflow-wrap: anywhere; }
svg.timeline-svg, svg.legend { display: block; max-width: 100%; height: auto; }
svg text { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; fill: #333; }
svg text.axis { fill: var(--muted); }
.legend { margin-bottom: 8px; }
.warnings li { color: var(--bad); overflow-wrap: anywhere; }
footer { color: var(--muted); padding: 24px; font-size: 12px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11px; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  header, main, footer { max-width: none; padding: 0; }
  .table-wrap, figure.timeline, svg { overflow: visible; }
  table { font-size: 9px; }
  th, td { padding: 2px 3px; }
  td.long { min-width: 6em; }
  thead { display: table-header-group; }
  th { position: static; }
  tr, figure.timeline, .card { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .summary { grid-template-columns: repeat(4, 1fr); }
}
`;
