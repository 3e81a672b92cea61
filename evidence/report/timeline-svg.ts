/**
 * One inline SVG per principal: each key a row, its lifetime drawn as bars
 * (active, grace, inactive, retired) and its deletion as a mark.
 *
 * The axis spans the principal's key events in the period (creations,
 * publishes, retirements, deletions), padded a little, rather than the whole
 * period: nothing changes outside that span, and a rotation of days (or, on
 * the local cloud, of seconds) would otherwise be a hair on a 90-day axis.
 * The axis carries round ticks and states its span in words, so a printed
 * picture can be read without hovering. A bar that runs off the axis (it
 * began before the axis start or the period, or goes on after the axis end)
 * is cut at the edge and marked there with a chevron, whose <title> says so.
 * Every bar carries a <title> with the key id, state and exact times, for
 * hover and screen readers.
 */
import type { KeySegment, PrincipalTimeline, SegmentKind } from '../model/key-timeline.ts';
import { escapeHtml } from './html-markup.ts';
import { shortTime } from './report-text.ts';
import { axisTicks, durationText, tickLabel } from './timeline-axis.ts';

export const SEGMENT_STYLE: Readonly<
  Record<SegmentKind, { readonly colour: string; readonly label: string }>
> = {
  active: { colour: '#2e7d32', label: 'active' },
  grace: { colour: '#f9a825', label: 'grace (Active, superseded)' },
  inactive: { colour: '#9e9e9e', label: 'inactive (retired, signs nothing)' },
  retired: { colour: '#ef6c00', label: 'retired, still usable until deleted (Yandex)' },
  deleted: { colour: '#c62828', label: 'deleted' },
};

const WIDTH = 960;
const LABEL = 200;
const ROW = 24;
const BAR = 14;
const AXIS = 44;
const MIN_MARK = 4;
/** The bars' track, between the key labels and the right-hand clip markers. */
const TRACK = WIDTH - LABEL - 10;

