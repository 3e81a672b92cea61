/**
 * The HTML report laid out by a real browser (headless Chromium), as an
 * auditor reads it: on a 1,400 px screen no table or timeline needs a
 * horizontal scrollbar, and printed (print media, at the printable width of
 * A4 landscape) nothing can clip: no box keeps overflow auto, scroll or
 * hidden, and every cell's text fits inside its cell, long ids included.
 * The same holds for an organization-wide report, with its accounts table,
 * an unreadable account's long cause and a section per account.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountReadError, readAccount, unreadableAccount } from '../../evidence/model/account-reads.ts';
import type { PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import { renderHtml } from '../../evidence/report/render-html.ts';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import { AWS_EMERGENCY, FAILED_EMERGENCY, shifted } from './support/exposure-fixtures.ts';
import { ensureChromium, inspectPage } from './support/headless-chromium.ts';
import { record, reportFromFixtures } from './support/report-fixtures.ts';

/** A4 landscape, 297 mm less the 12 mm margins of the print stylesheet, at 96 px per inch. */
const A4_LANDSCAPE_PRINTABLE_PX = Math.floor(((297 - 2 * 12) / 25.4) * 96);

const LAYOUT_FACTS = `(() => {
  const name = (e) => e.id || (e.closest('[id]') ? e.closest('[id]').id + ' ' : '') + e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || '');
  const all = [...document.querySelectorAll('body *')];
  const doc = document.documentElement;
  return {
    page: { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth },
    scrolling: all.filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible').map(name),
    clipping: all.filter((e) => { const s = getComputedStyle(e); return [s.overflowX, s.overflowY].some((o) => o !== 'visible'); }).map(name),
    spilling: [...document.querySelectorAll('th, td')].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent.slice(0, 50)),
    offPage: all.filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1).map(name),
    brokenWords: [...document.querySelectorAll('th, td:not(.long)')].flatMap((cell) => {
      const broken = [];
      const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node; node = texts.nextNode())
        // Ids, verdicts, counts, dates and clock times, up to a key id's 20 characters; a name may wrap at
        // its hyphens, and a longer one anywhere.
        for (const match of node.data.matchAll(/[A-Za-z0-9_]+|\\d{4}-\\d\\d-\\d\\d|[\\d:]+Z/g)) {
          if (match[0].length > 20) continue;
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) broken.push(match[0]);
        }
      return broken;
    }),
    tables: document.querySelectorAll('table').length,
    timelines: document.querySelectorAll('svg.timeline-svg').length,
  };
})()`;

interface Layout {
  page: { scrollWidth: number; clientWidth: number };
  scrolling: string[];
  clipping: string[];
  spilling: string[];
  offPage: string[];
  brokenWords: string[];
  tables: number;
  timelines: number;
}

/** A principal name as long as IAM allows (64), with no place to break, and causes that are long. */
const LONG_PRINCIPAL = `svc-${'x'.repeat(60)}`;
const MID_PRINCIPAL = 'BackupJobServiceAccount1';

let directory: string;
const files: Record<'single-account' | 'organization-wide', string> = {
  'single-account': '',
  'organization-wide': '',
};
const [HUB, MEMBER, MISSING] = ['111111111111', '222222222222', '333333333333'];

/** The hub, a member read, and a member whose role is missing: the long texts an auditor reads first. */
function organizationReads() {
  const scope = readAccountScope({ AKR_ACCOUNTS: `${MEMBER},${MISSING}` });
  const denied = new AccountReadError(
    'assume-role',
    'AccessDenied',
    `STS AssumeRole of arn:aws:iam::${MISSING}:role/access-key-rotator-member failed with AccessDenied (HTTP 403)`,
  );
  return {
    hubAccountId: HUB,
    accounts: [
      readAccount(HUB, true),
      readAccount(MEMBER, false),
      unreadableAccount(MISSING, false, denied, scope),
    ],
  };
}

