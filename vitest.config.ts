import { defineConfig } from 'vitest/config';

/** At least this share of lines must run under the tests, per tree (the habit of Powertools for AWS Lambda). */
const MIN_LINES = { lines: 90 };

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    // A suite's set-up may synthesize the app and start a Lambda container; on two busy cores that takes minutes.
    hookTimeout: 300_000,
    // CDK synth and the local cloud are heavy; two cores are all CI has.
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      // What runs in Lambda, and the local cloud the workflows run against.
      include: ['lambdas/**/*.ts', 'packages/local-cloud/src/**/*.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      // A failing test still shows what the run covered.
      reportOnFailure: true,
      thresholds: {
        'lambdas/**': MIN_LINES,
        'packages/local-cloud/src/**': MIN_LINES,
      },
    },
  },
});
