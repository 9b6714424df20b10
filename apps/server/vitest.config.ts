import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

/** Starts the PostgreSQL of the postgres project (or takes TEST_DATABASE_URL's). */
const postgresSetup = createRequire(import.meta.url).resolve('@push-api/test-support/postgres-setup');

/** Tests of the SQLite engine itself, or that do not depend on the engine: the sqlite project runs them. */
const SQLITE_PROJECT_ONLY = [
  'test/store.test.ts',
  'test/sqlite-process.test.ts',
  'test/config.test.ts',
  'test/rate-limit-redis.test.ts',
  'test/launcher.test.ts',
];
/** Tests of the PostgreSQL engine itself. */
const POSTGRES_PROJECT_ONLY = ['test/postgres.test.ts', 'test/postgres-commit.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Two cores shared with other work: keep parallelism modest.
    maxWorkers: 2,
    // The same suite on both engines: the embedded SQLite store, and PostgreSQL (a throwaway
    // cluster started by test/postgres-setup.ts, or the one of TEST_DATABASE_URL).
    projects: [
      {
        extends: true,
        // test/global-setup.ts compiles dist/ when it is older than src/ (process tests run it).
        test: {
          name: 'sqlite',
          globalSetup: ['test/global-setup.ts'],
          env: { PUSH_API_TEST_ENGINE: 'sqlite' },
          exclude: POSTGRES_PROJECT_ONLY,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          globalSetup: ['test/global-setup.ts', postgresSetup],
          env: { PUSH_API_TEST_ENGINE: 'postgres' },
          exclude: SQLITE_PROJECT_ONLY,
        },
      },
    ],
  },
});
