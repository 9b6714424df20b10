import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // samples/: the guides' example test files (shown by `<!-- docs-sample: … -->`) run as tests.
    include: ['test/**/*.test.ts', 'samples/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    globalSetup: ['./test/global-setup.ts'],
    // One file at a time: the browser and the Prism mock are heavy on a 2-core machine.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
