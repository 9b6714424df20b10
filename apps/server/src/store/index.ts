// The engine chosen by configuration: PostgreSQL when DATABASE_URL is set (many instances on
// one database), else the embedded SQLite file in DATA_DIR. Routes never know which.
import { openSqliteStore, type SqliteSynchronous } from './sqlite.js';
import type { Store, StoreOptions } from './types.js';

export type * from './types.js';

export interface StoreConfig extends StoreOptions {
  dataDir: string;
  dbSynchronous: SqliteSynchronous;
  /** DATABASE_URL: postgres://…, or null for SQLite. */
  databaseUrl: string | null;
  dbPoolSize: number;
  dbStatementTimeoutMs: number;
  dbConnectTimeoutMs: number;
  dbConnectRetries: number;
  /** PostgreSQL schema of the tables (tests use one each). */
  dbSchema?: string;
  /** SQLite: check the file (PRAGMA quick_check) when opening; default true. */
  check?: boolean;
  /** Called once per failed attempt to reach the database at start. */
  onConnectRetry?: (attempt: number, error: Error) => void;
}

export async function openStore(config: StoreConfig): Promise<Store> {
  const common = config.firstMessageId !== undefined ? { firstMessageId: config.firstMessageId } : {};
  if (config.databaseUrl !== null) {
    // Loaded only when used, like the Redis client: an SQLite server starts without them.
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore({
      ...common,
      url: config.databaseUrl,
      poolSize: config.dbPoolSize,
      statementTimeoutMs: config.dbStatementTimeoutMs,
      connectTimeoutMs: config.dbConnectTimeoutMs,
      connectRetries: config.dbConnectRetries,
      ...(config.dbSchema !== undefined ? { schema: config.dbSchema } : {}),
      ...(config.onConnectRetry ? { onConnectRetry: config.onConnectRetry } : {}),
    });
  }
  return Promise.resolve(
    openSqliteStore({ ...common, dataDir: config.dataDir, synchronous: config.dbSynchronous, check: config.check ?? true }),
  );
}