/** The legend, one swatch per kind, wrapping onto a second row when the labels need it. */
export function legendSvg(): string {
  let [x, y] = [0, 4];
  const items = Object.entries(SEGMENT_STYLE).map(([kind, style]) => {
    const width = 34 + style.label.length * 7.3;
    if (x > 0 && x + width > WIDTH) [x, y] = [0, y + 20];
    const at = x;
    x += width;
    return `<rect class="legend-swatch seg-${kind}" x="${at}" y="${y}" width="16" height="12" fill="${style.colour}"/><text x="${at + 22}" y="${y + 10}">${escapeHtml(style.label)}</text>`;
  });
  const height = y + 16;
  return `<svg class="legend" role="img" aria-label="Legend" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">${items.join('')}</svg>`;
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

interface Axis {
  readonly start: number;
  readonly end: number;
  readonly since: string;
}

/** Which ends of the bar the axis cuts off. */
function clippedEnds(segment: KeySegment, axis: Axis): { before: boolean; after: boolean } {
  if (segment.kind === 'deleted') return { before: false, after: false };
  // A segment that starts at the period start was clamped there: the key existed before it.
  const before = Date.parse(segment.from) < axis.start || segment.from <= axis.since;
  return { before, after: Date.parse(segment.to) > axis.end };
}

function chevron(side: 'before' | 'after', y: number, title: string): string {
  const edge = side === 'before' ? LABEL - 1 : LABEL + TRACK + 1;
  const tip = side === 'before' ? edge - 7 : edge + 7;
  const points = `${edge},${y} ${tip},${y + BAR / 2} ${edge},${y + BAR}`;
  return `<polygon class="clip-marker clip-${side}" points="${points}" fill="#333"><title>${escapeHtml(title)}</title></polygon>`;
}

function bar(keyId: string, segment: KeySegment, y: number, axis: Axis, x: (time: string) => number): string {
  const style = SEGMENT_STYLE[segment.kind];
  const width = Math.max(segment.kind === 'deleted' ? MIN_MARK : 1, x(segment.to) - x(segment.from));
  const left = Math.min(x(segment.from), LABEL + TRACK - width);
  const clipped = clippedEnds(segment, axis);
  const from = clipped.before ? `from before ${shortTime(segment.from)}` : `from ${shortTime(segment.from)}`;
  const when =
    segment.kind === 'deleted' ? `at ${shortTime(segment.from)}` : `${from} to ${shortTime(segment.to)}`;
  const cut = [
    clipped.before && 'began before the axis start',
    clipped.after && 'goes on after the axis end',
  ].filter(Boolean);
  const note = cut.length ? ` (clipped: ${cut.join(', ')})` : '';
  const title = `${keyId}: ${style.label} ${when}${note}`;
  const rect = `<rect class="seg seg-${segment.kind}${cut.length ? ' clipped' : ''}" x="${left.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" fill="${style.colour}"><title>${escapeHtml(title)}</title></rect>`;
  const axisStart = shortTime(new Date(axis.start).toISOString());
  const axisEnd = shortTime(new Date(axis.end).toISOString());
  return [
    rect,
    clipped.before
      ? chevron('before', y, `${keyId}: ${style.label} bar clipped, it began before ${axisStart}`)
      : '',
    clipped.after
      ? chevron('after', y, `${keyId}: ${style.label} bar clipped, it goes on after ${axisEnd}`)
      : '',
  ].join('');
}

/** The axis line, its ticks and their labels, and the span it covers in words. */
function axisSvg(top: number, axis: Axis, x: (time: string) => number): string {
  const ticks = axisTicks(axis.start, axis.end);
  const marks = ticks.times.map((time) => {
    const at = x(new Date(time).toISOString());
    // A label near either end of the track is anchored inside it, so none runs off the picture.
    const anchor = at > LABEL + TRACK - 40 ? 'end' : at < LABEL + 40 ? 'start' : 'middle';
    return `<line class="tick" x1="${at.toFixed(1)}" y1="${top}" x2="${at.toFixed(1)}" y2="${top + 5}" stroke="#888"/><text class="axis tick-label" x="${at.toFixed(1)}" y="${top + 17}" text-anchor="${anchor}">${escapeHtml(tickLabel(time, ticks.stepMs))}</text>`;
  });
  const [from, to] = [axis.start, axis.end].map((time) => shortTime(new Date(time).toISOString()));
  const span = `Axis: ${from} to ${to} (${durationText(axis.end - axis.start)}), ticks every ${durationText(ticks.stepMs)}, UTC`;
  return [
    `<line class="axis-line" x1="${LABEL}" y1="${top}" x2="${LABEL + TRACK}" y2="${top}" stroke="#888"/>`,
    ...marks,
    `<text class="axis axis-span" x="${LABEL}" y="${top + 34}">${escapeHtml(span)}</text>`,
  ].join('');
}

export function timelineSvg(timeline: PrincipalTimeline, period: { since: string; until: string }): string {
  const axis = { ...axisWindow(timeline, period), since: period.since };
  const x = (time: string) =>
    LABEL +
    Math.min(1, Math.max(0, (Date.parse(time) - axis.start) / Math.max(1, axis.end - axis.start))) * TRACK;
  const height = timeline.keys.length * ROW + AXIS;
  const rows = timeline.keys.map((key, index) => {
    const y = index * ROW + (ROW - BAR) / 2;
    const bars = key.segments.map((segment) => bar(key.keyId, segment, y, axis, x));
    return `<text class="key-label" x="0" y="${y + BAR - 3}">${escapeHtml(key.keyId)}</text>${bars.join('')}`;
  });
  const name = `${timeline.provider}/${timeline.principal}`;
  return `<svg class="timeline-svg" role="img" aria-label="${escapeHtml(`Key timeline of ${name}`)}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}${axisSvg(timeline.keys.length * ROW + 4, axis, x)}</svg>`;
}
