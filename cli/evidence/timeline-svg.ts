/**
 * One inline SVG per principal: each key a row, its lifetime drawn as bars
 * (active, grace, inactive) and its deletion as a mark.
 *
 * The axis spans the principal's key events in the period (creations,
 * publishes, retirements, deletions), padded a little, rather than the whole
 * period: nothing changes outside that span, and a rotation of days (or, on
 * the local cloud, of seconds) would otherwise be a hair on a 90-day axis. A
 * bar that touches an edge goes on beyond it. Every bar carries a <title>
 * with the key id, state and exact times, for hover and screen readers.
 */
import type { PrincipalTimeline, SegmentKind } from '../../lambdas/evidence/key-timeline.ts';
import { escapeHtml } from './html-markup.ts';
import { shortTime } from './report-text.ts';

export const SEGMENT_STYLE: Readonly<
  Record<SegmentKind, { readonly colour: string; readonly label: string }>
> = {
  active: { colour: '#2e7d32', label: 'active' },
  grace: { colour: '#f9a825', label: 'grace (Active, superseded)' },
  inactive: { colour: '#9e9e9e', label: 'inactive (retired)' },
  deleted: { colour: '#c62828', label: 'deleted' },
};

const WIDTH = 960;
const LABEL = 200;
const ROW = 24;
const BAR = 14;
const AXIS = 22;
const MIN_MARK = 4;

export function legendSvg(): string {
  let x = 0;
  const items = Object.entries(SEGMENT_STYLE).map(([kind, style]) => {
    const at = x;
    x += 40 + style.label.length * 7.5;
    return `<rect class="legend-swatch seg-${kind}" x="${at}" y="4" width="16" height="12" fill="${style.colour}"/><text x="${at + 22}" y="14">${escapeHtml(style.label)}</text>`;
  });
  return `<svg class="legend" role="img" aria-label="Legend" width="800" height="20" viewBox="0 0 800 20" xmlns="http://www.w3.org/2000/svg">${items.join('')}</svg>`;
}

/** The span the axis shows: the key events inside the period, padded; the whole period when there are none. */
export function axisWindow(timeline: PrincipalTimeline, period: { since: string; until: string }) {
  const [since, until] = [Date.parse(period.since), Date.parse(period.until)];
  const events = timeline.keys
    .flatMap((key) => key.segments.flatMap((segment) => [segment.from, segment.to]))
    .map(Date.parse)
    .filter((time) => time > since && time < until);
  if (events.length === 0) return { start: since, end: until };
  const [first, last] = [Math.min(...events), Math.max(...events)];
  // One moment alone (a key created, nothing since) is shown from then until the end of the period.
  if (last - first < 1_000) return { start: Math.max(since, first - (until - first) * 0.05), end: until };
  const pad = Math.max((last - first) * 0.08, 1_000);
  return { start: Math.max(since, first - pad), end: Math.min(until, last + pad) };
}

export function timelineSvg(timeline: PrincipalTimeline, period: { since: string; until: string }): string {
  const { start, end } = axisWindow(timeline, period);
  const track = WIDTH - LABEL - 10;
  const x = (time: string) =>
    LABEL + Math.min(1, Math.max(0, (Date.parse(time) - start) / Math.max(1, end - start))) * track;
  const height = timeline.keys.length * ROW + AXIS;
  const rows = timeline.keys.map((key, index) => {
    const y = index * ROW + (ROW - BAR) / 2;
    const bars = key.segments.map((segment) => {
      const width = Math.max(segment.kind === 'deleted' ? MIN_MARK : 1, x(segment.to) - x(segment.from));
      const left = Math.min(x(segment.from), LABEL + track - width);
      const when =
        segment.kind === 'deleted'
          ? `at ${shortTime(segment.from)}`
          : `from ${shortTime(segment.from)} to ${shortTime(segment.to)}`;
      const title = `${key.keyId}: ${SEGMENT_STYLE[segment.kind].label} ${when}`;
      return `<rect class="seg seg-${segment.kind}" x="${left.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" fill="${SEGMENT_STYLE[segment.kind].colour}"><title>${escapeHtml(title)}</title></rect>`;
    });
    return `<text class="key-label" x="0" y="${y + BAR - 3}">${escapeHtml(key.keyId)}</text>${bars.join('')}`;
  });
  const axisY = timeline.keys.length * ROW + 14;
  const label = (time: number) => escapeHtml(shortTime(new Date(time).toISOString()));
  const axis = [
    `<line x1="${LABEL}" y1="${axisY - 12}" x2="${LABEL + track}" y2="${axisY - 12}" stroke="#bbb"/>`,
    `<text class="axis" x="${LABEL}" y="${axisY + 4}">${label(start)}</text>`,
    `<text class="axis" x="${LABEL + track}" y="${axisY + 4}" text-anchor="end">${label(end)}</text>`,
  ];
  const name = `${timeline.provider}/${timeline.principal}`;
  return `<svg class="timeline-svg" role="img" aria-label="${escapeHtml(`Key timeline of ${name}`)}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}${axis.join('')}</svg>`;
}
