/**
 * Plurals are right everywhere in the report's text: reports whose every
 * count is 0, then 1, then 2 (rotations, refused attempts, keys, principals,
 * fleet runs, days, gaps, findings, the policy's days) are rendered as
 * Markdown and HTML, and no "1 keys" or "2 key" is found in either.
 */
import { describe, expect, it } from 'vitest';
import { buildEvidenceReport } from '../../evidence/model/evidence-report.ts';
import type { PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import { counted, noun } from '../../evidence/model/plural.ts';
import { renderHtml } from '../../evidence/report/render-html.ts';
import { renderMarkdown } from '../../evidence/report/render-markdown.ts';
import { fleetRun, record, refusedRecord } from './support/report-fixtures.ts';

const UNTIL = new Date('2026-11-24T00:00:00.000Z');
const DAY = 86_400_000;
const NOUNS = ['rotation', 'attempt', 'key', 'Active key', 'principal', 'fleet run', 'day', 'gap', 'finding'];

/** A report in which each count the text shows is `n`. */
function reportWithCounts(n: number) {
  const range = [...Array(n).keys()];
  const archive = range.flatMap((i) => [
    record({ rotationId: `ok-${i}`, principal: `ok-${i}` }),
    refusedRecord('RotationInFlightError', { rotationId: `refused-${i}`, principal: `refused-${i}` }),
  ]);
  // n principals with one old Active key each: n keys, n non-compliant, n findings.
  const inventory: PrincipalKeys[] = range.map((i) => ({
    provider: 'aws',
    principal: `stale-${i}`,
    keys: [{ keyId: `AKIASTALE${i}`, status: 'Active', createdAt: '2026-01-01T00:00:00.000Z' }],
  }));
  // n fleet runs, a day apart, ending just before the report: n days with runs.
  const histories = range.map((i) =>
    fleetRun(new Date(UNTIL.getTime() - (i + 1) * DAY + 3_600_000).toISOString()),
  );
  return buildEvidenceReport({
    histories,
    archive,
    inventory,
    since: new Date('2026-10-25T00:00:00.000Z'),
    until: UNTIL,
    maxKeyAgeDays: n === 0 ? 90 : n,
    providers: ['aws'],
    source: 'test',
  });
}

/** The page's text, with every element boundary a space (a card's value and label are apart). */
function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

function wrongPlurals(text: string): string[] {
  return NOUNS.flatMap((word) => {
    const singularAfterOther = new RegExp(`(?<![\\w.])(?:0|2) ${word}(?![a-z])`, 'g');
    const pluralAfterOne = new RegExp(`(?<![\\w.])1 ${word}s\\b`, 'g');
    return [...text.matchAll(singularAfterOther), ...text.matchAll(pluralAfterOne)].map(([found]) => found);
  });
}

describe('plurals in the report', () => {
  it('the helper follows English plural rules', () => {
    expect([0, 1, 2, 1.5].map((n) => counted(n, 'day'))).toEqual(['0 days', '1 day', '2 days', '1.5 days']);
    expect(counted(1, 'history', 'histories')).toBe('1 history');
    expect(counted(3, 'history', 'histories')).toBe('3 histories');
    expect(noun(1, 'finding')).toBe('finding');
  });

  for (const n of [0, 1, 2])
    it(`with every count ${n}, neither Markdown nor HTML says "1 keys" or "${n === 1 ? 2 : n} key"`, () => {
      const report = reportWithCounts(n);
      const { rotations, keys, schedule } = report.summary;
      // The counts really are n, or the test would prove nothing.
      expect([rotations.total, rotations.refused, keys.keys, keys.principals, schedule.runs]).toEqual([
        n,
        n,
        n,
        n,
        n,
      ]);

      const markdown = renderMarkdown(report);
      const html = textOf(renderHtml(report));

      expect(wrongPlurals(markdown)).toEqual([]);
      expect(wrongPlurals(html)).toEqual([]);
      expect(markdown).toContain(`Keys: ${counted(n, 'key')} of ${counted(n, 'principal')}`);
      expect(markdown).toContain(`Schedule: ${counted(n, 'fleet run')} on ${counted(n, 'day')}`);
      expect(html).toContain(`${n} ${noun(n, 'rotation')} ${n} succeeded`);
    });
});
