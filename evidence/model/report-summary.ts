/**
 * The counts at the top of every format: what an auditor reads first, and
 * the one place they are computed, so the formats cannot disagree.
 */
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import type { Finding } from './controls.ts';
import { type ExposureResponse, revokedInTime } from './exposure-response.ts';
import type { InFlightRotation } from './in-flight-rotations.ts';
import type { InventoryPrincipal } from './key-inventory.ts';
import { isRefused } from './refused-attempts.ts';
import type { ScheduleHistory } from './schedule-history.ts';

export interface ReportSummary {
  readonly rotations: {
    /** Rotations that ran: succeeded + rolledBack + failed. Refused attempts are not among them. */
    readonly total: number;
    readonly succeeded: number;
    readonly rolledBack: number;
    readonly failed: number;
    /** Attempts Plan refused before any change (refused-attempts.ts); their records say FAILED. */
    readonly refused: number;
    readonly inFlight: number;
  };
  readonly keys: {
    readonly principals: number;
    readonly keys: number;
    readonly active: number;
    readonly compliant: number;
    readonly nonCompliant: number;
    readonly exempt: number;
  };
  readonly schedule: { readonly runs: number; readonly daysWithRuns: number; readonly gaps: number };
  /** Emergency rotations (exposure-response.ts): how many exposed keys were revoked, and how fast. */
  readonly exposures: {
    readonly incidents: number;
    readonly revoked: number;
    readonly revokedInTime: number;
    /** Ended, refused or re-activated with the exposed key working: each is a finding. */
    readonly notRevoked: number;
    readonly inProgress: number;
    /** Median seconds from exposure report to revocation over the revoked ones; null when none. */
    readonly medianSecondsToRevoke: number | null;
  };
  /** Findings against a control; `expected` ones (a rotation's grace window) are counted apart. */
  readonly findings: number;
  readonly expected: number;
}

export interface SummaryInputs {
  readonly records: readonly EvidenceRecord[];
  readonly inFlight: readonly InFlightRotation[];
  readonly inventory: readonly InventoryPrincipal[];
  readonly schedule: ScheduleHistory;
  readonly findings: readonly Finding[];
  readonly exposure: ExposureResponse;
}

/** The middle value (mean of the two middle ones); null for none. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

function exposureCounts(exposure: ExposureResponse): ReportSummary['exposures'] {
  const { incidents } = exposure;
  const revoked = incidents.filter((incident) => incident.status === 'REVOKED');
  const inProgress = incidents.filter((incident) => incident.status === 'IN_PROGRESS').length;
  return {
    incidents: incidents.length,
    revoked: revoked.length,
    revokedInTime: incidents.filter((incident) => revokedInTime(incident, exposure.revokeWithinMinutes))
      .length,
    notRevoked: incidents.length - revoked.length - inProgress,
    inProgress,
    medianSecondsToRevoke: medianOf(revoked.flatMap((incident) => incident.secondsToRevoke ?? [])),
  };
}

export function buildSummary(inputs: SummaryInputs): ReportSummary {
  const ran = inputs.records.filter((record) => !isRefused(record));
  const status = (value: EvidenceRecord['status']) => ran.filter((r) => r.status === value).length;
  const keys = inputs.inventory.flatMap((principal) => principal.keys);
  const classified = (value: string) => keys.filter((key) => key.classification === value).length;
  return {
    rotations: {
      total: ran.length,
      succeeded: status('SUCCEEDED'),
      rolledBack: status('ROLLED_BACK'),
      failed: status('FAILED'),
      refused: inputs.records.length - ran.length,
      inFlight: inputs.inFlight.length,
    },
    keys: {
      principals: inputs.inventory.length,
      keys: keys.length,
      active: keys.filter((key) => key.status === 'Active').length,
      compliant: classified('compliant'),
      nonCompliant: classified('non-compliant'),
      exempt: classified('exempt'),
    },
    schedule: {
      runs: inputs.schedule.runs.length,
      daysWithRuns: new Set(inputs.schedule.runs.map((run) => run.startedAt.slice(0, 10))).size,
      gaps: inputs.schedule.gaps.length,
    },
    exposures: exposureCounts(inputs.exposure),
    findings: inputs.findings.filter((finding) => finding.outcome === 'finding').length,
    expected: inputs.findings.filter((finding) => finding.outcome === 'expected').length,
  };
}
