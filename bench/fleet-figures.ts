/**
 * What a fleet run reports, and how the sizes compare: time per principal at
 * each size, its growth per step, and the exponent k of time ∝ principals^k
 * (a line through log time against log size: k ≈ 1 is linear, 2 quadratic).
 * A run stopped at its deadline counts only with its measured rate, marked
 * as a lower bound.
 */
import { growthPerPrincipal, linearFit } from './stats.ts';

export interface FleetRunFigures {
  readonly size: number;
  /** The hub and its member accounts the principals are spread over (1: the hub alone). */
  readonly accounts?: number;
  readonly status: string;
  /** Every principal rotated and the execution succeeded before any deadline. */
  readonly complete: boolean;
  readonly deadlineSeconds: number | undefined;
  readonly seedMs: number;
  /** Synthesis and the local Lambda container: once per session, not per principal. */
  readonly setupMs: number;
  /** From the fleet start until Discover exited. */
  readonly discoverMs: number | undefined;
  /** From the fleet start until the execution ended (or was stopped). */
  readonly wallMs: number;
  readonly rotated: number;
  readonly failed: number;
  readonly failures: readonly {
    readonly principal: string;
    readonly error?: string;
    readonly cause?: string;
  }[];
  readonly summaryCounts: Readonly<Record<string, number>> | undefined;
  /** Highest RSS sampled every 500 ms during the run; baseline is just before it. */
  readonly peakRssMb: number;
  readonly baselineRssMb: number;
  /** The process's peak RSS (synthesis included). */
  readonly maxRssMb: number;
  readonly progress: readonly { readonly done: number; readonly ms: number }[];
  /**
   * The largest input or output of a fleet-level state (JSON bytes), and
   * which: Step Functions refuses any over 256 KiB, the local runner does not.
   */
  readonly largestStatePayload?: { readonly bytes: number; readonly state: string };
}

export interface FleetSizeAnalysis {
  readonly size: number;
  readonly complete: boolean;
  readonly principalsPerSecond: number;
  /** Fleet wall time per principal; for a stopped run, the rate measured so far. */
  readonly msPerPrincipal: number;
  /** The whole run's time: measured, or for a stopped run a lower bound at its measured rate. */
  readonly totalMs: number;
  /** Time per principal relative to the next smaller size (1 = linear). */
  readonly growthFromPrevious: number | undefined;
}

export interface FleetGrowth {
  readonly sizes: readonly FleetSizeAnalysis[];
  /** time ∝ principals^exponent, fitted over every size (lower bounds included). */
  readonly exponent: number | undefined;
  readonly exponentR2: number | undefined;
  /** A straight line through (principals, total ms): its r². */
  readonly linearR2: number | undefined;
}

export function analyseFleetRun(run: FleetRunFigures): Omit<FleetSizeAnalysis, 'growthFromPrevious'> {
  if (run.complete) {
    return {
      size: run.size,
      complete: true,
      principalsPerSecond: run.size / (run.wallMs / 1000),
      msPerPrincipal: run.wallMs / run.size,
      totalMs: run.wallMs,
    };
  }
  // Stopped: Discover once, then the rotations at the rate measured so far (they only get slower).
  const discoverMs = run.discoverMs ?? run.wallMs;
  const rotatingMs = Math.max(0, run.wallMs - discoverMs);
  const msPerRotation = run.rotated > 0 ? rotatingMs / run.rotated : Number.POSITIVE_INFINITY;
  const totalMs = discoverMs + msPerRotation * run.size;
  return {
    size: run.size,
    complete: false,
    principalsPerSecond: run.rotated / (run.wallMs / 1000),
    msPerPrincipal: totalMs / run.size,
    totalMs,
  };
}

export function fleetGrowth(runs: readonly FleetRunFigures[]): FleetGrowth {
  const analysed = [...runs].sort((a, b) => a.size - b.size).map(analyseFleetRun);
  const sizes = analysed.map((entry, index) => {
    const previous = analysed[index - 1];
    return {
      ...entry,
      growthFromPrevious: previous
        ? growthPerPrincipal({ n: previous.size, ms: previous.totalMs }, { n: entry.size, ms: entry.totalMs })
        : undefined,
    };
  });
  const finite = sizes.filter((entry) => Number.isFinite(entry.totalMs));
  if (finite.length < 2) return { sizes, exponent: undefined, exponentR2: undefined, linearR2: undefined };
  const logFit = linearFit(
    finite.map((entry) => Math.log(entry.size)),
    finite.map((entry) => Math.log(entry.totalMs)),
  );
  const line = linearFit(
    finite.map((entry) => entry.size),
    finite.map((entry) => entry.totalMs),
  );
  // Through two points any line fits perfectly: r² says something only from three on.
  const meaningful = finite.length >= 3;
  return {
    sizes,
    exponent: logFit.slope,
    exponentR2: meaningful ? logFit.r2 : undefined,
    linearR2: meaningful ? line.r2 : undefined,
  };
}
