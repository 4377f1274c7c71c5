import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'host',
          include: ['test/host/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Not part of `npm test`: `npm run bench` runs it (ratios, never a pass/fail on a number).
        test: {
          name: 'bench',
          include: ['test/bench/**/*.bench.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
        },
      },
      {
        // The real agent CLIs: run on their own after the host suite, so their load never
        // skews the timing of other tests.
        test: {
          name: 'agents',
          include: ['test/agents/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'unit',
          include: ['test/renderer/**/*.test.ts', 'test/common/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
