import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    // Each test builds the page (vite build), starts Chromium and, in server mode, the reference server.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
