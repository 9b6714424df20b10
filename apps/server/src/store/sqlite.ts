// The embedded default engine: one SQLite file in DATA_DIR (Node's own node:sqlite), WAL journal.
// Several processes may share the file: msg_id comes from AUTOINCREMENT and a recall is one
// conditional UPDATE under SQLite's write lock. Durability and group commit are described
// in the server's README ("Storage and durability").
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
  StoreOpenError,
  StoreUnavailableError,
  type NewMessage,
  type PushResult,
  type Store,
  type StoreOptions,
  type StoredApp,
  type StoredMessage,
  type WithdrawOutcome,
  type WithdrawRequest,
} from './types.js';
import { checkFirstMessageId, messageIdOf } from '@push-api/engine';
import { newerSchemaError } from './ids.js';
import { appOf, messageOf, type AppRow, type MessageRow } from './rows.js';

export type SqliteSynchronous = 'NORMAL' | 'FULL';

export interface SqliteStoreOptions extends StoreOptions {
  /** Folder of the database file; created (mode 0700) if missing. */
  dataDir: string;
  synchronous?: SqliteSynchronous;
  /** File name inside dataDir. */
  fileName?: string;
  /** Milliseconds to wait for another process's write lock. */
  busyTimeoutMs?: number;
  /** The page cache of the connection, in KiB (default 16 MiB). */
  cacheSizeKiB?: number;
  /** Check the file (PRAGMA quick_check) when opening; default true. */
  check?: boolean;
}

export const DATABASE_FILE = 'push-api.sqlite';

// Each entry upgrades the schema by one version (PRAGMA user_version). Append, never edit.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE apps (
     app_key     TEXT PRIMARY KEY,
     secret_salt BLOB NOT NULL,
     secret_hash BLOB NOT NULL,
     kind        TEXT NOT NULL CHECK (kind IN ('development', 'configured', 'created')),
     created_at  INTEGER NOT NULL,
     updated_at  INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE messages (
     msg_id       INTEGER PRIMARY KEY AUTOINCREMENT,
     app_key      TEXT NOT NULL,
     cid          TEXT,
     request_id   TEXT NOT NULL,
     payload      TEXT NOT NULL,
     sent_at      INTEGER NOT NULL,
     withdrawn_at INTEGER
   ) STRICT;
   CREATE UNIQUE INDEX messages_app_key_cid ON messages (app_key, cid);`,
  `CREATE TABLE apps_revision (
     id       INTEGER PRIMARY KEY CHECK (id = 1),
     revision INTEGER NOT NULL
   ) STRICT;
   INSERT INTO apps_revision (id, revision) VALUES (1, 1);`,
  'CREATE INDEX messages_sent_at ON messages (sent_at);',
];

/** What the operator can do about a damaged file (also in the README). */
const RECOVERY =
  'Stop every server using it, then restore the file from a backup, or save what can be read: ' +
  '`sqlite3 push-api.sqlite ".recover" | sqlite3 recovered.sqlite` and start on the recovered file.';

// SQLite's primary result codes (the low byte of node:sqlite's extended `errcode`).
const SQLITE_BUSY = 5;
const SQLITE_FULL = 13;
/** The file or the disk is damaged (IOERR, CORRUPT, NOTADB): the store cannot serve. */
const DAMAGED = new Set([10, 11, 26]);

/** The primary SQLite result code of a node:sqlite error, or undefined for any other error. */
function sqliteCode(error: unknown): number | undefined {
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  return code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' ? errcode & 0xff : undefined;
}
const isDamage = (error: unknown) => DAMAGED.has(sqliteCode(error) ?? 0);

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** Runs a synchronous statement as the interface's promise: a throw becomes a rejection. */
const settle = <T>(run: () => T): Promise<T> =>
  new Promise<T>((resolve) => {
    resolve(run());
  });

/** Creates DATA_DIR (mode 0700) if missing; says what to do when it cannot be used. */
function prepareDataDir(dir: string, warnings: string[]): void {
  const info = statSync(dir, { throwIfNoEntry: false });
  if (info === undefined) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return;
  }
  if (!info.isDirectory())
    throw new StoreOpenError(`DATA_DIR ${dir} is a file, not a folder: point DATA_DIR at a folder (it is created if missing).`);
  if ((info.mode & 0o002) !== 0) {
    warnings.push(
      `DATA_DIR ${dir} is writable by every user (mode ${(info.mode & 0o777).toString(8)}): run \`chmod 700 ${dir}\`; anyone could replace the database.`,
    );
  }
}

