// The SQLite engine below the MessageStore interface: pragmas, file modes, migrations on
// reopen, and group commit (one failing write in a batch fails only itself).
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteMessageStore } from '../src/store/sqlite.js';
import type { NewMessage } from '../src/store/types.js';
import { VENDOR_APP, tempDir } from './helpers.js';

let store: SqliteMessageStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const message = (requestId: string, cid: string | null = null): NewMessage => ({
  appKey: VENDOR_APP.appKey,
  cid,
  requestId,
  payload: '{"to":"all"}',
  sentAt: 1_000,
});

describe('SqliteMessageStore', () => {
  it('uses WAL, synchronous NORMAL by default or FULL on request, and a private file', async () => {
    const dataDir = tempDir();
    store = openSqliteStore({ dataDir });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(statSync(store.location).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    await store.close();
    store = openSqliteStore({ dataDir, synchronous: 'FULL' });
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('reopens an existing database without migrating it again, keeping its rows', async () => {
    const dataDir = tempDir();
    store = openSqliteStore({ dataDir });
    const { msgId } = await store.insertMessage(message('a'));
    const version = store.db.pragma('user_version', { simple: true });
    await store.close();
    store = openSqliteStore({ dataDir });
    expect(store.db.pragma('user_version', { simple: true })).toBe(version);
    expect((await store.findMessage(VENDOR_APP.appKey, msgId))?.requestId).toBe('a');
  });

  it('commits the writes of one event-loop turn together, and one failing write fails alone', async () => {
    store = openSqliteStore({ dataDir: tempDir() });
    const broken = { ...message('broken'), payload: null as unknown as string }; // violates NOT NULL
    const results = await Promise.allSettled([
      store.insertMessage(message('first')),
      store.insertMessage(broken),
      store.insertMessage(message('third', 'cid-3')),
      store.insertMessage(message('fourth', 'cid-3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const [first, , third, fourth] = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    expect(third?.msgId).toBe(fourth?.msgId);
    expect(fourth?.duplicate).toBe(true);
    expect(BigInt(third!.msgId)).toBeGreaterThan(BigInt(first!.msgId));
    const rows = store.db.prepare('SELECT request_id FROM messages ORDER BY msg_id').all() as { request_id: string }[];
    expect(rows.map((r) => r.request_id)).toEqual(['first', 'third']);
  });

  it('resolves a write only once it is committed (visible to another connection)', async () => {
    const dataDir = tempDir();
    store = openSqliteStore({ dataDir });
    const reader = openSqliteStore({ dataDir });
    try {
      const { msgId } = await store.insertMessage(message('durable'));
      expect((await reader.findMessage(VENDOR_APP.appKey, msgId))?.requestId).toBe('durable');
    } finally {
      await reader.close();
    }
  });

  it('rejects queued writes once closed, and answers ping until then', async () => {
    store = openSqliteStore({ dataDir: tempDir() });
    await expect(store.ping()).resolves.toBeUndefined();
    const pending = store.insertMessage(message('before close'));
    await store.close();
    await expect(pending).resolves.toMatchObject({ requestId: 'before close' }); // flushed by close()
    await expect(store.insertMessage(message('after close'))).rejects.toThrow(/not open/);
    await expect(store.ping()).rejects.toThrow();
  });
});
