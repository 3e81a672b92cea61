import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // CDK synth and the local cloud are heavy; two cores are all CI has.
    maxWorkers: 2,
  },
});
