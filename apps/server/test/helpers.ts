// Shared test fixtures: a server on a fresh SQLite store with two apps, a manual clock,
// and small request helpers. Nothing here asserts; the test files do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppConfig } from '../src/app.js';
import { basicAuthorization, type Credentials } from '../src/auth/credentials.js';
import { seedApps } from '../src/auth/seed-apps.js';
import type { Clock } from '../src/clock.js';
import { openSqliteStore, type SqliteMessageStore } from '../src/store/sqlite.js';
import type { MessageStore } from '../src/store/types.js';

/** The vendor documentation's test credentials. */
export const VENDOR_APP: Credentials = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };
export const OTHER_APP: Credentials = { appKey: '0a1b2c3d4e5f60718293a4b5', masterSecret: '5b4a3928170f6e5d4c3b2a10' };

export class ManualClock implements Clock {
  constructor(public ms: number = Date.UTC(2026, 10, 25, 12, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

const tempDirs: string[] = [];

/** A fresh directory under the OS temp dir, removed after the test file (test/setup.ts). */
export function tempDir(prefix = 'push-api-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TestServer {
  app: FastifyInstance;
  store: SqliteMessageStore;
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
  /** Replaces the SQLite store given to buildApp (it is still used for seeding). */
  wrapStore?: (store: SqliteMessageStore) => MessageStore;
  apps?: Credentials[];
}

export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const clock = options.clock ?? new ManualClock();
  const store = openSqliteStore({ dataDir });
  await seedApps(store, {
    dataDir,
    pushApps: options.apps ?? [VENDOR_APP, OTHER_APP],
    production: options.production ?? false,
    clock,
  });
  const config: AppConfig = {
    rateLimitPerSecond: options.rateLimitPerSecond ?? 0,
    production: options.production ?? false,
    bodyLimitBytes: 64 * 1024,
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

export const authorization = (credentials: Credentials) => ({ authorization: basicAuthorization(credentials) });

/** A minimal valid push: a notification to everyone. */
export function notificationPush(extra: Record<string, unknown> = {}, options?: Record<string, unknown>) {
  return {
    to: 'all',
    body: { platform: 'all', notification: { alert: 'Hello, push!' }, ...(options ? { options } : {}) },
    ...extra,
  };
}

export function push(app: FastifyInstance, credentials: Credentials, payload: unknown, url = '/v4/push') {
  return app.inject({ method: 'POST', url, headers: authorization(credentials), payload: payload as object });
}

export function recall(app: FastifyInstance, credentials: Credentials, msgId: string) {
  return app.inject({ method: 'DELETE', url: `/v4/push/withdraw/${msgId}`, headers: authorization(credentials) });
}

/** Pushes a notification and returns its msg_id (failing loudly if the push fails). */
export async function pushedMessageId(app: FastifyInstance, credentials: Credentials, extra?: Record<string, unknown>) {
  const response = await push(app, credentials, notificationPush(extra));
  if (response.statusCode !== 200) throw new Error(`push failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { msg_id: string }).msg_id;
}

export function errorOf(response: LightMyRequestResponse): { code: number; message: string } {
  return (response.json() as { error: { code: number; message: string } }).error;
}

/** The store with some methods replaced (the others delegate to it). */
export function storeWith(store: MessageStore, overrides: Partial<MessageStore>): MessageStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof MessageStore];
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
