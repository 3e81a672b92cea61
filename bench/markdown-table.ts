/**
 * A Markdown table whose columns are padded to line up, so the same text
 * reads well in a terminal and renders in the README.
 */

export type Align = 'left' | 'right';

export interface Column {
  readonly title: string;
  readonly align?: Align;
}

function pad(text: string, width: number, align: Align): string {
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) =>
    Math.max(3, column.title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${columns.map((column, i) => pad(cells[i] ?? '', widths[i] ?? 3, column.align ?? 'left')).join(' | ')} |`;
  const rule = `| ${columns
    .map((column, i) => {
      const dashes = '-'.repeat(widths[i] ?? 3);
      return column.align === 'right' ? `${dashes.slice(1)}:` : dashes;
    })
    .join(' | ')} |`;
  return [line(columns.map((column) => column.title)), rule, ...rows.map(line)].join('\n');
}

/** Fixed decimals; a missing or infinite figure shows as a dash rather than NaN or Infinity. */
export function fixed(value: number | undefined, digits = 1): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

export function kilobytes(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

export function usd(value: number): string {
  return `$${value.toFixed(4)}`;
}
