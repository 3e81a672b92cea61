/**
 * What a rotation costs at list prices: Step Functions Standard bills state
 * transitions, Lambda bills requests and GB-seconds (per started 1 ms).
 * The prices are constants here and printed with every result, so a reader
 * can tell which price list a figure was computed with.
 */

export const PRICES = {
  /** Step Functions Standard, USD per state transition ($0.025 per 1,000). */
  stateTransitionUsd: 0.025 / 1000,
  /** Lambda arm64, USD per GB-second. */
  lambdaGbSecondUsd: 0.0000133334,
  /** Lambda, USD per request ($0.20 per 1M). */
  lambdaRequestUsd: 0.2 / 1_000_000,
  /** Every rotation function is deployed with 256 MB (lib/platform/rotator-function.ts). */
  lambdaMemoryMb: 256,
  source:
    'AWS list prices, us-east-1: Step Functions Standard $0.025 per 1,000 state transitions; Lambda arm64 $0.0000133334 per GB-second, $0.20 per 1M requests',
} as const;

export interface RotationUsage {
  readonly stateTransitions: number;
  /** Every Lambda invocation, retries included, with its duration in ms. */
  readonly lambdaDurationsMs: readonly number[];
}

export interface RotationCost {
  readonly stepFunctionsUsd: number;
  readonly lambdaRequestsUsd: number;
  readonly lambdaComputeUsd: number;
  readonly totalUsd: number;
}

/** Lambda bills each invocation's duration rounded up to the next millisecond. */
export function billedMs(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs));
}

/** Cost of `count` rotations that each use what `usage` measured for one. */
export function costOf(usage: RotationUsage, count = 1000, prices = PRICES): RotationCost {
  const stepFunctionsUsd = usage.stateTransitions * prices.stateTransitionUsd * count;
  const lambdaRequestsUsd = usage.lambdaDurationsMs.length * prices.lambdaRequestUsd * count;
  const gbSeconds = usage.lambdaDurationsMs.reduce(
    (sum, ms) => sum + (billedMs(ms) / 1000) * (prices.lambdaMemoryMb / 1024),
    0,
  );
  const lambdaComputeUsd = gbSeconds * prices.lambdaGbSecondUsd * count;
  return {
    stepFunctionsUsd,
    lambdaRequestsUsd,
    lambdaComputeUsd,
    totalUsd: stepFunctionsUsd + lambdaRequestsUsd + lambdaComputeUsd,
  };
}
