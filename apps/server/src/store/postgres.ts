// The shared engine: PostgreSQL (the `postgres` client), selected by DATABASE_URL, for many
// server instances on one database. msg_id comes from an identity sequence; a cid is unique
// per app by a unique index and INSERT … ON CONFLICT; a recall is one statement that both
// changes the row and says why it did not; a 200 means committed (synchronous_commit on).
// Writes that arrive in one event-loop turn share a transaction and its commit.
import postgres from 'postgres';
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
import { commitChannel, type CommitEvent } from '../metrics/channels.js';

export interface PostgresStoreOptions extends StoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections at most (DB_POOL_SIZE). */
  poolSize?: number;
  /** A statement running longer is cancelled (DB_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
  /** A connection attempt longer than this fails (DB_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /** Attempts to reach the database at start, a second apart (DB_CONNECT_RETRIES). */
  connectRetries?: number;
  /** The schema of the tables (search_path); default `public`. */
  schema?: string;
  /** Called once per attempt that fails at start. */
  onConnectRetry?: (attempt: number, error: Error) => void;
}

type Sql = postgres.Sql;
type Transaction = postgres.TransactionSql;

/** The advisory lock that serialises migrations of instances starting together. */
const MIGRATION_LOCK = 7_212_026;

// Each entry upgrades the schema by one version (table schema_version). Append, never edit.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE apps (
     app_key     text PRIMARY KEY,
     secret_salt bytea NOT NULL,
     secret_hash bytea NOT NULL,
     kind        text NOT NULL CHECK (kind IN ('development', 'configured', 'created')),
     created_at  bigint NOT NULL,
     updated_at  bigint NOT NULL
   );
   CREATE TABLE apps_revision (id int PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL);
   INSERT INTO apps_revision (id, revision) VALUES (1, 1);
   CREATE TABLE messages (
     msg_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     app_key      text NOT NULL,
     cid          text,
     request_id   text NOT NULL,
     payload      text NOT NULL,
     sent_at      bigint NOT NULL,
     withdrawn_at bigint
   );
   CREATE UNIQUE INDEX messages_app_key_cid ON messages (app_key, cid);
   CREATE INDEX messages_sent_at ON messages (sent_at);`,
];

/** Errors that mean the database cannot be reached (or is going away), not that a statement is wrong. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

function unavailable(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code))
    return new StoreUnavailableError('the database is unreachable', { cause: error, kind: 'unreachable' });
  if (code === '57014') return new StoreUnavailableError('the database did not answer in time', { cause: error, kind: 'timeout' }); // statement timeout
  return error;
}

interface PendingWrite {
  run: (sql: Sql | Transaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const lateAnswer = () => new StoreUnavailableError('the database did not answer in time', { kind: 'timeout' });
const unknownOutcome = (cause: unknown) =>
  new StoreUnavailableError('the outcome of a write is unknown: the database did not confirm its COMMIT', {
    cause,
    kind: 'outcome_unknown',
  });

/** Rejects with `late()` once `deadline` (a Date.now() time) has passed without `promise` settling. */
function byDeadline<T>(promise: Promise<T>, deadline: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(late()), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Group commit on PostgreSQL: the writes of one event-loop turn run pipelined in one
 * transaction (a lone write is a group of one), and each caller's promise resolves after its
 * COMMIT. Every group is answered by its deadline (the statement timeout after it was formed),
 * whatever the connection does: a connection that stalls holds no request longer. What a
 * failure means depends on when it came:
 * - the deadline passed before the group got a connection: it is never run (503, nothing done);
 * - a statement failed: the transaction rolled back, and its writes run again one by one, so
 *   one bad write fails only its own request;
 * - the connection was lost before COMMIT was sent: rolled back, nothing was done (503);
 * - it was lost once COMMIT was on its way, or the deadline passed with the statements sent:
 *   the transaction may have committed, so its writes are never run again as if it had
 *   failed. Its id (txid_current, asked with the writes) is looked up on another connection
 *   (txid_status) until the deadline: committed, the writes' answers stand; aborted, nothing
 *   was done; not known in time, 503 saying the outcome is unknown.
 */
class GroupCommit {
  readonly #sql: Sql;
  readonly #deadlineMs: number;
  #queue: PendingWrite[] = [];
  #scheduled = false;

  constructor(sql: Sql, deadlineMs: number) {
    this.#sql = sql;
    this.#deadlineMs = deadlineMs;
  }

  write<T>(run: (sql: Sql | Transaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          const writes = this.#queue;
          this.#queue = [];
          this.#scheduled = false;
          void this.#commit(writes, Date.now() + this.#deadlineMs);
        });
      }
    });
  }

  async #commit(writes: readonly PendingWrite[], deadline: number): Promise<void> {
    let xid: string | undefined;
    let answers: unknown[] | undefined;
    let inDoubt: CommitEvent['inDoubt'];
    // Set by the deadline itself (not read off a clock), so that the transaction and the
    // answer agree on which came first.
    let expired = false;
    const past = () => expired;
    const transaction = this.#sql.begin(async (tx) => {
      // Past the deadline the writes were answered "not done" already: roll back, run nothing.
      if (past()) throw lateAnswer();
      const [ids, ...results] = await Promise.all([
        tx<{ xid: string }[]>`SELECT txid_current()::text AS xid`,
        ...writes.map((write) => write.run(tx)),
      ]);
      if (past()) throw lateAnswer();
      xid = (ids as { xid: string }[])[0]?.xid;
      answers = results;
    });
    try {
      await byDeadline(transaction, deadline, () => {
        expired = true;
        return lateAnswer();
      });
    } catch (error) {
      // Before COMMIT was sent: rolled back, or about to be (the transaction checks the deadline).
      if (answers === undefined || xid === undefined) return this.#rolledBack(writes, error, deadline);
      inDoubt = await this.#outcomeOf(xid, deadline);
      if (inDoubt !== 'committed') {
        if (commitChannel.hasSubscribers) commitChannel.publish({ size: writes.length, inDoubt } satisfies CommitEvent);
        // Aborted: COMMIT itself refused (e.g. a serialization failure) or never ran.
        if (inDoubt === 'aborted') return this.#rolledBack(writes, error, deadline);
        for (const write of writes) write.reject(unknownOutcome(error));
        return;
      }
    }
    if (commitChannel.hasSubscribers) commitChannel.publish({ size: writes.length, ...(inDoubt && { inDoubt }) } satisfies CommitEvent);
    writes.forEach((write, i) => {
      write.resolve(answers?.[i]);
    });
  }

  /** A transaction that did not commit: a statement's fault runs the writes again alone, to be its own; else nothing was done. */
  async #rolledBack(writes: readonly PendingWrite[], error: unknown, deadline: number): Promise<void> {
    const statementFault = !(error instanceof StoreUnavailableError) && unavailable(error) === error;
    if (writes.length > 1 && statementFault) await Promise.all(writes.map((write) => this.#commit([write], deadline)));
    else for (const write of writes) write.reject(unavailable(error));
  }

  /** Whether transaction `xid` committed, asked again until it is known or the deadline has passed. */
  async #outcomeOf(xid: string, deadline: number): Promise<'committed' | 'aborted' | 'unknown'> {
    for (;;) {
      try {
        const [row] = await byDeadline(
          this.#sql<{ status: string | null }[]>`SELECT txid_status(${xid}::bigint) AS status`,
          deadline,
          lateAnswer,
        );
        if (row?.status === 'committed' || row?.status === 'aborted') return row.status;
        // 'in progress': the server has not finished with it yet.
      } catch {
        // The database cannot be asked yet: ask again.
      }
      if (Date.now() >= deadline) return 'unknown';
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export class PostgresStore implements Store {
  readonly engine = 'postgres';
  readonly location: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly warnings: readonly string[] = [];
  readonly #sql: Sql;
  readonly #writes: GroupCommit;
  /** Every operation is answered within this (the statement timeout), whatever the connection does. */
  readonly #deadlineMs: number;
  #closed = false;

  private constructor(sql: Sql, location: string, settings: Record<string, string>, deadlineMs: number) {
    this.#sql = sql;
    this.location = location;
    this.settings = settings;
    this.#deadlineMs = deadlineMs;
    this.#writes = new GroupCommit(sql, deadlineMs);
  }

  /** Connects (retrying), applies the migrations, and answers the open store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const url = new URL(options.url);
    const location = `${url.hostname}:${url.port || '5432'}${url.pathname}${options.schema ? ` (schema ${options.schema})` : ''}`;
    const statementTimeoutMs = options.statementTimeoutMs ?? 5000;
    const sql = postgres(options.url, {
      max: options.poolSize ?? 10,
      connect_timeout: Math.max(1, Math.ceil((options.connectTimeoutMs ?? 2000) / 1000)),
      idle_timeout: 60,
      onnotice: () => undefined,
      connection: {
        statement_timeout: statementTimeoutMs,
        // A 200 means committed: never let a session relax this.
        synchronous_commit: 'on',
        application_name: 'push-api-server',
        ...(options.schema ? { search_path: options.schema } : {}),
      },
    });
    const retries = options.connectRetries ?? 10;
    for (let attempt = 1; ; attempt++) {
      try {
        await sql`SELECT 1`;
        break;
      } catch (error) {
        if (attempt > retries || unavailable(error) === error) {
          await sql.end({ timeout: 1 });
          throw new StoreOpenError(`cannot reach the database at ${location}: ${(error as Error).message}`);
        }
        options.onConnectRetry?.(attempt, error as Error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    try {
      await migrate(sql, location, options.schema);
      if (options.firstMessageId !== undefined) await raiseNextMessageId(sql, options.firstMessageId);
      const [row] = await sql<{ synchronous_commit: string }[]>`SHOW synchronous_commit`;
      return new PostgresStore(sql, location, { synchronous_commit: row?.synchronous_commit ?? 'unknown' }, statementTimeoutMs);
    } catch (error) {
      await sql.end({ timeout: 1 });
      throw error;
    }
  }

  /** A read, or a write outside the group commit (`late`: what a write's late answer is). */
  async #read<T>(query: (sql: Sql) => Promise<T>, late: () => Error = lateAnswer): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError('the store is closed', { kind: 'closed' });
    try {
      return await byDeadline(query(this.#sql), Date.now() + this.#deadlineMs, late);
    } catch (error) {
      throw unavailable(error);
    }
  }

  async saveApp(app: StoredApp): Promise<void> {
    await this.#read(
      (sql) =>
        sql.begin(async (tx) => {
          await tx`
          INSERT INTO apps (app_key, secret_salt, secret_hash, kind, created_at, updated_at)
          VALUES (${app.appKey}, ${app.secretSalt}, ${app.secretHash}, ${app.kind}, ${app.createdAt}, ${app.updatedAt})
          ON CONFLICT (app_key) DO UPDATE SET secret_salt = excluded.secret_salt, secret_hash = excluded.secret_hash,
            kind = excluded.kind, updated_at = excluded.updated_at`;
          await tx`UPDATE apps_revision SET revision = revision + 1 WHERE id = 1`;
        }),
      () => unknownOutcome(undefined),
    );
  }

  createApp(app: StoredApp): Promise<boolean> {
    return this.#read(
      (sql) =>
        sql.begin(async (tx) => {
          const created = await tx`
          INSERT INTO apps (app_key, secret_salt, secret_hash, kind, created_at, updated_at)
          VALUES (${app.appKey}, ${app.secretSalt}, ${app.secretHash}, ${app.kind}, ${app.createdAt}, ${app.updatedAt})
          ON CONFLICT (app_key) DO NOTHING`;
          if (created.count === 1) await tx`UPDATE apps_revision SET revision = revision + 1 WHERE id = 1`;
          return created.count === 1;
        }),
      () => unknownOutcome(undefined),
    );
  }

  async findApp(appKey: string): Promise<StoredApp | undefined> {
    const [row] = await this.#read((sql) => sql<AppRow[]>`SELECT * FROM apps WHERE app_key = ${appKey}`);
    return row && appOf(row);
  }

  async listApps(): Promise<StoredApp[]> {
    const rows = await this.#read((sql) => sql<AppRow[]>`SELECT * FROM apps ORDER BY created_at, app_key`);
    return rows.map(appOf);
  }

  async appsRevision(): Promise<number> {
    const [row] = await this.#read((sql) => sql<{ revision: string }[]>`SELECT revision FROM apps_revision WHERE id = 1`);
    return Number(row?.revision ?? 0);
  }

  async insertMessage(message: NewMessage): Promise<PushResult> {
    if (message.cid === null) {
      const [row] = await this.#writes.write(
        (tx) => tx<{ msg_id: string }[]>`
          INSERT INTO messages (app_key, cid, request_id, payload, sent_at)
          VALUES (${message.appKey}, NULL, ${message.requestId}, ${message.payload}, ${message.sentAt})
          RETURNING msg_id`,
      );
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      return { msgId: row.msg_id, requestId: message.requestId, duplicate: false };
    }
    // One statement: insert unless the cid exists (then no msg_id is used up), else answer
    // the first push. A concurrent insert of the same cid conflicts; the unique index decides.
    const rows = await this.#writes.write(
      (tx) => tx<{ msg_id: string; request_id: string; duplicate: boolean }[]>`
        WITH inserted AS (
          INSERT INTO messages (app_key, cid, request_id, payload, sent_at)
          SELECT ${message.appKey}, ${message.cid}, ${message.requestId}, ${message.payload}, ${message.sentAt}
          WHERE NOT EXISTS (SELECT 1 FROM messages WHERE app_key = ${message.appKey} AND cid = ${message.cid})
          ON CONFLICT (app_key, cid) DO NOTHING
          RETURNING msg_id, request_id
        )
        SELECT msg_id, request_id, false AS duplicate FROM inserted
        UNION ALL
        SELECT msg_id, request_id, true FROM messages
        WHERE app_key = ${message.appKey} AND cid = ${message.cid} AND NOT EXISTS (SELECT 1 FROM inserted)`,
    );
    let row = rows[0];
    if (row === undefined) {
      // The first push of this cid committed after this statement's snapshot: read it now.
      [row] = await this.#read(
        (sql) => sql<{ msg_id: string; request_id: string; duplicate: boolean }[]>`
          SELECT msg_id, request_id, true AS duplicate FROM messages WHERE app_key = ${message.appKey} AND cid = ${message.cid}`,
      );
      if (row === undefined) throw new Error('a push with this cid neither inserted nor found');
    }
    return { msgId: row.msg_id, requestId: row.request_id, duplicate: row.duplicate };
  }

  async withdrawMessage(request: WithdrawRequest): Promise<WithdrawOutcome> {
    const id = messageIdOf(request.msgId)?.toString();
    if (id === undefined) return 'unknown';
    const cutoff = request.now - request.windowMs;
    // One statement both recalls and tells why not: `target` is the row as this statement's
    // snapshot saw it; the UPDATE re-checks `withdrawn_at IS NULL` on the latest version, so
    // of concurrent recalls exactly one changes the row.
    const [row] = await this.#writes.write(
      (tx) => tx<{ changed: number; found: boolean; withdrawn: boolean | null; in_window: boolean | null }[]>`
        WITH target AS (
          SELECT withdrawn_at, sent_at FROM messages WHERE msg_id = ${id} AND app_key = ${request.appKey}
        ), changed AS (
          UPDATE messages SET withdrawn_at = ${request.now}
          WHERE msg_id = ${id} AND app_key = ${request.appKey} AND withdrawn_at IS NULL AND sent_at > ${cutoff}
          RETURNING msg_id
        )
        SELECT (SELECT count(*) FROM changed)::int AS changed,
               EXISTS (SELECT 1 FROM target) AS found,
               (SELECT withdrawn_at IS NOT NULL FROM target) AS withdrawn,
               (SELECT sent_at > ${cutoff} FROM target) AS in_window`,
    );
    if (row === undefined) throw new Error('the recall statement answered no row');
    if (row.changed === 1) return 'withdrawn';
    if (!row.found) return 'unknown';
    if (row.withdrawn === true) return 'already-withdrawn';
    if (row.in_window === false) return 'expired';
    return 'already-withdrawn'; // another recall changed it after this statement's snapshot
  }

  async findMessage(appKey: string, msgId: string): Promise<StoredMessage | undefined> {
    const id = messageIdOf(msgId)?.toString();
    if (id === undefined) return undefined;
    const [row] = await this.#read((sql) => sql<MessageRow[]>`SELECT * FROM messages WHERE msg_id = ${id} AND app_key = ${appKey}`);
    return row && messageOf(row);
  }

  async countMessages(appKey: string): Promise<number> {
    const [row] = await this.#read((sql) => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM messages WHERE app_key = ${appKey}`);
    return row?.n ?? 0;
  }

  async deleteMessagesSentBefore(before: number, limit: number): Promise<number> {
    const result = await this.#read(
      (sql) =>
        sql`DELETE FROM messages WHERE msg_id IN (SELECT msg_id FROM messages WHERE sent_at < ${before} LIMIT ${limit} FOR UPDATE SKIP LOCKED)`,
    );
    return result.count;
  }

  async ping(): Promise<void> {
    await this.#read((sql) => sql`SELECT 1`);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#sql.end({ timeout: 5 });
  }
}

