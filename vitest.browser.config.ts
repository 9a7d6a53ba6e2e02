import { defineConfig } from 'vitest/config';

// End-to-end tests in headless Chromium (Debian's chromium, driven by playwright-core): the library
// bundled for the browser, and the framework examples, against the real classic server (through a
// same-origin proxy) and the msw emulator in the page.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
