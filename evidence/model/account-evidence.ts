/**
 * The organization-wide view of a report: the inventory, findings and
 * controls of each account, and the counts across the organization.
 *
 * A principal belongs to the account it names (`<account-id>/<user>`), a
 * bare one to the hub, as the rotation itself reads them; records from the
 * archive and the histories are grouped the same way, so a member account's
 * rotations are shown with its keys. Yandex principals belong to no AWS
 * account (account null). An account that records or keys name but the scope
 * no longer lists is shown as NOT_IN_SCOPE: its past rotations stay evidence.
 *
 * Each unreadable account is a high-severity ACCOUNTS-READ finding, counted
 * in that control organization-wide and in the account's own controls.
 */
import type { EvidenceRecord, Provider } from '../../lambdas/rotation/rotation-state.ts';
import { parseAccountPrincipal } from '../../lambdas/shared/account-principal.ts';
import type { AccountRead, AccountStatus } from './account-reads.ts';
import { evaluateControls } from './control-findings.ts';
import { CONTROLS, type ControlResult, type Finding } from './controls.ts';
import type { InFlightRotation } from './in-flight-rotations.ts';
import type { InventoryPrincipal } from './key-inventory.ts';
import { isRefused } from './refused-attempts.ts';
import type { ScheduleHistory } from './schedule-history.ts';

/** What the sources read of the organization: every account in scope, the hub's entry included. */
export interface OrganizationReads {
  readonly hubAccountId: string;
  readonly accounts: readonly AccountRead[];
}

export interface AccountEvidence extends Omit<AccountRead, 'status'> {
  readonly status: AccountStatus | 'NOT_IN_SCOPE';
  readonly principals: number;
  readonly keys: number;
  /** Keys classified compliant (within the policy age, or Inactive). */
  readonly keysWithinPolicy: number;
  readonly nonCompliantKeys: number;
  readonly exemptKeys: number;
  /** Rotations that ran (refused attempts not counted), and rotations in flight. */
  readonly rotations: number;
  readonly inFlight: number;
  readonly findings: number;
  /** KEY-ROTATION, ONE-ACTIVE-KEY and ACCOUNTS-READ over this account alone (the schedule is the organization's). */
  readonly controls: readonly ControlResult[];
}

export interface OrganizationSummary {
  readonly hubAccountId: string;
  readonly accounts: { readonly inScope: number; readonly read: number; readonly unreadable: number };
  readonly principals: number;
  readonly keys: number;
  readonly keysWithinPolicy: number;
}

/** The AWS account a principal's keys live in: its member account, or the hub; null for Yandex. */
export function accountOfPrincipal(provider: Provider | undefined, principal: string, hubAccountId: string) {
  if (provider === 'yandex') return null;
  const parsed = parseAccountPrincipal(principal, hubAccountId);
  // A principal the rotation refused as malformed (`a/b/c`) was refused in the hub.
  return parsed.ok ? (parsed.principal.account ?? hubAccountId) : hubAccountId;
}

export function recordAccount(record: Pick<EvidenceRecord, 'provider' | 'principal'>, hubAccountId: string) {
  return accountOfPrincipal(record.provider, record.principal, hubAccountId);
}

function unreadableFinding(read: AccountRead): Finding {
  const what =
    read.account === 'organization' ? "the organization's account list" : `account ${read.account}`;
  return {
    controlId: 'ACCOUNTS-READ',
    outcome: 'finding',
    severity: 'high',
    provider: 'aws',
    principal: null,
    keyIds: [],
    detail: `${what} could not be read, so it gives no evidence: ${read.cause}; ${read.action}`,
    account: read.account,
  };
}

function accountsReadControl(reads: readonly AccountRead[]): ControlResult {
  const unreadable = reads.filter((read) => read.status === 'UNREADABLE').length;
  return {
    controlId: 'ACCOUNTS-READ',
    title: CONTROLS['ACCOUNTS-READ'].title,
    references: CONTROLS['ACCOUNTS-READ'].references,
    evaluated: reads.length,
    compliant: reads.length - unreadable,
    exempt: 0,
    expected: 0,
    findings: unreadable,
  };
}

