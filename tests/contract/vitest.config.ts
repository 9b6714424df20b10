import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

/** Starts the PostgreSQL of the postgres project (or takes TEST_DATABASE_URL's). */
const postgresSetup = createRequire(import.meta.url).resolve('@push-api/test-support/postgres-setup');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    // Each file starts its own servers (Prism, the reference server); one at a time keeps
    // this 2-core machine from timing out Prism's slow start.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // The suites that run the reference server, once per store engine: SQLite (everything),
    // and PostgreSQL (a throwaway cluster, or TEST_DATABASE_URL; a database per server).
    projects: [
      { extends: true, test: { name: 'sqlite', env: { PUSH_API_TEST_ENGINE: 'sqlite' } } },
      {
        extends: true,
        test: {
          name: 'postgres',
          // What does not depend on the server's store engine runs in the SQLite project only: the
          // Python samples' check, the mocks, the fake, MSW, Bun and Deno, the client's bulk
          // recall and its runtimes.
          exclude: [
            'test/mock.test.ts',
            'test/coverage.test.ts',
            'test/types.test-d.ts',
            'test/samples-python.test.ts',
            'test/runtime-conformance.test.ts',
            'test/msw-node.test.ts',
            'test/msw-browser.test.ts',
            'test/client-bulk.test.ts',
            'test/client-runtimes.test.ts',
          ],
          typecheck: { enabled: false },
          env: { PUSH_API_TEST_ENGINE: 'postgres' },
          globalSetup: [postgresSetup],
        },
      },
    ],
  },
});
