import { describe, expect, it } from 'vitest';
import { billedMs, costOf, PRICES } from '../../bench/cost.ts';

describe('costOf', () => {
  it('prices 1,000 rotations of 12 transitions at $0.025 per 1,000 transitions', () => {
    // Act
    const cost = costOf({ stateTransitions: 12, lambdaDurationsMs: [] });

    // Assess
    expect(cost.stepFunctionsUsd).toBeCloseTo(0.3, 12);
    expect(cost.totalUsd).toBeCloseTo(0.3, 12);
  });

  it('charges $0.20 per million Lambda requests', () => {
    // Act
    const cost = costOf({ stateTransitions: 0, lambdaDurationsMs: [1, 1, 1, 1, 1] }, 1_000_000);

    // Assess
    expect(cost.lambdaRequestsUsd).toBeCloseTo(1.0, 9);
  });

  it('bills GB-seconds at 256 MB with each duration rounded up to the millisecond', () => {
    // Prepare: 8 invocations of 99.2 ms bill as 100 ms each: 0.8 s × 0.25 GB = 0.2 GB-s per rotation
    const usage = { stateTransitions: 0, lambdaDurationsMs: Array.from({ length: 8 }, () => 99.2) };

    // Act
    const cost = costOf(usage, 1000);

    // Assess
    expect(cost.lambdaComputeUsd).toBeCloseTo(0.2 * 1000 * 0.0000133334, 12);
  });

  it('adds the three parts into the total', () => {
    // Act
    const cost = costOf({ stateTransitions: 13, lambdaDurationsMs: [60, 30, 5.5] });

    // Assess
    expect(cost.totalUsd).toBeCloseTo(
      cost.stepFunctionsUsd + cost.lambdaRequestsUsd + cost.lambdaComputeUsd,
      15,
    );
  });

  it('states the prices it used', () => {
    // Assess
    expect(PRICES.source).toContain('$0.025 per 1,000 state transitions');
    expect(PRICES.lambdaMemoryMb).toBe(256);
  });
});

describe('billedMs', () => {
  it('rounds up to the next millisecond and never bills below one', () => {
    // Act / Assess
    expect(billedMs(12.01)).toBe(13);
    expect(billedMs(12)).toBe(12);
    expect(billedMs(0.2)).toBe(1);
  });
});
