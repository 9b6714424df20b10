// The engine chosen by configuration. Only SQLite exists today; another engine is a file of
// this folder and a branch here, never a change in routes.
import { openSqliteStore, type SqliteSynchronous } from './sqlite.js';
import type { Store, StoreOptions } from './types.js';

export type * from './types.js';

export interface StoreConfig extends StoreOptions {
  dataDir: string;
  dbSynchronous: SqliteSynchronous;
}

export function openStore(config: StoreConfig): Store {
  return openSqliteStore({
    dataDir: config.dataDir,
    synchronous: config.dbSynchronous,
    ...(config.firstMessageId !== undefined ? { firstMessageId: config.firstMessageId } : {}),
  });
}
