/**
 * The documented, stable shapes of the report: the CSV header and the JSON
 * keys are pinned here exactly (the README lists the same), and each format
 * escapes what it is given.
 */
import { describe, expect, it } from 'vitest';
import { buildEvidenceReport } from '../../evidence/model/evidence-report.ts';
import { csvField, renderCsv, renderJson } from '../../evidence/report/render-data-formats.ts';
import { renderHtml } from '../../evidence/report/render-html.ts';
import { markdownCell, renderMarkdown } from '../../evidence/report/render-markdown.ts';
import { record, reportFromFixtures } from './support/report-fixtures.ts';

const CSV_HEADER =
  'rotationId,provider,principal,executionArn,status,oldKeyId,newKeyId,startedAt,newKeyCreatedAt,verifiedAt,publishedAt,oldKeyLastUsedAt,retiredAt,deletedAt,failureError,failureCause,emergency,retirementPolicy,exposureReportedAt,revokedAt,revocation';

const RECORD_KEYS = [
  'rotationId',
  'provider',
  'principal',
  'executionArn',
  'status',
  'oldKeyId',
  'newKeyId',
  'startedAt',
  'newKeyCreatedAt',
  'verifiedAt',
  'publishedAt',
  'oldKeyLastUsedAt',
  'retiredAt',
  'deletedAt',
  'failure',
  'emergency',
  'retirementPolicy',
  'exposureReportedAt',
  'revokedAt',
  'revocation',
];

const HOSTILE = '</td><script>alert(1)</script>|`x`,"quoted"\nnext line';

describe('CSV', () => {
  it('has exactly the DESIGN columns, in order, then one row per rotation in the period', () => {
    const report = reportFromFixtures();

    const lines = renderCsv(report).split('\r\n');

    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.slice(1, -1)).toHaveLength(report.records.length);
    expect(report.records.length).toBe(6);
    expect(lines.at(-1)).toBe('');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
  });

  it('flattens the failure into failureError and failureCause, and leaves empty cells for nulls', () => {
    const failed = record({
      retiredAt: null,
      deletedAt: null,
      status: 'FAILED',
      failure: { error: 'AccessDenied', cause: 'a, "b"' },
    });

    const [, row] = renderCsv({ records: [failed] }).split('\r\n');

    expect(row?.endsWith(',,AccessDenied,"a, ""b""",false,defer,,,')).toBe(true);
  });
});

describe('JSON', () => {
  it('has the documented top-level keys and record keys, in order', () => {
    const parsed = JSON.parse(renderJson(reportFromFixtures()));

    expect(Object.keys(parsed)).toEqual([
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
    ]);
    expect(parsed.reportVersion).toBe(2);
    for (const r of parsed.records) expect(Object.keys(r)).toEqual(RECORD_KEYS);
    expect(Object.keys(parsed.summary)).toEqual([
      'rotations',
      'keys',
      'schedule',
      'exposures',
      'findings',
      'expected',
    ]);
  });

  it('orders record keys the DESIGN way even when an archived record came in another order', () => {
    const shuffled = Object.fromEntries(Object.entries(record()).reverse()) as ReturnType<typeof record>;
    const report = reportFromFixtures([], [shuffled]);

    const parsed = JSON.parse(renderJson(report));

    expect(Object.keys(parsed.records[0])).toEqual(RECORD_KEYS);
  });
});

describe('Markdown and HTML', () => {
  const hostileReport = () =>
    buildEvidenceReport({
      histories: [],
      archive: [record({ status: 'FAILED', failure: { error: 'Boom', cause: HOSTILE } })],
      inventory: [],
      since: new Date('2026-10-01T00:00:00.000Z'),
      until: new Date('2026-11-20T00:00:00.000Z'),
      maxKeyAgeDays: 90,
      providers: ['aws'],
      source: 'test',
    });

  it('Markdown escapes pipes, backticks, angle brackets and line breaks inside cells', () => {
    expect(markdownCell('a|b`c`<d>\ne')).toBe('a\\|b\\`c\\`&lt;d> e');
    const markdown = renderMarkdown(hostileReport());
    const row = markdown.split('\n').find((line) => line.includes('Boom'));
    expect(row?.split(/(?<!\\)\|/).length).toBe(15);
  });

  it('HTML escapes every text, so a cause cannot become markup', () => {
    const html = renderHtml(hostileReport());

    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('HTML is self-contained: no external URL, and a policy that forbids loading any', () => {
    const html = renderHtml(reportFromFixtures());

    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(html.match(/(?:src|href)=/g)).toBeNull();
    expect(html.match(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/g)).toBeNull();
  });
});
