// The targets the suite runs against: the mock as `pnpm mock` runs it (Prism behind the
// server's checks), the reference server (the built dist/main.cjs, with both test apps
// configured), and Prism as a validating proxy in front of it.
import { inject } from 'vitest';
import {
  OTHER_APP,
  TEST_APP,
  createDatabase,
  freePort,
  pushApps,
  serverExecutable,
  startServer as startServerProcess,
  type ServerProcess,
} from '@push-api/test-support';

import { startPrism, startPrismMock, type Running } from '@push-api/mock-server';

export type Target = Running;

/** The stateless mock on a free port. */
export async function startMock(): Promise<Target> {
  return startPrismMock({ port: await freePort() });
}

/** Prism as a validating proxy (`--errors`) in front of an upstream server. */
export async function startProxy(upstream: { url: string }): Promise<Target> {
  return startPrism({ mode: 'proxy', upstream: upstream.url, port: await freePort(), errors: true });
}

const serverMain = serverExecutable(import.meta.resolve('@push-api/server/package.json'));

/** The store engine under test (vitest.config.ts runs the server's suites once per engine). */
export const engine: 'sqlite' | 'postgres' = process.env.PUSH_API_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The reference server on fresh data (a new folder, or a new PostgreSQL database), with both test apps. */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const database: Record<string, string> = engine === 'postgres' ? { DATABASE_URL: await createDatabase(inject('databaseUrl')) } : {};
  return startServerProcess({
    main: serverMain,
    env: { LOG_LEVEL: 'warn', PUSH_APPS: pushApps(TEST_APP, OTHER_APP), ...database, ...env },
  });
}
