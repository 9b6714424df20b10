import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

/** Starts the PostgreSQL the instances share (or takes TEST_DATABASE_URL's). */
const postgresSetup = createRequire(import.meta.url).resolve('@push-api/test-support/postgres-setup');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    // Real processes under load: one file at a time on this 2-core machine.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    globalSetup: ['src/global-setup.ts', postgresSetup],
  },
});