export interface AccountEvidenceInputs {
  readonly organization: OrganizationReads;
  readonly inventory: readonly InventoryPrincipal[];
  readonly records: readonly EvidenceRecord[];
  readonly inFlight: readonly InFlightRotation[];
  readonly schedule: ScheduleHistory;
  /** The end of the period, for the exposure control (control-findings.ts). */
  readonly now?: Date;
  /** The key id each execution's input named, by execution ARN. */
  readonly inputKeyIds?: ReadonlyMap<string, string>;
  /** The organization-wide controls and findings (evaluateControls over everything). */
  readonly controls: readonly ControlResult[];
  readonly findings: readonly Finding[];
}

export interface AccountEvidenceView {
  readonly organization: OrganizationSummary;
  readonly accounts: readonly AccountEvidence[];
  /** The inputs' inventory and findings, each carrying its account, with the unreadable accounts' findings. */
  readonly inventory: readonly InventoryPrincipal[];
  readonly findings: readonly Finding[];
  readonly controls: readonly ControlResult[];
}

export function buildAccountEvidence(inputs: AccountEvidenceInputs): AccountEvidenceView {
  const hub = inputs.organization.hubAccountId;
  const reads = inputs.organization.accounts;
  const inventory = inputs.inventory.map((p) => ({
    ...p,
    account: accountOfPrincipal(p.provider, p.principal, hub),
  }));
  const findings = [
    ...inputs.findings.map((f) => ({
      ...f,
      account: f.principal === null ? null : accountOfPrincipal(f.provider ?? undefined, f.principal, hub),
    })),
    ...reads.filter((read) => read.status === 'UNREADABLE').map(unreadableFinding),
  ];
  const records = inputs.records.map((record) => ({ record, account: recordAccount(record, hub) }));
  const inFlight = inputs.inFlight.map((r) => ({
    r,
    account: accountOfPrincipal(r.provider, r.principal, hub),
  }));
  const named = [...inventory.map((p) => p.account), ...records.map((r) => r.account)];
  const notInScope = [...new Set(named)]
    .filter(
      (account): account is string => account !== null && !reads.some((read) => read.account === account),
    )
    .sort()
    .map((account) => ({
      account,
      hub: false,
      status: 'NOT_IN_SCOPE' as const,
      error: null,
      cause: null,
      action: null,
    }));
  const noSchedule = { ...inputs.schedule, deployments: [], runs: [], days: [], gaps: [] };
  const accounts = [...reads, ...notInScope].map((read): AccountEvidence => {
    const own = inventory.filter((p) => p.account === read.account);
    const ownRecords = records.filter((r) => r.account === read.account).map((r) => r.record);
    const ownInFlight = inFlight.filter((r) => r.account === read.account).map((r) => r.r);
    const evaluated = evaluateControls({
      inventory: own,
      inFlight: ownInFlight,
      records: ownRecords,
      schedule: noSchedule,
      hubAccountId: hub,
      ...(inputs.now && { now: inputs.now }),
      ...(inputs.inputKeyIds && { inputKeyIds: inputs.inputKeyIds }),
    });
    const keys = own.flatMap((p) => p.keys);
    const classified = (value: string) => keys.filter((k) => k.classification === value).length;
    const inScope = read.status !== 'NOT_IN_SCOPE';
    return {
      ...read,
      principals: own.length,
      keys: keys.length,
      keysWithinPolicy: classified('compliant'),
      nonCompliantKeys: classified('non-compliant'),
      exemptKeys: classified('exempt'),
      rotations: ownRecords.filter((record) => !isRefused(record)).length,
      inFlight: ownInFlight.length,
      findings: findings.filter((f) => f.account === read.account && f.outcome === 'finding').length,
      controls: [
        ...evaluated.controls.filter((c) => c.controlId !== 'ROTATION-SCHEDULE'),
        ...(inScope ? [accountsReadControl([read as AccountRead])] : []),
      ],
    };
  });
  const allKeys = inventory.flatMap((p) => p.keys);
  return {
    organization: {
      hubAccountId: hub,
      accounts: {
        inScope: reads.length,
        read: reads.filter((read) => read.status === 'READ').length,
        unreadable: reads.filter((read) => read.status === 'UNREADABLE').length,
      },
      principals: inventory.length,
      keys: allKeys.length,
      keysWithinPolicy: allKeys.filter((k) => k.classification === 'compliant').length,
    },
    accounts,
    inventory,
    findings,
    controls: [...inputs.controls, accountsReadControl(reads)],
  };
}
