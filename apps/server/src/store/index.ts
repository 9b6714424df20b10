// The engine chosen by configuration. Only SQLite exists today; a second engine (e.g. one
// selected by a DATABASE_URL) is added here and in its own file, not in routes.
import { openSqliteStore, type SqliteSynchronous } from './sqlite.js';
import type { MessageStore } from './types.js';

export type * from './types.js';

export interface StoreConfig {
  dataDir: string;
  dbSynchronous: SqliteSynchronous;
}

export function openStore(config: StoreConfig): MessageStore {
  return openSqliteStore({ dataDir: config.dataDir, synchronous: config.dbSynchronous });
}
