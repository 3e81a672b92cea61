/** The first-line table states each figure against `cdk synth -q` and says whether warm meets ≤ 0.1×. */
import { describe, expect, it } from 'vitest';
import type { AkrStartTiming, FirstLineReport } from '../../bench/first-line.ts';
import { firstLineSection } from '../../bench/first-line-report.ts';

function report(warmMs: number): FirstLineReport {
  const sample = (firstLineMs: number): AkrStartTiming => ({
    firstLineMs,
    firstStepMs: firstLineMs + 500,
    synthNoticeMs: undefined,
    exitMs: firstLineMs + 900,
  });
  return {
    runs: 1,
    cdkSynthMs: { median: 20_000, samples: [20_000] },
    cold: { firstLineMs: 1_000, firstStepMs: 9_000, samples: [sample(1_000)] },
    warm: { firstLineMs: warmMs, firstStepMs: warmMs + 500, samples: [sample(warmMs)] },
    warmRatio: warmMs / 20_000,
    coldRatio: 1_000 / 20_000,
    targetRatio: 0.1,
  };
}

describe('first-line report', () => {
  it('gives seconds and the ratio to cdk synth for each run', () => {
    const text = firstLineSection(report(500));
    expect(text).toMatch(/cdk synth -q.*\| +20\.00 \| +1× \|/);
    expect(text).toMatch(/cold.*\| +1\.00 \| +0\.050× \| +9\.00 \|/);
    expect(text).toMatch(/warm.*\| +0\.50 \| +0\.025× \| +1\.00 \|/);
    expect(text).toContain('**0.025×** of `cdk synth -q`, which meets the target of ≤ 0.1×');
  });

  it('says when warm misses the target', () => {
    expect(firstLineSection(report(2_500))).toContain(
      '**0.125×** of `cdk synth -q`, which misses the target',
    );
  });
});
