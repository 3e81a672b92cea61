import { defineConfig } from 'vitest/config';

/** At least this share of lines must run under the tests, per tree (the habit of Powertools for AWS Lambda). */
const MIN_LINES = { lines: 90 };

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // CDK synth and the local cloud are heavy; two cores are all CI has.
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      // What runs in Lambda, and the local cloud the workflows run against (before and after it became a package).
      include: ['lambdas/**/*.ts', 'local/cloud/**/*.ts', 'packages/local-cloud/src/**/*.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      // A failing test still shows what the run covered.
      reportOnFailure: true,
      thresholds: {
        'lambdas/**': MIN_LINES,
        'local/cloud/**': MIN_LINES,
        'packages/local-cloud/src/**': MIN_LINES,
      },
    },
  },
});
