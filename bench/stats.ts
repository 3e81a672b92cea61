/**
 * The arithmetic the benchmark reports with: medians of repeated timings and
 * the straight-line fit that tells whether fleet time grows linearly.
 * Pure functions, so test/bench/ can pin them without running anything.
 */

/** The middle value (mean of the two middle ones for an even count); medians ignore a stray slow run. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  /** Share of the variance the line explains: 1 is a perfect line. */
  readonly r2: number;
}

/** Least-squares line y = slope·x + intercept. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  if (xs.length !== ys.length || xs.length < 2) throw new Error('linearFit needs two or more (x, y) pairs');
  const n = xs.length;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - meanX;
    const dy = (ys[i] as number) - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new Error('linearFit needs at least two distinct x values');
  const slope = sxy / sxx;
  // Every y equal: the flat line explains it all.
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: meanY - slope * meanX, r2 };
}

/**
 * How much time grows from one size to the next, normalised to the size step:
 * 1 means time per principal stayed the same (linear), 2 means it doubled.
 */
export function growthPerPrincipal(
  smaller: { readonly n: number; readonly ms: number },
  larger: { readonly n: number; readonly ms: number },
): number {
  return larger.ms / larger.n / (smaller.ms / smaller.n);
}
