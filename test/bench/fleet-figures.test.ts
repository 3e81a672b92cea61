import { describe, expect, it } from 'vitest';
import { analyseFleetRun, type FleetRunFigures, fleetGrowth } from '../../bench/fleet-figures.ts';

function run(size: number, wallMs: number, overrides: Partial<FleetRunFigures> = {}): FleetRunFigures {
  return {
    size,
    status: 'SUCCEEDED',
    complete: true,
    deadlineSeconds: undefined,
    seedMs: 1,
    setupMs: 1,
    discoverMs: 0,
    wallMs,
    rotated: size,
    failed: 0,
    failures: [],
    summaryCounts: undefined,
    peakRssMb: 1,
    baselineRssMb: 1,
    maxRssMb: 1,
    progress: [],
    ...overrides,
  };
}

describe('analyseFleetRun', () => {
  it('reports a complete run as measured', () => {
    // Act
    const figures = analyseFleetRun(run(100, 20_000));

    // Assess
    expect(figures).toEqual({
      size: 100,
      complete: true,
      principalsPerSecond: 5,
      msPerPrincipal: 200,
      totalMs: 20_000,
    });
  });

  it('extends a stopped run at its measured rotation rate, Discover counted once', () => {
    // Prepare: Discover took 4 s, then 150 rotations in 76 s
    const stopped = run(1000, 80_000, {
      complete: false,
      status: 'ABORTED',
      discoverMs: 4_000,
      rotated: 150,
    });

    // Act
    const figures = analyseFleetRun(stopped);

    // Assess
    expect(figures.complete).toBe(false);
    expect(figures.totalMs).toBeCloseTo(4_000 + (76_000 / 150) * 1000, 6);
    expect(figures.principalsPerSecond).toBeCloseTo(150 / 80, 10);
  });
});

describe('fleetGrowth', () => {
  it('finds exponent 1 and per-principal growth 1 for a linear fleet', () => {
    // Act
    const growth = fleetGrowth([run(1000, 100_000), run(100, 10_000), run(5000, 500_000)]);

    // Assess
    expect(growth.sizes.map((entry) => entry.size)).toEqual([100, 1000, 5000]);
    expect(growth.exponent).toBeCloseTo(1, 10);
    expect(growth.sizes[1]?.growthFromPrevious).toBeCloseTo(1, 10);
    expect(growth.linearR2).toBeCloseTo(1, 10);
  });

  it('finds exponent 2 for a quadratic fleet', () => {
    // Act
    const growth = fleetGrowth([run(100, 100 ** 2), run(1000, 1000 ** 2), run(5000, 5000 ** 2)]);

    // Assess
    expect(growth.exponent).toBeCloseTo(2, 10);
    expect(growth.sizes[1]?.growthFromPrevious).toBeCloseTo(10, 10);
    expect(growth.sizes[2]?.growthFromPrevious).toBeCloseTo(5, 10);
  });

  it('gives no r² through two points, where any line fits', () => {
    // Act
    const growth = fleetGrowth([run(100, 10_000), run(1000, 300_000)]);

    // Assess
    expect(growth.exponent).toBeDefined();
    expect(growth.exponentR2).toBeUndefined();
    expect(growth.linearR2).toBeUndefined();
  });
});
