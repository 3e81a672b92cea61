/**
 * The HTML report in a real browser (Debian's Chromium, headless, installed
 * by the set-up when missing): the page loads with no console error, no
 * blocked resource and no policy violation, and the summary and one timeline
 * per principal are rendered, with bars of every kind and the legend.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import { renderHtml } from '../../evidence/report/render-html.ts';
import { ensureChromium, inspectPage } from './support/headless-chromium.ts';
import { record, reportFromFixtures } from './support/report-fixtures.ts';

const PAGE_FACTS = `(() => {
  const q = (s, root = document) => [...root.querySelectorAll(s)];
  return {
    title: document.title,
    cards: Object.fromEntries(q('#summary .card').map((c) => [c.dataset.metric, Number(c.querySelector('.value').textContent)])),
    timelines: q('figure.timeline').map((f) => ({
      principal: f.dataset.principal,
      bars: q('svg rect.seg', f).length,
      drawn: q('svg rect.seg', f).every((r) => r.getBBox().width > 0 && r.getBoundingClientRect().height > 0),
    })),
    kinds: [...new Set(q('svg rect.seg').map((r) => r.classList[1]))].sort(),
    legend: q('svg.legend rect').length,
    records: q('#records-table tbody tr').length,
    scripts: q('script').length,
    styled: getComputedStyle(document.querySelector('.card')).borderLeftStyle,
  };
})()`;

const HOSTILE = '</td><script>console.error("injected")</script><img src="http://example.invalid/x.png">';
let directory: string;

beforeAll(() => {
  ensureChromium();
  directory = mkdtempSync(join(tmpdir(), 'akr-html-'));
}, 900_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the HTML report in headless Chromium', () => {
  it('renders the summary and a timeline per principal, with no console error', async () => {
    // Prepare: every recorded outcome, a current inventory, and a cause that tries to inject markup.
    const inventory: PrincipalKeys[] = [
      { provider: 'aws', principal: 'ev-after-publish', keys: [] },
      {
        provider: 'aws',
        principal: 'stale',
        keys: [{ keyId: 'AKIASTALE00000000001', status: 'Active', createdAt: '2026-06-01T00:00:00.000Z' }],
      },
    ];
    const hostile = record({
      principal: 'hostile',
      status: 'FAILED',
      failure: { error: 'Boom', cause: HOSTILE },
    });
    const report = reportFromFixtures(inventory, [hostile]);
    const file = join(directory, 'evidence.html');
    writeFileSync(file, renderHtml(report));

    // Act
    const { errors, value } = await inspectPage(file, PAGE_FACTS);

    // Assess
    expect(errors).toEqual([]);
    const page = value as {
      title: string;
      cards: Record<string, number>;
      timelines: { principal: string; bars: number; drawn: boolean }[];
      kinds: string[];
      legend: number;
      records: number;
      scripts: number;
      styled: string;
    };
    expect(page.title).toBe('Access key rotation: compliance evidence');
    expect(page.cards).toMatchObject({
      rotations: report.summary.rotations.total,
      'non-compliant': 1,
      findings: report.summary.findings,
    });
    expect(page.timelines.map((t) => t.principal)).toEqual(
      expect.arrayContaining([
        'aws/ev-happy',
        'aws/ev-rollback',
        'aws/ev-operator',
        'aws/stale',
        'aws/hostile',
      ]),
    );
    for (const timeline of page.timelines)
      expect(timeline).toMatchObject({ bars: expect.any(Number), drawn: true });
    expect(page.kinds).toEqual(['seg-active', 'seg-deleted', 'seg-grace', 'seg-inactive']);
    expect(page.legend).toBe(5);
    expect(page.records).toBe(report.records.length);
    expect(page.scripts).toBe(0);
    expect(page.styled).toBe('solid');
  }, 120_000);

  it('reports a page error: a reference to an outside asset is blocked and logged', async () => {
    const file = join(directory, 'broken.html');
    const html = renderHtml(reportFromFixtures()).replace(
      '</main>',
      '<img src="https://example.invalid/x.png"></main>',
    );
    writeFileSync(file, html);

    const { errors } = await inspectPage(file, 'document.title');

    expect(errors.join('\n')).toMatch(/Content Security Policy|example\.invalid/);
  }, 120_000);

  it('fails clearly, not silently, when Chromium is missing and cannot be installed', () => {
    const calls: string[] = [];
    const failing = (command: string, args: string[]) => {
      calls.push(`${command} ${args.join(' ')}`);
      return { status: 100, output: 'E: Unable to locate package chromium' };
    };

    expect(() => ensureChromium(failing, () => false)).toThrow(
      /could not be installed \(apt-get install -y chromium.*Unable to locate/,
    );
    expect(calls.map((call) => call.replace(/^apt-get -o DPkg::Lock::Timeout=\d+ /, 'apt-get '))).toEqual([
      'apt-get install -y chromium',
      'apt-get update',
      'apt-get install -y chromium',
    ]);
  });
});
