/**
 * The figures of the emergency benchmark, from what each run left: its
 * evidence record (exposure report and revocation times) and its execution's
 * event log (state transitions). Pure, so test/bench/ pins them without
 * running a rotation.
 *
 * Time to revoke is the record's own: from `exposureReportedAt` (the bench
 * sets it just before starting the execution, as the Health Lambda sets it
 * to the event's time) to `revokedAt`, when the exposed key stopped working
 * (AWS: Inactive; Yandex: deleted).
 */
import type { Provider } from '../lambdas/rotation/rotation-state.ts';
import { median } from './stats.ts';

/** What one emergency run left, as the runner saw it. */
export interface EmergencyRun {
  readonly provider: Provider;
  readonly status: string;
  readonly exposureReportedAt: string | null;
  readonly revokedAt: string | null;
  readonly revocation: string | null;
  /** StateEntered events of the execution, in order: its path through the graph. */
  readonly statesEntered: readonly string[];
  readonly retries: number;
  readonly wallMs: number;
}

export interface EmergencyFigures {
  readonly provider: Provider;
  readonly runs: number;
  /** Runs whose exposed key was revoked: only they have a time to revoke. */
  readonly revoked: number;
  readonly revocation: string | null;
  readonly timeToRevokeMs: { readonly median: number; readonly p95: number; readonly max: number } | null;
  /** Billed transitions of one run (states entered plus retries); the range when runs differ. */
  readonly stateTransitions: { readonly min: number; readonly max: number };
  /** The states of the first run, in order. */
  readonly path: readonly string[];
  readonly medianWallMs: number;
}

/** Milliseconds from the exposure report to the revocation; null when either is missing. */
export function timeToRevokeMs(run: Pick<EmergencyRun, 'exposureReportedAt' | 'revokedAt'>): number | null {
  if (!run.exposureReportedAt || !run.revokedAt) return null;
  return Date.parse(run.revokedAt) - Date.parse(run.exposureReportedAt);
}

/** Nearest-rank percentile (p in 0–100]: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is outside (0, 100]`);
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
}

export function emergencyFigures(provider: Provider, runs: readonly EmergencyRun[]): EmergencyFigures {
  const own = runs.filter((run) => run.provider === provider);
  if (own.length === 0) throw new Error(`no emergency run for ${provider}`);
  const times = own.flatMap((run) => timeToRevokeMs(run) ?? []);
  const transitions = own.map((run) => run.statesEntered.length + run.retries);
  return {
    provider,
    runs: own.length,
    revoked: times.length,
    revocation: own.find((run) => run.revocation)?.revocation ?? null,
    timeToRevokeMs:
      times.length === 0
        ? null
        : { median: median(times), p95: percentile(times, 95), max: Math.max(...times) },
    stateTransitions: { min: Math.min(...transitions), max: Math.max(...transitions) },
    path: own[0]?.statesEntered ?? [],
    medianWallMs: median(own.map((run) => run.wallMs)),
  };
}
