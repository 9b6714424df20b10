// The PostgreSQL engine itself: migrations that instances starting together apply once, a
// schema newer than the server refused, an unreachable database at start and at run time
// (503, then recovery by itself), and a 200 that means committed.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { closeAfterEach, startDedicatedPostgres } from '@push-api/test-support';
import { describe, expect, inject, it } from 'vitest';
import { openPostgresStore } from '../src/store/postgres.js';
import { StoreOpenError, StoreUnavailableError } from '../src/store/types.js';
import { TEST_APP, createTestServer, notificationPush, push, pushedMessageId, recall } from './helpers.js';

const closing = closeAfterEach();
const schema = () => `test_${randomBytes(6).toString('hex')}`;
const message = { appKey: TEST_APP.appKey, cid: null, requestId: 'r', payload: '{}', sentAt: Date.now() };

describe('PostgresStore', () => {
  it('five instances starting together on a new database migrate it once, and all serve', async () => {
    const url = inject('databaseUrl');
    const shared = schema();
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore({ url, schema: shared, poolSize: 2 })));
    stores.forEach((store) => closing(store));
    const ids = await Promise.all(stores.map((store) => store.insertMessage(message)));
    expect(new Set(ids.map((result) => result.msgId)).size).toBe(5);
    const sql = postgres(url, { max: 1, connection: { search_path: shared } });
    try {
      expect(await sql`SELECT id, version FROM schema_version`).toEqual([{ id: 1, version: 1 }]);
      expect((await sql`SELECT setting FROM pg_settings WHERE name = 'synchronous_commit'`)[0]).toEqual({ setting: 'on' });
    } finally {
      await sql.end();
    }
    expect(stores[0]!.settings).toEqual({ synchronous_commit: 'on' });
  });

  it('refuses a schema newer than it knows, saying what to do', async () => {
    const url = inject('databaseUrl');
    const newer = schema();
    closing(await openPostgresStore({ url, schema: newer }));
    const sql = postgres(url, { max: 1, connection: { search_path: newer } });
    try {
      await sql`UPDATE schema_version SET version = 99`;
    } finally {
      await sql.end();
    }
    await expect(openPostgresStore({ url, schema: newer })).rejects.toThrow(/has schema version 99, newer than this server knows \(1\)/);
  });

  it('an unreachable database at start: retries, then a clear refusal', async () => {
    const retries: number[] = [];
    const attempt = openPostgresStore({
      url: 'postgres://postgres@127.0.0.1:1/postgres',
      connectRetries: 2,
      onConnectRetry: (n) => retries.push(n),
    });
    await expect(attempt).rejects.toThrow(StoreOpenError);
    await expect(attempt).rejects.toThrow(/cannot reach the database at 127\.0\.0\.1:1\/postgres/);
    expect(retries).toEqual([1, 2]);
  }, 15_000);

  it('the database going away answers 503 (never a hang), and the server recovers by itself when it returns', async () => {
    const database = closing(await startDedicatedPostgres());
    const server = closing(await createTestServer({ databaseUrl: database.url }));
    const before = await pushedMessageId(server.app, TEST_APP);

    await database.stop();
    const started = Date.now();
    const during = await push(server.app, TEST_APP, notificationPush());
    expect(during.statusCode).toBe(503);
    expect(during.json()).toEqual({ error: { code: 27004, message: 'Service temporarily unavailable, please retry' } });
    expect(Date.now() - started).toBeLessThan(8000);
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'unavailable',
      store: 'the database is unreachable',
    });
    await expect(server.store.ping()).rejects.toThrow(StoreUnavailableError);

    await database.start();
    expect((await recall(server.app, TEST_APP, before)).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 60_000);
});