/** The value of a PRAGMA that answers one (journal_mode, user_version, …). */
function pragma(db: DatabaseSync, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get();
  return row === undefined ? undefined : Object.values(row)[0];
}

/**
 * Runs `work` in one transaction that takes the write lock first (BEGIN IMMEDIATE): committed
 * when it returns, rolled back when it (or the COMMIT) throws.
 */
function immediately<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** The damage PRAGMA quick_check reports, or null when the file is sound. */
function damageOf(db: DatabaseSync): string | null {
  let rows: { quick_check: string }[];
  try {
    rows = db.prepare('PRAGMA quick_check').all() as unknown as { quick_check: string }[];
  } catch (error) {
    if (isDamage(error)) return (error as Error).message;
    throw error;
  }
  const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
  return problems.length === 0 ? null : problems.slice(0, 3).join('; ');
}

/** Makes the next AUTOINCREMENT id at least `first` (never lowers it). */
function raiseNextMessageId(db: DatabaseSync, first: bigint): void {
  checkFirstMessageId(first);
  immediately(db, () => {
    const select = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'messages'");
    select.setReadBigInts(true);
    const row = select.get() as { seq: bigint } | undefined;
    if (row === undefined) db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('messages', ?)").run(first - 1n);
    else if (row.seq < first - 1n) db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'messages'").run(first - 1n);
  });
}

function migrate(db: DatabaseSync, location: string): void {
  // BEGIN IMMEDIATE takes the write lock first, so two instances starting together on a
  // new file cannot both run a migration.
  immediately(db, () => {
    const version = Number(pragma(db, 'user_version'));
    if (version > MIGRATIONS.length) {
      throw newerSchemaError(location, version, MIGRATIONS.length);
    }
    for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
    if (version < MIGRATIONS.length) db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
  });
}

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the writes queued during one event-loop turn run in one transaction, and
 * each caller's promise resolves after its COMMIT. If the batch fails it is rolled back and
 * its writes are retried one by one, so one bad write fails only its own request.
 */
class GroupCommit {
  readonly #db: DatabaseSync;
  /** The store's #run: a transaction's BEGIN and COMMIT fail as its statements do (a full disk fails at COMMIT). */
  readonly #guard: <T>(run: () => T) => T;
  #queue: PendingWrite[] = [];
  #scheduled = false;
  readonly #flush = () => {
    this.flush();
  };

  constructor(db: DatabaseSync, guard: <T>(run: () => T) => T) {
    this.#db = db;
    this.#guard = guard;
  }

  write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#flush);
      }
    });
  }

  flush(): void {
    const writes = this.#queue;
    this.#queue = [];
    this.#scheduled = false;
    if (writes.length === 0) return;
    if (!this.#db.isOpen) {
      const error = new TypeError('The database connection is not open');
      for (const write of writes) write.reject(error);
      return;
    }
    const results: unknown[] = new Array(writes.length);
    try {
      this.#guard(() => {
        immediately(this.#db, () => {
          writes.forEach((write, i) => (results[i] = write.run()));
        });
      });
    } catch {
      // Rolled back as a whole: run each write in its own transaction, so that only the
      // failing one fails.
      for (const write of writes) {
        try {
          write.resolve(this.#guard(() => immediately(this.#db, write.run)));
        } catch (error) {
          write.reject(error);
        }
      }
      return;
    }
    writes.forEach((write, i) => {
      write.resolve(results[i]);
    });
  }
}

