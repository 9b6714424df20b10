// The server in-process, on a fresh SQLite store with the two test apps, a manual clock, and
// small request helpers. Nothing here asserts; the test files do.
import type { FastifyBaseLogger, FastifyInstance, LightMyRequestResponse } from 'fastify';
import { rmSync } from 'node:fs';
import { OTHER_APP, TEST_APP, basicAuthorization, tempDir, useTestServer, type TestApp } from '@push-api/test-support';
import { buildApp, type AppConfig } from '../src/app.js';
import type { Clock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { provisionApps } from '../src/provision-apps.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';

export { OTHER_APP, TEST_APP, tempDir };

export class ManualClock implements Clock {
  constructor(public ms: number = Date.UTC(2026, 10, 25, 12, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TestServer {
  app: FastifyInstance;
  store: SqliteStore;
  clock: ManualClock;
  dataDir: string;
  /** Closes the app and the store (the data directory is kept unless `remove`). */
  close(remove?: boolean): Promise<void>;
}

export interface TestServerOptions {
  dataDir?: string;
  rateLimitPerSecond?: number;
  clock?: ManualClock;
  production?: boolean;
  logger?: FastifyBaseLogger;
  docsDir?: string | null;
  /** The smallest msg_id the store allocates. */
  firstMessageId?: bigint;
  /** Settings beside the defaults (loadConfig's) and the options above. */
  config?: Partial<AppConfig>;
  /** Replaces the SQLite store given to buildApp (it is still used for provisioning). */
  wrapStore?: (store: SqliteStore) => Store;
  apps?: TestApp[];
}

export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const clock = options.clock ?? new ManualClock();
  const store = openSqliteStore({ dataDir, ...(options.firstMessageId !== undefined ? { firstMessageId: options.firstMessageId } : {}) });
  await provisionApps(store, {
    dataDir,
    pushApps: options.apps ?? [TEST_APP, OTHER_APP],
    production: options.production ?? false,
    clock,
  });
  const config: AppConfig = {
    ...loadConfig({}, dataDir),
    rateLimitPerSecond: options.rateLimitPerSecond ?? 0,
    production: options.production ?? false,
    ...options.config,
  };
  const app = await buildApp({
    store: options.wrapStore ? options.wrapStore(store) : store,
    config,
    clock,
    docsDir: options.docsDir === undefined ? null : options.docsDir,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await app.ready();
  return {
    app,
    store,
    clock,
    dataDir,
    async close(remove = true) {
      await app.close();
      await store.close();
      if (remove) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A server for each test (or, with scope 'all', for the tests of the file); closed after. */
export function useServer(options: TestServerOptions = {}, scope: 'each' | 'all' = 'each'): () => TestServer {
  return useTestServer(() => createTestServer(options), { scope });
}

export const authorization = (credentials: TestApp) => ({ authorization: basicAuthorization(credentials) });

/** A minimal valid push: a notification to everyone. */
export function notificationPush(extra: Record<string, unknown> = {}, options?: Record<string, unknown>) {
  return {
    to: 'all',
    body: { platform: 'all', notification: { alert: 'Hello, push!' }, ...(options ? { options } : {}) },
    ...extra,
  };
}

export function push(app: FastifyInstance, credentials: TestApp, payload: unknown, url = '/v4/push') {
  return app.inject({ method: 'POST', url, headers: authorization(credentials), payload: payload as object });
}

export function recall(app: FastifyInstance, credentials: TestApp, msgId: string) {
  return app.inject({ method: 'DELETE', url: `/v4/push/withdraw/${msgId}`, headers: authorization(credentials) });
}

/** Pushes a notification and returns its msg_id (failing loudly if the push fails). */
export async function pushedMessageId(app: FastifyInstance, credentials: TestApp, extra?: Record<string, unknown>) {
  const response = await push(app, credentials, notificationPush(extra));
  if (response.statusCode !== 200) throw new Error(`push failed: ${response.statusCode} ${response.body}`);
  return response.json<{ msg_id: string }>().msg_id;
}

export function errorOf(response: LightMyRequestResponse): { code: number; message: string } {
  return response.json<{ error: { code: number; message: string } }>().error;
}

/** The store with some methods replaced (the others delegate to it). */
export function storeWith(store: Store, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof Store];
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
