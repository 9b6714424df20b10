// The SQLite engine below the Store interface: its settings and file modes, migrations on
// reopen, the first msg_id, and group commit (one failing write in a batch fails only itself).
import { statSync } from 'node:fs';
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { NewMessage } from '../src/store/types.js';
import { TEST_APP, tempDir } from './helpers.js';

const closing = closeAfterEach();

const message = (requestId: string, cid: string | null = null): NewMessage => ({
  appKey: TEST_APP.appKey,
  cid,
  requestId,
  payload: '{"to":"all"}',
  sentAt: 1_000,
});

describe('SqliteStore', () => {
  it('uses WAL, synchronous NORMAL by default or FULL on request, and a private file', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir });
    expect(store.settings).toEqual({ journal_mode: 'wal', synchronous: 'NORMAL' });
    expect(statSync(store.location).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    await store.close();
    const full = closing(openSqliteStore({ dataDir, synchronous: 'FULL' }));
    expect(full.settings).toEqual({ journal_mode: 'wal', synchronous: 'FULL' });
  });

  it('reopens an existing database without migrating it again, keeping its rows', async () => {
    const dataDir = tempDir();
    const first = openSqliteStore({ dataDir });
    const { msgId } = await first.insertMessage(message('a'));
    await first.close();
    const store = closing(openSqliteStore({ dataDir }));
    expect((await store.findMessage(TEST_APP.appKey, msgId))?.requestId).toBe('a');
    expect(await store.countMessages(TEST_APP.appKey)).toBe(1);
  });

  it('starts msg_ids at firstMessageId, and never lowers them', async () => {
    const dataDir = tempDir();
    const first = openSqliteStore({ dataDir, firstMessageId: 1000n });
    expect((await first.insertMessage(message('a'))).msgId).toBe('1000');
    await first.close();
    const store = closing(openSqliteStore({ dataDir, firstMessageId: 10n }));
    expect((await store.insertMessage(message('b'))).msgId).toBe('1001');
  });

  it('commits the writes of one event-loop turn together, and one failing write fails alone', async () => {
    const store = closing(openSqliteStore({ dataDir: tempDir() }));
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
    expect((await store.findMessage(TEST_APP.appKey, first!.msgId))?.requestId).toBe('first');
    expect((await store.findMessage(TEST_APP.appKey, third!.msgId))?.requestId).toBe('third');
    expect(await store.countMessages(TEST_APP.appKey)).toBe(2);
  });

  it('resolves a write only once it is committed (visible to another connection)', async () => {
    const dataDir = tempDir();
    const store = closing(openSqliteStore({ dataDir }));
    const reader = closing(openSqliteStore({ dataDir }));
    const { msgId } = await store.insertMessage(message('durable'));
    expect((await reader.findMessage(TEST_APP.appKey, msgId))?.requestId).toBe('durable');
  });

  it('rejects queued writes once closed, and answers ping until then', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await expect(store.ping()).resolves.toBeUndefined();
    const pending = store.insertMessage(message('before close'));
    await store.close();
    await expect(pending).resolves.toMatchObject({ requestId: 'before close' }); // flushed by close()
    await expect(store.insertMessage(message('after close'))).rejects.toThrow(/not open/);
    await expect(store.ping()).rejects.toThrow();
  });
});