export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  readonly location: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
  readonly #db: DatabaseSync;
  readonly #insertMessage: StatementSync;
  readonly #selectByCid: StatementSync;
  readonly #withdraw: StatementSync;
  readonly #selectRecallState: StatementSync;
  readonly #selectMessage: StatementSync;
  readonly #upsertApp: StatementSync;
  readonly #insertApp: StatementSync;
  readonly #selectApp: StatementSync;
  readonly #selectApps: StatementSync;
  readonly #countApps: StatementSync;
  readonly #appsRevision: StatementSync;
  readonly #bumpAppsRevision: StatementSync;
  readonly #countMessages: StatementSync;
  readonly #deleteSentBefore: StatementSync;
  readonly #writes: GroupCommit;
  /** Set once a statement found the file damaged: every later call fails, and ping says why. */
  #damage: string | null = null;

  constructor(options: SqliteStoreOptions) {
    const warnings: string[] = [];
    const dir = resolve(options.dataDir);
    prepareDataDir(dir, warnings);
    this.location = join(dir, options.fileName ?? DATABASE_FILE);
    this.warnings = warnings;
    const db = new DatabaseSync(this.location);
    this.#db = db;
    try {
      chmodSync(this.location, 0o600);
      const damage = options.check === false ? null : damageOf(db);
      if (damage !== null) throw new StoreOpenError(`the database ${this.location} is damaged (${damage}). ${RECOVERY}`);
      db.exec('PRAGMA journal_mode = WAL');
      db.exec(`PRAGMA synchronous = ${options.synchronous ?? 'NORMAL'}`);
      db.exec(`PRAGMA busy_timeout = ${String(options.busyTimeoutMs ?? 5000)}`);
      if (options.cacheSizeKiB !== undefined) db.exec(`PRAGMA cache_size = -${String(Math.max(1, Math.floor(options.cacheSizeKiB)))}`);
      migrate(db, this.location);
      if (options.firstMessageId !== undefined) raiseNextMessageId(db, options.firstMessageId);
      this.settings = {
        journal_mode: String(pragma(db, 'journal_mode')),
        synchronous: SYNCHRONOUS_NAMES[Number(pragma(db, 'synchronous'))] ?? 'unknown',
      };
      /** A statement whose integers are read as bigints (msg_id can exceed 2^53). */
      const withBigInts = (sql: string) => {
        const statement = db.prepare(sql);
        statement.setReadBigInts(true);
        return statement;
      };

      this.#insertMessage = withBigInts(
        'INSERT INTO messages (app_key, cid, request_id, payload, sent_at) VALUES (?, ?, ?, ?, ?) RETURNING msg_id',
      );
      this.#selectByCid = withBigInts('SELECT msg_id, request_id FROM messages WHERE app_key = ? AND cid = ?');
      this.#withdraw = db.prepare(
        `UPDATE messages SET withdrawn_at = ?
         WHERE msg_id = ? AND app_key = ? AND withdrawn_at IS NULL AND sent_at > ?`,
      );
      this.#selectRecallState = db.prepare('SELECT withdrawn_at IS NOT NULL AS withdrawn FROM messages WHERE msg_id = ? AND app_key = ?');
      this.#selectMessage = withBigInts('SELECT * FROM messages WHERE msg_id = ? AND app_key = ?');
      this.#upsertApp = db.prepare(
        `INSERT INTO apps (app_key, secret_salt, secret_hash, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (app_key) DO UPDATE SET secret_salt = excluded.secret_salt, secret_hash = excluded.secret_hash,
           kind = excluded.kind, updated_at = excluded.updated_at`,
      );
      this.#insertApp = db.prepare(
        `INSERT INTO apps (app_key, secret_salt, secret_hash, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (app_key) DO NOTHING`,
      );
      this.#selectApp = db.prepare('SELECT * FROM apps WHERE app_key = ?');
      this.#selectApps = db.prepare('SELECT * FROM apps ORDER BY created_at, app_key');
      this.#countApps = db.prepare('SELECT COUNT(*) AS n FROM apps');
      this.#appsRevision = db.prepare('SELECT revision FROM apps_revision WHERE id = 1');
      this.#bumpAppsRevision = db.prepare('UPDATE apps_revision SET revision = revision + 1 WHERE id = 1');
      this.#countMessages = db.prepare('SELECT COUNT(*) AS n FROM messages WHERE app_key = ?');
      this.#deleteSentBefore = db.prepare('DELETE FROM messages WHERE msg_id IN (SELECT msg_id FROM messages WHERE sent_at < ? LIMIT ?)');
      this.#writes = new GroupCommit(db, (statement) => this.#run(statement));
    } catch (error) {
      db.close();
      if (error instanceof StoreOpenError) throw error;
      if (isDamage(error)) throw new StoreOpenError(`the database ${this.location} is damaged (${(error as Error).message}). ${RECOVERY}`);
      throw error;
    }
  }

  /** Runs a statement; a damaged file makes the store unavailable from then on. */
  #run<T>(statement: () => T): T {
    if (this.#damage !== null) throw new StoreUnavailableError(this.#damage, { kind: 'damaged' });
    try {
      return statement();
    } catch (error) {
      if (isDamage(error)) {
        this.#damage = 'the database file is damaged';
        throw new StoreUnavailableError(this.#damage, { cause: error, kind: 'damaged' });
      }
      // Another process held the write lock for longer than busy_timeout: try again later.
      if (sqliteCode(error) === SQLITE_BUSY) throw new StoreUnavailableError('the database is busy', { cause: error, kind: 'busy' });
      // DATA_DIR's filesystem is full: SQLite wrote nothing (the statement or the transaction
      // is rolled back) and the file is sound, so the client is told to retry (503, not 500),
      // and the next write that finds space succeeds, with no restart.
      if (sqliteCode(error) === SQLITE_FULL) throw new StoreUnavailableError('the disk is full', { cause: error, kind: 'disk_full' });
      throw error;
    }
  }

  #read<T>(statement: () => T): Promise<T> {
    return settle(() => this.#run(statement));
  }

  #write<T>(statement: () => T): Promise<T> {
    return this.#writes.write(statement);
  }

  saveApp(app: StoredApp): Promise<void> {
    return this.#read(() => {
      immediately(this.#db, () => {
        this.#upsertApp.run(app.appKey, app.secretSalt, app.secretHash, app.kind, app.createdAt, app.updatedAt);
        this.#bumpAppsRevision.run();
      });
    });
  }

  createApp(app: StoredApp): Promise<boolean> {
    return this.#read(() =>
      immediately(this.#db, () => {
        const created =
          Number(this.#insertApp.run(app.appKey, app.secretSalt, app.secretHash, app.kind, app.createdAt, app.updatedAt).changes) === 1;
        if (created) this.#bumpAppsRevision.run();
        return created;
      }),
    );
  }

  appsRevision(): Promise<number> {
    return this.#read(() => (this.#appsRevision.get() as { revision: number } | undefined)?.revision ?? 0);
  }

  findApp(appKey: string): Promise<StoredApp | undefined> {
    return this.#read(() => {
      const row = this.#selectApp.get(appKey) as AppRow | undefined;
      return row && appOf(row);
    });
  }

  listApps(): Promise<StoredApp[]> {
    return this.#read(() => (this.#selectApps.all() as unknown as AppRow[]).map(appOf));
  }

  insertMessage(message: NewMessage): Promise<PushResult> {
    return this.#write(() => this.#insertNow(message));
  }

  #insertNow(message: NewMessage): PushResult {
    // Inside the write transaction (BEGIN IMMEDIATE holds the write lock), so no other
    // process can insert the cid between this read and the insert; and a repeated cid
    // consumes no msg_id, as an insert that conflicts would.
    if (message.cid !== null) {
      const first = this.#selectByCid.get(message.appKey, message.cid) as { msg_id: bigint; request_id: string } | undefined;
      if (first) return { msgId: first.msg_id.toString(), requestId: first.request_id, duplicate: true };
    }
    const inserted = this.#insertMessage.get(message.appKey, message.cid, message.requestId, message.payload, message.sentAt) as
      { msg_id: bigint } | undefined;
    if (!inserted) throw new Error('INSERT … RETURNING returned no row');
    return { msgId: inserted.msg_id.toString(), requestId: message.requestId, duplicate: false };
  }

  withdrawMessage(request: WithdrawRequest): Promise<WithdrawOutcome> {
    const id = messageIdOf(request.msgId);
    if (id === undefined) return Promise.resolve('unknown');
    return this.#write(() => this.#withdrawNow(request, id));
  }

  #withdrawNow(request: WithdrawRequest, id: bigint): WithdrawOutcome {
    // The one atomic state change of a recall: it succeeds for exactly one caller.
    const changed = this.#withdraw.run(request.now, id, request.appKey, request.now - request.windowMs).changes;
    if (Number(changed) === 1) return 'withdrawn';
    const state = this.#selectRecallState.get(id, request.appKey) as { withdrawn: number } | undefined;
    if (!state) return 'unknown';
    return state.withdrawn ? 'already-withdrawn' : 'expired';
  }

  findMessage(appKey: string, msgId: string): Promise<StoredMessage | undefined> {
    return this.#read(() => this.#findNow(appKey, msgId));
  }

  #findNow(appKey: string, msgId: string): StoredMessage | undefined {
    const id = messageIdOf(msgId);
    const row = id === undefined ? undefined : (this.#selectMessage.get(id, appKey) as MessageRow | undefined);
    return row && messageOf(row);
  }

  countMessages(appKey: string): Promise<number> {
    return this.#read(() => (this.#countMessages.get(appKey) as { n: number } | undefined)?.n ?? 0);
  }

  deleteMessagesSentBefore(before: number, limit: number): Promise<number> {
    return this.#write(() => Number(this.#deleteSentBefore.run(before, limit).changes));
  }

  ping(): Promise<void> {
    return this.#read(() => {
      if (!this.#db.isOpen) throw new StoreUnavailableError('the store is closed', { kind: 'closed' });
      this.#countApps.get();
    });
  }

  close(): Promise<void> {
    return settle(() => {
      this.#writes.flush();
      if (this.#db.isOpen) this.#db.close();
    });
  }
}

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}
