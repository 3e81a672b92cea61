/**
 * The whole evidence report, from what the sources returned: execution
 * histories (rotation and fleet state machines), archived evidence records,
 * and the current keys. Pure, so every format renders the same facts and the
 * tests can build a report without a cloud.
 *
 * The period: a rotation belongs to it when it was active in it (its last
 * step at or after `since`), so a rotation that started before the period and
 * retired its key inside it is shown.
 */
import type { EvidenceRecord, Provider } from '../../lambdas/rotation/rotation-state.ts';
import {
  type AccountEvidence,
  buildAccountEvidence,
  type OrganizationReads,
  type OrganizationSummary,
} from './account-evidence.ts';
import { evaluateControls } from './control-findings.ts';
import type { ControlResult, Finding } from './controls.ts';
import { lastActivity, normalizeRecord } from './evidence-fields.ts';
import { evidenceFromExecution } from './evidence-from-execution.ts';
import { accessKeyIdOfInput, type ExecutionHistory, providerResolver } from './execution-history.ts';
import { buildExposureResponse, type ExposureResponse } from './exposure-response.ts';
import { type InFlightRotation, inFlightRotations } from './in-flight-rotations.ts';
import { buildInventory, type InventoryPrincipal, type PrincipalKeys } from './key-inventory.ts';
import { type MergedEvidence, mergeEvidence } from './merge-evidence.ts';
import { counted } from './plural.ts';
import { buildSummary, type ReportSummary } from './report-summary.ts';
import { buildScheduleHistory, type ScheduleHistory } from './schedule-history.ts';

/** 2: records gained the exposure fields, and the report `exposureResponse` (issue 15). */
export const REPORT_VERSION = 2;

export interface EvidenceReportInput {
  readonly histories: readonly ExecutionHistory[];
  readonly archive?: readonly EvidenceRecord[];
  readonly inventory: readonly PrincipalKeys[];
  readonly since: Date;
  readonly until: Date;
  readonly maxKeyAgeDays: number;
  /** The providers in scope: records, keys and schedules of others are left out. */
  readonly providers: readonly Provider[];
  /** The provider of the state machines read, for executions that do not name theirs. */
  readonly defaultProvider?: Provider;
  /** Where the histories came from, for the reader: a state directory or state machine ARNs. */
  readonly source: string;
  readonly warnings?: readonly string[];
  /**
   * When the deployment read was created (its state machines' creation date):
   * a schedule deployed inside the period is judged from then.
   * @default unknown: the schedule is judged from `since`
   */
  readonly deployedAt?: Date;
  /**
   * The accounts of a multi-account deployment, as read: the report then groups everything by account.
   * @default - a single-account report, exactly as before multi-account existed
   */
  readonly organization?: OrganizationReads;
}

export interface EvidenceReport {
  readonly reportVersion: number;
  readonly generatedAt: string;
  readonly period: { readonly since: string; readonly until: string };
  readonly policy: { readonly maxKeyAgeDays: number; readonly compliantWhen: string };
  readonly source: string;
  readonly summary: ReportSummary;
  readonly controls: readonly ControlResult[];
  readonly findings: readonly Finding[];
  readonly records: readonly EvidenceRecord[];
  /** One incident per emergency rotation, ended or in flight: time to revoke the exposed key. */
  readonly exposureResponse: ExposureResponse;
  readonly inFlight: readonly InFlightRotation[];
  readonly inventory: readonly InventoryPrincipal[];
  readonly schedule: ScheduleHistory;
  readonly merge: MergedEvidence['counts'] & { readonly conflicts: readonly string[] };
  readonly warnings: readonly string[];
  /** Organization-wide reports only: the counts across accounts. */
  readonly organization?: OrganizationSummary;
  /** Organization-wide reports only: each account, read or not, with its counts and controls. */
  readonly accounts?: readonly AccountEvidence[];
}

function inPeriod(history: ExecutionHistory, since: Date, until: Date): boolean {
  if (Date.parse(history.startDate) > until.getTime()) return false;
  return history.stopDate === undefined || Date.parse(history.stopDate) >= since.getTime();
}

export function buildEvidenceReport(input: EvidenceReportInput): EvidenceReport {
  const { since, until, providers } = input;
  const inScope = (provider: Provider | undefined) => provider === undefined || providers.includes(provider);
  const histories = input.histories.filter((history) => inPeriod(history, since, until));
  const providerOf = providerResolver(input.histories, input.defaultProvider);
  const rebuilt = histories.flatMap(
    (history) => evidenceFromExecution(history, { provider: providerOf(history) }) ?? [],
  );
  const wanted = (record: EvidenceRecord) =>
    inScope(record.provider) &&
    lastActivity(record) >= since.toISOString() &&
    record.startedAt <= until.toISOString();
  const merged = mergeEvidence(rebuilt.filter(wanted), (input.archive ?? []).filter(wanted));
  const records = merged.records.map(normalizeRecord);
  const inventory = buildInventory(
    input.inventory.filter((entry) => inScope(entry.provider)),
    { maxKeyAgeDays: input.maxKeyAgeDays, now: until },
  );
  const inFlight = inFlightRotations(histories).filter((rotation) => inScope(rotation.provider));
  const fleetHistories = histories.filter((history) => inScope(providerOf(history)));
  const schedule = buildScheduleHistory(
    fleetHistories,
    { since, until },
    providers,
    providerOf,
    () => input.deployedAt,
  );
  const inputKeyIds = new Map(
    histories.flatMap((history) => {
      const keyId = accessKeyIdOfInput(history.input);
      return keyId ? [[history.executionArn, keyId] as const] : [];
    }),
  );
  const exposureContext = {
    inputKeyIds,
    ...(input.organization && { hubAccountId: input.organization.hubAccountId }),
  };
  const evaluated = evaluateControls({
    inventory,
    inFlight,
    records,
    schedule,
    now: until,
    ...exposureContext,
  });
  const byAccount =
    input.organization &&
    buildAccountEvidence({
      organization: input.organization,
      inventory,
      records,
      inFlight,
      schedule,
      now: until,
      inputKeyIds,
      ...evaluated,
    });
  const { controls, findings } = byAccount ?? evaluated;
  const exposureResponse = buildExposureResponse({ records, inFlight, ...exposureContext });
  return {
    reportVersion: REPORT_VERSION,
    generatedAt: until.toISOString(),
    period: { since: since.toISOString(), until: until.toISOString() },
    policy: {
      maxKeyAgeDays: input.maxKeyAgeDays,
      compliantWhen: `an Active key is at most ${counted(input.maxKeyAgeDays, 'day')} old (exactly ${counted(input.maxKeyAgeDays, 'day')} is compliant)`,
    },
    source: input.source,
    summary: buildSummary({ records, inFlight, inventory, schedule, findings, exposure: exposureResponse }),
    controls,
    findings,
    records,
    exposureResponse,
    inFlight,
    inventory: byAccount?.inventory ?? inventory,
    schedule,
    merge: { ...merged.counts, conflicts: merged.conflicts },
    warnings: [
      ...(input.warnings ?? []),
      ...merged.conflicts.map(
        (key) => `archived and rebuilt records differ for ${key}; the archived one is shown`,
      ),
    ],
    ...(byAccount && { organization: byAccount.organization, accounts: byAccount.accounts }),
  };
}
