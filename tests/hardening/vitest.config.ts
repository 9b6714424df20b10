import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    // Every file starts real server processes and measures them (timing, timeouts, load):
    // one file at a time on this 2-core machine, so they do not disturb each other.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The fast-check seed: printed once for the run, configured in every test file.
    globalSetup: ['src/global-setup.ts'],
    setupFiles: ['src/setup.ts'],
  },
});