async function migrate(sql: Sql, location: string, schema: string | undefined): Promise<void> {
  await sql.begin(async (tx) => {
    // Instances starting together take turns: the first migrates, the others find it done.
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    if (schema !== undefined) await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    await tx`CREATE TABLE IF NOT EXISTS schema_version (id int PRIMARY KEY CHECK (id = 1), version int NOT NULL)`;
    const [row] = await tx<{ version: number }[]>`SELECT version FROM schema_version WHERE id = 1`;
    const version = row?.version ?? 0;
    if (version > MIGRATIONS.length) {
      throw newerSchemaError(location, version, MIGRATIONS.length);
    }
    for (const migration of MIGRATIONS.slice(version)) await tx.unsafe(migration);
    await tx`
      INSERT INTO schema_version (id, version) VALUES (1, ${MIGRATIONS.length})
      ON CONFLICT (id) DO UPDATE SET version = excluded.version`;
  });
}

/** Makes the next msg_id at least `first` (never lowers it). */
async function raiseNextMessageId(sql: Sql, first: bigint): Promise<void> {
  checkFirstMessageId(first);
  if (first === 1n) return;
  await sql`
    SELECT setval(pg_get_serial_sequence('messages', 'msg_id'), ${String(first - 1n)}::bigint)
    WHERE (SELECT COALESCE(max(msg_id), 0) FROM messages) < ${String(first - 1n)}::bigint
      AND (SELECT last_value FROM messages_msg_id_seq) < ${String(first - 1n)}::bigint`;
}

export function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  return PostgresStore.open(options);
}
