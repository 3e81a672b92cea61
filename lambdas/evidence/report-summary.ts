/**
 * The counts at the top of every format: what an auditor reads first, and
 * the one place they are computed, so the formats cannot disagree.
 */
import type { EvidenceRecord } from '../rotation/rotation-state.ts';
import type { Finding } from './controls.ts';
import type { InFlightRotation } from './in-flight-rotations.ts';
import type { InventoryPrincipal } from './key-inventory.ts';
import type { ScheduleHistory } from './schedule-history.ts';

export interface ReportSummary {
  readonly rotations: {
    readonly total: number;
    readonly succeeded: number;
    readonly rolledBack: number;
    readonly failed: number;
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
}

export function buildSummary(inputs: SummaryInputs): ReportSummary {
  const status = (value: EvidenceRecord['status']) => inputs.records.filter((r) => r.status === value).length;
  const keys = inputs.inventory.flatMap((principal) => principal.keys);
  const classified = (value: string) => keys.filter((key) => key.classification === value).length;
  return {
    rotations: {
      total: inputs.records.length,
      succeeded: status('SUCCEEDED'),
      rolledBack: status('ROLLED_BACK'),
      failed: status('FAILED'),
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
    findings: inputs.findings.filter((finding) => finding.outcome === 'finding').length,
    expected: inputs.findings.filter((finding) => finding.outcome === 'expected').length,
  };
}