beforeAll(() => {
  ensureChromium();
  directory = mkdtempSync(join(tmpdir(), 'akr-print-'));
  const inventory: PrincipalKeys[] = [
    {
      provider: 'aws',
      principal: LONG_PRINCIPAL,
      keys: [{ keyId: 'AKIALONG000000000001', status: 'Active', createdAt: '2026-06-01T00:00:00.000Z' }],
    },
  ];
  const long = record({
    rotationId: `${LONG_PRINCIPAL}-2026-11-20`,
    principal: LONG_PRINCIPAL,
    status: 'FAILED',
    retiredAt: null,
    deletedAt: null,
    failure: {
      error: 'AccessDenied',
      cause: `not authorized: arn:aws:iam::123456789012:user/${LONG_PRINCIPAL}`,
    },
  });
  // A mid-length name (a Yandex service-account id is 20 characters): short enough to stay on one line.
  const named = record({
    rotationId: `${MID_PRINCIPAL}-2026-11-21`,
    principal: MID_PRINCIPAL,
    oldKeyId: 'AKIAMIDOLD0000000001',
    newKeyId: 'AKIAMIDNEW0000000001',
  });
  // Emergency rotations inside the period: the exposure table, its alert and a long cause must fit too.
  const exposed = [
    shifted(AWS_EMERGENCY, -10),
    shifted({ ...FAILED_EMERGENCY, principal: `${MEMBER}/${LONG_PRINCIPAL}` }, -10),
  ];
  files['single-account'] = join(directory, 'evidence.html');
  writeFileSync(
    files['single-account'],
    renderHtml(reportFromFixtures(inventory, [long, named, ...exposed])),
  );
  const member: PrincipalKeys = {
    provider: 'aws',
    principal: `${MEMBER}/${LONG_PRINCIPAL}`,
    keys: [{ keyId: 'AKIAMEMBERLONG000001', status: 'Active', createdAt: '2026-06-01T00:00:00.000Z' }],
  };
  const memberRecord = record({
    ...named,
    rotationId: `${MEMBER}_${MID_PRINCIPAL}-2026-11-21`,
    principal: `${MEMBER}/${MID_PRINCIPAL}`,
  });
  files['organization-wide'] = join(directory, 'organization.html');
  writeFileSync(
    files['organization-wide'],
    renderHtml(
      reportFromFixtures(
        [...inventory, member],
        [long, named, memberRecord, ...exposed],
        organizationReads(),
      ),
    ),
  );
}, 900_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe.each(Object.keys(files) as (keyof typeof files)[])(
  'the %s HTML report laid out in headless Chromium',
  (kind) => {
    it('needs no horizontal scrollbar at 1,400 px: every table and timeline fits the window', async () => {
      const { errors, value } = await inspectPage(files[kind], LAYOUT_FACTS, { width: 1400 });

      const layout = value as Layout;
      expect(errors).toEqual([]);
      expect(layout.tables).toBeGreaterThanOrEqual(7);
      expect(layout.timelines).toBeGreaterThanOrEqual(5);
      expect(layout.page.scrollWidth).toBeLessThanOrEqual(layout.page.clientWidth);
      expect(layout.scrolling).toEqual([]);
      expect(layout.spilling).toEqual([]);
      expect(layout.offPage).toEqual([]);
      // Readable: in the columns of ids, times, verdicts and counts no id, date or time is split across lines.
      expect(layout.brokenWords).toEqual([]);
    }, 120_000);

    it('prints every column: in print media at the paper width nothing scrolls, clips or runs off the page', async () => {
      const { errors, value } = await inspectPage(files[kind], LAYOUT_FACTS, {
        width: A4_LANDSCAPE_PRINTABLE_PX,
        media: 'print',
      });

      const layout = value as Layout;
      expect(errors).toEqual([]);
      expect(layout.tables).toBeGreaterThanOrEqual(6);
      expect(layout.clipping).toEqual([]);
      expect(layout.spilling).toEqual([]);
      expect(layout.offPage).toEqual([]);
      expect(layout.brokenWords).toEqual([]);
      expect(layout.page.scrollWidth).toBeLessThanOrEqual(layout.page.clientWidth);
    }, 120_000);
  },
);
