import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    // Each file starts Prism (a Node process of its own): one file at a time on 2 cores.
    fileParallelism: false,
    testTimeout: 30_000,
    // Starting Prism: up to its readiness bound (src/prism.ts) on a busy machine.
    hookTimeout: 120_000,
  },
});
