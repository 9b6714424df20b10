// The SQLite engine below the Store interface: its settings and file modes, migrations on
// reopen, the first msg_id, and group commit (one failing write in a batch fails only itself).
import { chmodSync, closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { provisionApps } from '../src/provision-apps.js';
import { DATABASE_FILE, openSqliteStore } from '../src/store/sqlite.js';
import { StoreOpenError, StoreUnavailableError, type NewMessage } from '../src/store/types.js';
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

describe('SqliteStore refuses what it cannot serve, and says what to do', () => {
  const fill = async (dataDir: string, count: number) => {
    const store = openSqliteStore({ dataDir });
    const ids: string[] = [];
    for (let i = 0; i < count; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, (_, j) => store.insertMessage({ ...message(`m${i + j}`), payload: 'x'.repeat(4000) })),
      );
      ids.push(...batch.map((result) => result.msgId));
    }
    await store.close();
    return ids;
  };
  const damage = (file: string) => {
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(16 * 1024, 0xa5), 0, 16 * 1024, Math.floor(size / 2));
    closeSync(fd);
  };

  it('a file damaged in the middle: opening fails naming it and how to recover', async () => {
    const dataDir = tempDir();
    await fill(dataDir, 1000);
    damage(join(dataDir, DATABASE_FILE));
    expect(() => openSqliteStore({ dataDir })).toThrow(StoreOpenError);
    expect(() => openSqliteStore({ dataDir })).toThrow(/push-api\.sqlite is damaged \(.+\)\. Stop every server .*\.recover/);
  });

  it('a file damaged while open: the first statement that meets it makes ping say so', async () => {
    const dataDir = tempDir();
    const ids = await fill(dataDir, 1000);
    // A small page cache, so that reads after the damage go to the file.
    const store = closing(openSqliteStore({ dataDir, cacheSizeKiB: 64 }));
    await expect(store.ping()).resolves.toBeUndefined();
    damage(store.location);
    const outcomes = await Promise.allSettled(ids.map((id) => store.findMessage(TEST_APP.appKey, id)));
    expect(outcomes.some((outcome) => outcome.status === 'rejected')).toBe(true);
    await expect(store.ping()).rejects.toThrow(StoreUnavailableError);
    await expect(store.ping()).rejects.toMatchObject({ reason: 'the database file is damaged' });
  });

  it('a schema newer than this server knows: refuses to start', async () => {
    const dataDir = tempDir();
    await openSqliteStore({ dataDir }).close();
    const raw = new DatabaseSync(join(dataDir, DATABASE_FILE));
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    expect(() => openSqliteStore({ dataDir })).toThrow(/has schema version 99, newer than this server knows \(\d+\)/);
  });

  it('DATA_DIR naming a file: says to name a folder', () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, '');
    expect(() => openSqliteStore({ dataDir: file })).toThrow(
      `DATA_DIR ${file} is a file, not a folder: point DATA_DIR at a folder (it is created if missing).`,
    );
  });

  it('DATA_DIR writable by every user: opens, with a warning that says what to run', () => {
    const dataDir = tempDir();
    chmodSync(dataDir, 0o777);
    const store = closing(openSqliteStore({ dataDir }));
    expect(store.warnings).toEqual([
      `DATA_DIR ${dataDir} is writable by every user (mode 777): run \`chmod 700 ${dataDir}\`; anyone could replace the database.`,
    ]);
    chmodSync(dataDir, 0o700);
    const quiet = closing(openSqliteStore({ dataDir, fileName: 'other.sqlite' }));
    expect(quiet.warnings).toEqual([]);
  });

  it('the database file holds no master secret, only salted hashes', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir });
    await provisionApps(store, { dataDir, pushApps: [TEST_APP], production: true, clock: { now: () => 1 } });
    await store.close();
    const bytes = readFileSync(join(dataDir, DATABASE_FILE));
    expect(bytes.includes(Buffer.from(TEST_APP.appKey))).toBe(true); // the file was read
    expect(bytes.includes(Buffer.from(TEST_APP.masterSecret))).toBe(false);
  });

  it('a repeated cid consumes no msg_id', async () => {
    const store = closing(openSqliteStore({ dataDir: tempDir() }));
    const first = await store.insertMessage(message('a', 'same'));
    for (let i = 0; i < 5; i++) expect((await store.insertMessage(message('again', 'same'))).duplicate).toBe(true);
    const next = await store.insertMessage(message('b'));
    expect(BigInt(next.msgId)).toBe(BigInt(first.msgId) + 1n);
  });
});
