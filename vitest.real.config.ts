import { defineConfig } from 'vitest/config';

// The same contract suite against the real Flask-Restless server (test/server/), plus the tests of
// behaviour only the real server has (test/real/). Each file starts its own server process.
export default defineConfig({
  test: {
    include: ['test/contract/**/*.test.ts', 'test/real/**/*.test.ts', 'test/faults/**/*.real.test.ts'],
    env: { CONTRACT_TARGET: 'real' },
    testTimeout: 30_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
  },
});
