/**
 * The organization-wide report, built from what the sources read of three
 * accounts: the hub, a member read through its role, and a member whose role
 * is missing. The unreadable account is listed with why and what to do, is a
 * high finding counted in ACCOUNTS-READ, and leaves the others' inventory
 * whole; member records (`<account>/<user>`) from the archive belong to their
 * account in every format. A single-account report shows none of it.
 */
import { describe, expect, it } from 'vitest';
import {
  type AccountRead,
  AccountReadError,
  readAccount,
  unreadableAccount,
} from '../../evidence/model/account-reads.ts';
import {
  buildEvidenceReport,
  type EvidenceReport,
  type EvidenceReportInput,
} from '../../evidence/model/evidence-report.ts';
import type { PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import { REPORT_JSON_KEYS, renderCsv, renderJson } from '../../evidence/report/render-data-formats.ts';
import { renderHtml } from '../../evidence/report/render-html.ts';
import { renderMarkdown } from '../../evidence/report/render-markdown.ts';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import { record } from './support/report-fixtures.ts';

const HUB = '111111111111';
const MEMBER = '222222222222';
const MISSING = '333333333333';
const UNTIL = new Date('2026-11-24T00:00:00.000Z');
const scope = readAccountScope({ AKR_ACCOUNTS: `${MEMBER},${MISSING}` });

const key = (keyId: string, createdAt: string) => ({ keyId, status: 'Active' as const, createdAt });
const INVENTORY: PrincipalKeys[] = [
  { provider: 'aws', principal: 'alice', keys: [key('AKIAHUBALICE00000001', '2026-11-01T00:00:00.000Z')] },
  {
    provider: 'aws',
    principal: `${MEMBER}/bob`,
    keys: [key('AKIAMEMBERBOB0000001', '2026-11-02T00:00:00.000Z')],
  },
  {
    provider: 'aws',
    principal: `${MEMBER}/old`,
    keys: [key('AKIAMEMBEROLD0000001', '2026-01-01T00:00:00.000Z')],
  },
];
const ROLE_MISSING = new AccountReadError(
  'assume-role',
  'AccessDenied',
  `STS AssumeRole of arn:aws:iam::${MISSING}:role/access-key-rotator-member failed with AccessDenied (HTTP 403)`,
);
const READS: AccountRead[] = [
  readAccount(HUB, true),
  readAccount(MEMBER, false),
  unreadableAccount(MISSING, false, ROLE_MISSING, scope),
];
const ARCHIVE = [
  record({ rotationId: 'alice-2026-11-01', principal: 'alice' }),
  record({
    rotationId: `${MEMBER}_bob-2026-11-02`,
    principal: `${MEMBER}/bob`,
    executionArn: `arn:aws:states:us-east-1:${HUB}:execution:Rotation:${MEMBER}_bob-2026-11-02`,
  }),
];

function report(organization = true, overrides: Partial<EvidenceReportInput> = {}): EvidenceReport {
  return buildEvidenceReport({
    histories: [],
    archive: ARCHIVE,
    inventory: INVENTORY,
    since: new Date('2026-10-01T00:00:00.000Z'),
    until: UNTIL,
    maxKeyAgeDays: 90,
    providers: ['aws'],
    source: 'test',
    ...(organization && { organization: { hubAccountId: HUB, accounts: READS } }),
    ...overrides,
  });
}

describe('an organization of three accounts, one role missing', () => {
  it('lists the unreadable account with the cause and what to do; the others are read', () => {
    const { accounts, organization } = report();

    expect(accounts?.map((a) => [a.account, a.hub, a.status, a.principals])).toEqual([
      [HUB, true, 'READ', 1],
      [MEMBER, false, 'READ', 2],
      [MISSING, false, 'UNREADABLE', 0],
    ]);
    const missing = accounts?.find((a) => a.account === MISSING);
    expect(missing?.cause).toBe(ROLE_MISSING.message);
    expect(missing?.action).toMatch(
      new RegExp(
        `deploy the member role stack in account ${MISSING}.*access-key-rotator-member trusts the hub`,
      ),
    );
    expect(organization).toEqual({
      hubAccountId: HUB,
      accounts: { inScope: 3, read: 2, unreadable: 1 },
      principals: 3,
      keys: 3,
      keysWithinPolicy: 2,
    });
  });

  it('the unreadable account is a high finding, counted in ACCOUNTS-READ and in the summary', () => {
    const built = report();

    const accountFindings = built.findings.filter((f) => f.controlId === 'ACCOUNTS-READ');
    expect(accountFindings).toEqual([
      expect.objectContaining({ severity: 'high', outcome: 'finding', account: MISSING, principal: null }),
    ]);
    expect(accountFindings[0]?.detail).toContain(
      `account ${MISSING} could not be read, so it gives no evidence`,
    );
    expect(built.controls.find((c) => c.controlId === 'ACCOUNTS-READ')).toMatchObject({
      evaluated: 3,
      compliant: 2,
      findings: 1,
    });
    // A stale member key, the schedule's (no fleet run in the period) and the unreadable account.
    expect(built.summary.findings).toBe(3);
    const missing = built.accounts?.find((a) => a.account === MISSING);
    expect(missing?.controls.find((c) => c.controlId === 'ACCOUNTS-READ')).toMatchObject({ findings: 1 });
    expect(missing?.findings).toBe(1);
  });

  it("each account's inventory, findings and controls are its own", () => {
    const built = report();
    const member = built.accounts?.find((a) => a.account === MEMBER);

    expect(built.inventory.map((p) => [p.principal, p.account])).toEqual([
      [`${MEMBER}/bob`, MEMBER],
      [`${MEMBER}/old`, MEMBER],
      ['alice', HUB],
    ]);
    expect(member).toMatchObject({
      keys: 2,
      keysWithinPolicy: 1,
      nonCompliantKeys: 1,
      findings: 1,
      rotations: 1,
    });
    expect(member?.controls.find((c) => c.controlId === 'KEY-ROTATION')).toMatchObject({
      evaluated: 2,
      findings: 1,
    });
    expect(built.findings.find((f) => f.controlId === 'KEY-ROTATION')).toMatchObject({
      principal: `${MEMBER}/old`,
      account: MEMBER,
    });
    // The schedule is the organization's: no account repeats it.
    expect(member?.controls.map((c) => c.controlId)).toEqual([
      'KEY-ROTATION',
      'ONE-ACTIVE-KEY',
      'EXPOSED-KEY-REVOKED',
      'ACCOUNTS-READ',
    ]);
  });

  it('member records from the archive belong to their account in JSON and CSV', () => {
    const built = report();

    const json = JSON.parse(renderJson(built));
    const csv = renderCsv(built).split('\r\n');

    // Right after the summary; the single-account keys keep their order around them.
    expect(Object.keys(json)).toEqual([
      ...REPORT_JSON_KEYS.slice(0, REPORT_JSON_KEYS.indexOf('summary') + 1),
      'organization',
      'accounts',
      ...REPORT_JSON_KEYS.slice(REPORT_JSON_KEYS.indexOf('summary') + 1),
    ]);
    expect(json.records.map((r: { principal: string; account: string }) => [r.principal, r.account])).toEqual(
      [
        ['alice', HUB],
        [`${MEMBER}/bob`, MEMBER],
      ],
    );
    expect(
      csv[0]?.endsWith(
        ',failureError,failureCause,emergency,retirementPolicy,exposureReportedAt,revokedAt,revocation,account',
      ),
    ).toBe(true);
    expect(csv.slice(1, 3).map((row) => row.split(',').at(-1))).toEqual([HUB, MEMBER]);
  });

  it('Markdown groups by account: the accounts table, then a section per account with its own rows', () => {
    const text = renderMarkdown(report());
    const sectionOf = (account: string) => text.split(`## Account ${account}`)[1]?.split(/\n## /)[0] ?? '';

    expect(text).toContain(
      `- Accounts: 3 accounts in scope (hub ${HUB}): 2 read, 1 unreadable; 3 principals; 2 of 3 keys within policy`,
    );
    expect(text).toMatch(new RegExp(`\\| ${MISSING} \\(member\\) \\| UNREADABLE \\| 0 \\| 0 of 0 \\|`));
    expect(sectionOf(`${MISSING} (member)`)).toContain('> UNREADABLE (AccessDenied): STS AssumeRole of');
    expect(sectionOf(`${MISSING} (member)`)).toContain('> What to do: deploy the member role stack');
    expect(sectionOf(`${MEMBER} (member)`)).toContain(`aws/${MEMBER}/old`);
    expect(sectionOf(`${MEMBER} (member)`)).toContain(`${MEMBER}_bob-2026-11-02`);
    expect(sectionOf(`${MEMBER} (member)`)).not.toContain('aws/alice');
    expect(sectionOf(`${HUB} (hub)`)).toContain('aws/alice');
    expect(sectionOf(`${HUB} (hub)`)).not.toContain(MEMBER);
    // The schedule is the organization's: its finding is listed once, before the accounts.
    const organizationFindings = text.split('## Findings (organization)')[1]?.split('\n## ')[0];
    expect(organizationFindings).toContain('ROTATION-SCHEDULE');
    expect(organizationFindings).not.toContain('KEY-ROTATION');
  });

  it('HTML has an accounts table, unreadable-account cards and one section per account', () => {
    const html = renderHtml(report());

    expect(html).toContain('data-metric="unreadable-accounts"><span class="value">1</span>');
    expect(html).toContain('<table id="accounts-table">');
    for (const account of [HUB, MEMBER, MISSING]) expect(html).toContain(`<section id="account-${account}">`);
    expect(html).toContain(`id="inventory-table-${MEMBER}"`);
    expect(html).toContain('class="account-note">UNREADABLE (AccessDenied)');
  });
});

describe('what belongs to no account in scope', () => {
  it('an account only records name is NOT_IN_SCOPE: its rotations shown, not counted in scope, no finding', () => {
    const gone = '444444444444';
    const built = report(true, {
      archive: [...ARCHIVE, record({ rotationId: `${gone}_eve-2026-11-03`, principal: `${gone}/eve` })],
    });

    expect(built.accounts?.at(-1)).toMatchObject({
      account: gone,
      status: 'NOT_IN_SCOPE',
      rotations: 1,
      findings: 0,
    });
    expect(built.organization?.accounts).toEqual({ inScope: 3, read: 2, unreadable: 1 });
    expect(renderMarkdown(built)).toContain(`## Account ${gone} (not in scope)`);
  });

  it('Yandex principals belong to no AWS account: a section of their own', () => {
    const built = report(true, {
      archive: [],
      inventory: [
        ...INVENTORY,
        {
          provider: 'yandex',
          principal: 'aje0serviceaccount01',
          keys: [key('YCAJEYANDEXKEY000001', '2026-11-01T00:00:00.000Z')],
        },
      ],
      providers: ['aws', 'yandex'],
    });

    const text = renderMarkdown(built);
    expect(built.inventory.find((p) => p.provider === 'yandex')?.account).toBeNull();
    expect(text.split('## Yandex Cloud (no AWS account)')[1]).toContain('yandex/aje0serviceaccount01');
    expect(text.split(`## Account ${HUB} (hub)`)[1]?.split('\n## ')[0]).not.toContain('yandex/');
  });
});

describe('a single-account report', () => {
  it('names no account anywhere: no accounts key, column, section, card or control', () => {
    const built = report(false);

    const json = renderJson(built);
    // The stylesheet is the same in both kinds of report; what it styles is not.
    const page = renderHtml(built).replace(/<style>[\s\S]*<\/style>/, '');
    const texts = [json, renderCsv(built), renderMarkdown(built), page];

    expect(built.accounts).toBeUndefined();
    expect(built.organization).toBeUndefined();
    expect(json).not.toMatch(/"(account|accounts|organization)"/);
    expect(renderCsv(built).split('\r\n')[0]?.endsWith(',revocation')).toBe(true);
    expect(built.controls.map((c) => c.controlId)).toEqual([
      'KEY-ROTATION',
      'ONE-ACTIVE-KEY',
      'ROTATION-SCHEDULE',
      'EXPOSED-KEY-REVOKED',
    ]);
    for (const text of texts) {
      expect(text).not.toMatch(
        /ACCOUNTS-READ|UNREADABLE|Accounts:|## Account|unreadable-accounts|account-note"/,
      );
    }
  });
});
