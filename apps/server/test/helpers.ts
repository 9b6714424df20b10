// The server in-process, on a fresh store of the engine under test (SQLite or PostgreSQL:
// vitest.config.ts runs the suite once per engine) with the two test apps, a manual clock,
// and small request helpers. Nothing here asserts; the test files do.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Response as LightMyRequestResponse } from 'light-my-request';
import { inject } from 'vitest';
import { OTHER_APP, TEST_APP, basicAuthorization, createDatabase, tempDir, useTestServer, type TestApp } from '@push-api/test-support';
import { buildApp, type App, type AppConfig } from '../src/app.js';
import type { Clock } from '@push-api/engine';
import { loadConfig } from '../src/config.js';
import type { Logger } from '../src/logger.js';
import { provisionApps } from '../src/provision-apps.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';

export { OTHER_APP, TEST_APP, tempDir };

/** The engine this run tests (the vitest project's). */
export const engine: 'sqlite' | 'postgres' = process.env.PUSH_API_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** Where a test store keeps its data: a folder for SQLite, and a schema for PostgreSQL. */
export interface StoreLocation {
  dataDir: string;
  schema: string;
}

export const newStoreLocation = (): StoreLocation => ({ dataDir: tempDir(), schema: `test_${randomBytes(6).toString('hex')}` });

/** A store of the engine under test at `location` (a second one on the same data is "another instance"). */
export function openTestStore(location: StoreLocation, options: { firstMessageId?: bigint; databaseUrl?: string } = {}): Promise<Store> {
  const { databaseUrl, ...rest } = options;
  if (engine === 'postgres' || databaseUrl !== undefined) {
    return openPostgresStore({
      url: databaseUrl ?? inject('databaseUrl'),
      schema: location.schema,
      poolSize: 4,
      connectTimeoutMs: 1000,
      ...rest,
    });
  }
  return Promise.resolve(openSqliteStore({ dataDir: location.dataDir, ...rest }));
}

/** The environment a server process needs for the engine under test (its own database). */
export async function engineEnv(): Promise<Record<string, string>> {
  return engine === 'postgres' ? { DATABASE_URL: await createDatabase(inject('databaseUrl')) } : {};
}

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
  app: App;
  store: Store;
  clock: ManualClock;
  /** Where its store keeps its data (dataDir also holds dev-app.json). */
  location: StoreLocation;
  dataDir: string;
  /** Another store on the same data: what a second instance would use (closed by the caller). */
  openSecondStore(): Promise<Store>;
  /** Closes the app and the store (the data directory is kept unless `remove`). */
  close(remove?: boolean): Promise<void>;
}

export interface TestServerOptions {
  /** The data of an earlier server (a restart), else new. */
  location?: StoreLocation;
  rateLimitPerSecond?: number;
  clock?: ManualClock;
  production?: boolean;
  logger?: Logger;
  docsDir?: string | null;
  /** The smallest msg_id the store allocates. */
  firstMessageId?: bigint;
  /** PostgreSQL: another database server than the project's (an outage test's own). */
  databaseUrl?: string;
  /** Settings beside the defaults (loadConfig's) and the options above. */
  config?: Partial<AppConfig>;
  /** Replaces the store given to buildApp (it is still used for provisioning). */
  wrapStore?: (store: Store) => Store;
  apps?: TestApp[];
  /** Honour `Prefer: time-offset` (the stateful mock). */
  timeOffset?: boolean;
}

export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const location = options.location ?? newStoreLocation();
  const { dataDir } = location;
  const clock = options.clock ?? new ManualClock();
  const store = await openTestStore(location, {
    ...(options.firstMessageId !== undefined ? { firstMessageId: options.firstMessageId } : {}),
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
  });
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
    ...(options.timeOffset !== undefined ? { timeOffset: options.timeOffset } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    app,
    store,
    clock,
    location,
    dataDir,
    openSecondStore: () => openTestStore(location, options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
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

export function push(app: App, credentials: TestApp, payload: unknown, url = '/v4/push') {
  return app.inject({ method: 'POST', url, headers: authorization(credentials), payload: payload as object });
}

export function recall(app: App, credentials: TestApp, msgId: string) {
  return app.inject({ method: 'DELETE', url: `/v4/push/withdraw/${msgId}`, headers: authorization(credentials) });
}

/** Pushes a notification and returns its msg_id (failing loudly if the push fails). */
export async function pushedMessageId(app: App, credentials: TestApp, extra?: Record<string, unknown>) {
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

/** Polls `condition` every `intervalMs` until it holds; throws after `timeoutMs`. */
export async function until(condition: () => boolean, { timeoutMs = 5000, intervalMs = 5 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
