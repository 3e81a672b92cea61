import { describe, expect, it } from 'vitest';
import { growthPerPrincipal, linearFit, median } from '../../bench/stats.ts';

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    // Act
    const value = median([9, 1, 5, 7, 3]);

    // Assess
    expect(value).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    // Act
    const value = median([4, 1, 3, 2]);

    // Assess
    expect(value).toBe(2.5);
  });

  it('ignores one stray slow run', () => {
    // Act
    const value = median([100, 101, 99, 5000, 100]);

    // Assess
    expect(value).toBe(100);
  });

  it('refuses no values rather than inventing one', () => {
    // Act / Assess
    expect(() => median([])).toThrow('median of no values');
  });
});

describe('linearFit', () => {
  it('recovers an exact line with r² 1', () => {
    // Act
    const fit = linearFit([100, 1000, 5000], [2_000, 11_000, 51_000]);

    // Assess
    expect(fit.slope).toBeCloseTo(10, 10);
    expect(fit.intercept).toBeCloseTo(1000, 6);
    expect(fit.r2).toBeCloseTo(1, 12);
  });

  it('gives r² below 1 for points off the line', () => {
    // Act
    const fit = linearFit([1, 2, 3, 4], [1, 3, 2, 4]);

    // Assess
    expect(fit.slope).toBeCloseTo(0.8, 10);
    expect(fit.r2).toBeCloseTo(0.64, 10);
  });

  it('finds the exponent of a power law in log space', () => {
    // Prepare: time = 0.5 · n², a quadratic fleet
    const sizes = [100, 1000, 5000];

    // Act
    const fit = linearFit(
      sizes.map((n) => Math.log(n)),
      sizes.map((n) => Math.log(0.5 * n * n)),
    );

    // Assess
    expect(fit.slope).toBeCloseTo(2, 10);
  });

  it('refuses pairs that cannot define a line', () => {
    // Act / Assess
    expect(() => linearFit([1], [1])).toThrow('two or more');
    expect(() => linearFit([2, 2], [1, 3])).toThrow('distinct x');
  });
});

describe('growthPerPrincipal', () => {
  it('is 1 when time grows exactly with the principals', () => {
    // Act / Assess
    expect(growthPerPrincipal({ n: 100, ms: 20_000 }, { n: 1000, ms: 200_000 })).toBe(1);
  });

  it('is 10 when ten times the principals take a hundred times as long', () => {
    // Act / Assess
    expect(growthPerPrincipal({ n: 100, ms: 20_000 }, { n: 1000, ms: 2_000_000 })).toBe(10);
  });
});
