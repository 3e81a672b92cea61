/**
 * The timeline picture as an auditor reads it on paper: a retired Yandex key
 * drawn as still usable until it is deleted, an axis that states its span and
 * carries round ticks, and a bar that runs off the axis marked as clipped,
 * with a title that says so.
 */
import { describe, expect, it } from 'vitest';
import { buildTimelines, type PrincipalTimeline } from '../../evidence/model/key-timeline.ts';
import { axisTicks, durationText, MAX_TICKS, tickLabel } from '../../evidence/report/timeline-axis.ts';
import { axisWindow, legendSvg, timelineSvg } from '../../evidence/report/timeline-svg.ts';
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import { record } from './support/report-fixtures.ts';

const PERIOD = { since: '2026-09-01T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z' };

function svgOf(records: EvidenceRecord[]): { svg: string; timeline: PrincipalTimeline } {
  const [timeline] = buildTimelines(records, [], PERIOD);
  if (!timeline) throw new Error('no timeline drawn');
  return { svg: timelineSvg(timeline, PERIOD), timeline };
}

/** Each element of a tag: its attributes and its <title>. */
function elements(svg: string, tag: string) {
  return [...svg.matchAll(new RegExp(`<${tag} ([^>]*)>(?:<title>([^<]*)</title></${tag}>)?`, 'g'))].map(
    ([, attributes = '', title = '']) => ({
      className: /class="([^"]*)"/.exec(attributes)?.[1] ?? '',
      x: Number(/ x="([^"]*)"/.exec(attributes)?.[1]),
      title,
    }),
  );
}

const yandexRotation = record({
  provider: 'yandex',
  principal: 'ajeexampleserviceacc',
  oldKeyId: 'YCAJEOLD000000000001',
  newKeyId: 'YCAJENEW000000000001',
});

describe('a retired key in the timeline', () => {
  it('on Yandex is drawn as still usable from its retirement until its deletion', () => {
    const { svg, timeline } = svgOf([yandexRotation]);

    const old = timeline.keys.find((key) => key.keyId === yandexRotation.oldKeyId);
    expect(old?.segments.map((s) => [s.kind, s.from, s.to])).toContainEqual([
      'retired',
      yandexRotation.retiredAt,
      yandexRotation.deletedAt,
    ]);
    expect(old?.segments.map((s) => s.kind)).not.toContain('inactive');
    const retired = elements(svg, 'rect').find((rect) => rect.className.includes('seg-retired'));
    expect(retired?.title).toMatch(/^YCAJEOLD000000000001: retired, still usable until deleted/);
  });

  it('on AWS is drawn as inactive: Status=Inactive signs nothing', () => {
    const { svg } = svgOf([record()]);

    const kinds = elements(svg, 'rect').map((rect) => rect.className.split(' ')[1]);
    expect(kinds).toContain('seg-inactive');
    expect(kinds).not.toContain('seg-retired');
  });

  it('a retired Yandex key the inventory lists (no rotation in the period) is drawn retired, not inactive', () => {
    const inventory = [
      {
        provider: 'yandex' as const,
        principal: 'sa',
        exemption: null,
        activeKeys: 0,
        keys: [
          {
            keyId: 'YCAJERETIRED0000001',
            status: 'Inactive' as const,
            createdAt: '2026-10-01T00:00:00.000Z',
            ageDays: 61,
            lastUsedAt: null,
            classification: 'compliant' as const,
            reason: '',
          },
        ],
      },
    ];

    const [timeline] = buildTimelines([], inventory, PERIOD);

    expect(timeline?.keys[0]?.segments.map((s) => s.kind)).toEqual(['retired']);
  });

  it('the legend explains both kinds of retirement', () => {
    const legend = legendSvg();

    expect(legend).toContain('inactive (retired, signs nothing)');
    expect(legend).toContain('retired, still usable until deleted (Yandex)');
    expect(elements(legend, 'rect')).toHaveLength(5);
  });
});

