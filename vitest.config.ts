import { defineConfig } from 'vitest/config';

// Unit tests next to the sources, and the contract suite against the msw emulator.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'mocks/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['test/real/**', 'test/**/*.real.test.ts', 'test/browser/**', 'node_modules/**'],
    env: { CONTRACT_TARGET: 'emulator' },
    testTimeout: 20_000,
  },
});
