// The targets the contract suite runs against, each started on free ports of 127.0.0.1 (or
// in this process) and stopped by its PID: the reference server (the built dist/main.cjs,
// with both test apps) on the store engine of the vitest project, Prism as a validating proxy
// in front of it, the two mocks as `pnpm mock` runs them, the fake in this process, and the
// engine served by Bun and by Deno. (MSW in Node and in Chromium: test/msw-*.test.ts.)
import { fileURLToPath } from 'node:url';
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
import { runtimeExecutable } from '@push-api/test-support/runtimes';
import { createFakePushApi } from '@push-api/mock';
import { startPrism, startPrismMock, startStatefulMock, type Running } from '@push-api/mock-server';
import type { ConformanceTarget } from './conformance.js';

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

/** A conformance target made of running things, closed together. */
export interface RunningTarget extends ConformanceTarget {
  close(): Promise<void>;
}

const over = (running: { url: string }) => ({ url: running.url, fetch: globalThis.fetch });
const together = (parts: Target[]) => () => Promise.all(parts.map((part) => part.close())).then(() => undefined);

/** The server (no rate limit) and the same with a limit of 1 per second. */
export async function serverTarget(): Promise<RunningTarget & { servers: ServerProcess[] }> {
  const servers = await Promise.all([startServer({ RATE_LIMIT_PER_SECOND: '0' }), startServer({ RATE_LIMIT_PER_SECOND: '1' })]);
  const [main, limited] = servers;
  return { servers, main: over(main), limited: over(limited), close: together(servers) };
}

/** Prism's validating proxy in front of a server target's two servers. */
export async function proxyTarget(servers: ServerProcess[]): Promise<RunningTarget> {
  const proxies = await Promise.all(servers.map((server) => startProxy(server)));
  const [main, limited] = proxies as [Target, Target];
  return { main: over(main), limited: over(limited), close: together(proxies) };
}

/** `pnpm mock`: Prism behind the server's checks (stateless). */
export async function prismMockTarget(): Promise<RunningTarget> {
  const mock = await startMock();
  return { main: over(mock), close: () => mock.close() };
}

/** `pnpm mock --stateful`, with both test apps (and a second one limited to 1 request per second). */
export async function statefulMockTarget(): Promise<RunningTarget> {
  const apps = [TEST_APP, OTHER_APP];
  const mocks = await Promise.all([
    startStatefulMock({ port: await freePort(), apps, rateLimitPerSecond: 0 }),
    startStatefulMock({ port: await freePort(), apps, rateLimitPerSecond: 1 }),
  ]);
  const [main, limited] = mocks;
  return { main: over(main), limited: over(limited), close: together(mocks) };
}

/** The fake's fetch, in this process: the URL is the client's default data centre. */
export function fakeTarget(): RunningTarget {
  const fake = createFakePushApi({ otherApps: [OTHER_APP], rateLimitPerSecond: 0 });
  const limited = createFakePushApi({ otherApps: [OTHER_APP], rateLimitPerSecond: 1 });
  const url = 'https://pushapi-sgp.engagelab.com';
  return {
    main: { url, fetch: fake.fetch },
    limited: { url, fetch: limited.fetch },
    close: () => Promise.resolve(),
  };
}

const SERVE_ENGINE = fileURLToPath(new URL('serve-engine.mjs', import.meta.url));

/** The engine served by Bun (Bun.serve) or Deno (Deno.serve): src/serve-engine.mjs. */
export async function runtimeTarget(runtime: 'bun' | 'deno'): Promise<RunningTarget> {
  const executable = runtimeExecutable(runtime);
  const args = runtime === 'deno' ? ['run', '--allow-net=127.0.0.1', '--allow-env', '--allow-read'] : [];
  const start = (limit: string) =>
    startServerProcess({
      main: SERVE_ENGINE,
      runtime: { executable, args },
      env: { PUSH_APPS: pushApps(TEST_APP, OTHER_APP), RATE_LIMIT_PER_SECOND: limit },
      // The engine alone has no /healthz: a GET of a path of the spec answers 405 once it listens.
      ready: { method: 'GET', path: '/v4/push', status: 405 },
      readyTimeoutMs: 60_000,
    });
  const servers = await Promise.all([start('0'), start('1')]);
  const [main, limited] = servers;
  return { main: over(main), limited: over(limited), close: together(servers) };
}