describe('the axis', () => {
  it('states its span, start and end to the second, and how long it is', () => {
    const { svg, timeline } = svgOf([record()]);
    const { start, end } = axisWindow(timeline, PERIOD);

    const span = /<text class="axis axis-span"[^>]*>([^<]*)<\/text>/.exec(svg)?.[1];

    const at = (time: number) => new Date(time).toISOString();
    expect(span).toBe(
      `Axis: ${at(start).slice(0, 10)} ${at(start).slice(11, 19)}Z to ${at(end).slice(0, 10)} ${at(end).slice(11, 19)}Z (${durationText(end - start)}), ticks every 3 days, UTC`,
    );
    expect(span).toMatch(/\(16\.2 days\)/);
  });

  it('carries ticks on round UTC times, labelled, inside the track, in order', () => {
    const { svg } = svgOf([record()]);

    const ticks = elements(svg, 'text').filter((text) => text.className.includes('tick-label'));
    const labels = [...svg.matchAll(/class="axis tick-label"[^>]*>([^<]*)</g)].map(([, label]) => label);

    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(MAX_TICKS);
    expect(labels.every((label) => /^\d{4}-\d\d-\d\d$/.test(String(label)))).toBe(true);
    const xs = ticks.map((tick) => tick.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...xs)).toBeLessThanOrEqual(950);
  });

  it('picks a tick step that fits the span: seconds for a local run, days for a real one', () => {
    const start = Date.parse('2026-11-23T17:24:55.500Z');

    const short = axisTicks(start, start + 9_000);
    const long = axisTicks(Date.parse(PERIOD.since), Date.parse(PERIOD.until));

    expect(short.stepMs).toBe(2_000);
    expect(short.times[0]).toBe(Date.parse('2026-11-23T17:24:56.000Z'));
    expect(tickLabel(Number(short.times[0]), short.stepMs)).toBe('17:24:56');
    expect(long.stepMs).toBe(14 * 86_400_000);
    expect(long.times.length).toBeLessThanOrEqual(MAX_TICKS);
    expect(tickLabel(Date.parse('2026-11-24T00:00:00.000Z'), 3_600_000)).toBe('2026-11-24');
    expect(durationText(3_600_000)).toBe('1 hour');
    expect(durationText(90_000)).toBe('1.5 minutes');
  });
});

describe('a bar that runs off the axis', () => {
  it('is marked clipped at the edge it runs off, with a chevron whose title says so', () => {
    // The old key existed before the period; the new key stays active after the axis end.
    const { svg } = svgOf([record()]);

    const markers = elements(svg, 'polygon');
    const clippedBars = elements(svg, 'rect').filter((rect) => rect.className.includes('clipped'));

    expect(markers.map((m) => m.className)).toEqual(['clip-marker clip-before', 'clip-marker clip-after']);
    expect(markers[0]?.title).toMatch(/^AKIAOLD0000000000001: active bar clipped, it began before 2026-10-/);
    expect(markers[1]?.title).toMatch(/^AKIANEW0000000000001: active bar clipped, it goes on after 2026-11-/);
    expect(clippedBars.map((bar) => bar.title)).toEqual([
      expect.stringMatching(
        /^AKIAOLD0000000000001: active from before .* \(clipped: began before the axis start\)$/,
      ),
      expect.stringMatching(/^AKIANEW0000000000001: active from .* \(clipped: goes on after the axis end\)$/),
    ]);
  });

  it('a bar wholly inside the axis carries no marker', () => {
    // A key created and deleted inside the period, by two rotations: nothing runs off.
    const first = record({
      oldKeyId: null,
      newKeyId: 'AKIAMID0000000000001',
      retiredAt: null,
      deletedAt: null,
    });
    const second = record({
      rotationId: 'alice-2026-11-20',
      oldKeyId: 'AKIAMID0000000000001',
      newKeyId: null,
      newKeyCreatedAt: null,
      startedAt: '2026-11-20T03:00:00.000Z',
      publishedAt: '2026-11-20T03:00:06.000Z',
      retiredAt: '2026-11-21T03:00:06.000Z',
      deletedAt: '2026-11-22T03:00:06.000Z',
    });

    const { svg } = svgOf([first, second]);

    expect(elements(svg, 'polygon')).toEqual([]);
    expect(svg).not.toContain('clipped');
  });
});
