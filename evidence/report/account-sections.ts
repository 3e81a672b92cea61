/**
 * The per-account parts of an organization-wide report, which the Markdown
 * and HTML reports both lay out: the accounts table, and one section per
 * account whose tables are the report's own tables over that account alone
 * (its controls, findings, rotations and keys). Yandex principals belong to
 * no AWS account and get a section of their own.
 *
 * A single-account report has none of this (`report.accounts` is absent),
 * so it reads exactly as it always has.
 */
import type { AccountEvidence } from '../model/account-evidence.ts';
import { accountOfPrincipal, recordAccount } from '../model/account-evidence.ts';
import type { EvidenceReport } from '../model/evidence-report.ts';
import { counted } from '../model/plural.ts';
import type { Table } from './report-text.ts';

export interface AccountSection {
  /** Safe in an HTML id: digits, or `organization`, or `yandex`. */
  readonly id: string;
  readonly title: string;
  /** What the reader must know first: why it is unreadable and what to do, or why it is not in scope. */
  readonly notes: readonly string[];
  /** The report's own fields over this account alone. */
  readonly view: EvidenceReport;
}

export function accountLabel(account: Pick<AccountEvidence, 'account' | 'hub' | 'status'>): string {
  if (account.account === 'organization') return 'organization (the account list)';
  if (account.hub) return `${account.account} (hub)`;
  return account.status === 'NOT_IN_SCOPE'
    ? `${account.account} (not in scope)`
    : `${account.account} (member)`;
}

export function accountsSummaryLine(report: EvidenceReport): string | undefined {
  const organization = report.organization;
  if (!organization) return undefined;
  const { inScope, read, unreadable } = organization.accounts;
  return `Accounts: ${counted(inScope, 'account')} in scope (hub ${organization.hubAccountId}): ${read} read, ${unreadable} unreadable; ${counted(organization.principals, 'principal')}; ${organization.keysWithinPolicy} of ${counted(organization.keys, 'key')} within policy`;
}

export function accountsTable(report: EvidenceReport): Table {
  return {
    headers: [
      'Account',
      'Status',
      'Principals',
      'Keys within policy',
      'Rotations',
      'Findings',
      'Why',
      'What to do',
    ],
    rows: (report.accounts ?? []).map((a) => [
      accountLabel(a),
      a.status,
      String(a.principals),
      `${a.keysWithinPolicy} of ${a.keys}`,
      String(a.rotations),
      String(a.findings),
      a.cause ? `${a.error}: ${a.cause}` : '',
      a.action ?? '',
    ]),
  };
}

function notesOf(account: AccountEvidence): string[] {
  if (account.status === 'UNREADABLE')
    return [
      `UNREADABLE (${account.error}): ${account.cause}. Nothing in this account could be evaluated: that is a finding, not compliance.`,
      `What to do: ${account.action}`,
    ];
  if (account.status === 'NOT_IN_SCOPE')
    return ['Not in scope now: shown for its rotations in the period; its keys were not read.'];
  return [];
}

export function accountSections(report: EvidenceReport): AccountSection[] {
  const hub = report.organization?.hubAccountId;
  if (hub === undefined) return [];
  const of = (
    account: string | null,
    title: string,
    notes: string[],
    controls: EvidenceReport['controls'],
  ) => ({
    id: account ?? 'yandex',
    title,
    notes,
    view: {
      ...report,
      controls,
      findings: report.findings.filter(
        (f) => f.account === account && (account !== null || f.principal !== null),
      ),
      records: report.records.filter((r) => recordAccount(r, hub) === account),
      inFlight: report.inFlight.filter((r) => accountOfPrincipal(r.provider, r.principal, hub) === account),
      inventory: report.inventory.filter((p) => p.account === account),
    },
  });
  const sections = (report.accounts ?? []).map((a) =>
    of(a.account, `Account ${accountLabel(a)}`, notesOf(a), a.controls),
  );
  const yandex = of(null, 'Yandex Cloud (no AWS account)', [], []);
  const hasYandex =
    yandex.view.inventory.length + yandex.view.records.length + yandex.view.findings.length > 0;
  return hasYandex ? [...sections, yandex] : sections;
}

/** Findings of no account or principal: the schedule's, which is the organization's. */
export function organizationFindings(report: EvidenceReport): EvidenceReport {
  return { ...report, findings: report.findings.filter((f) => f.account === null && f.principal === null) };
}
