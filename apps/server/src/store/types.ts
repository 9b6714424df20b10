// The storage boundary is the engine's store contract (@push-api/engine: Store, its types
// and its guarantees); the server's stores (sqlite.ts, postgres.ts) implement it, and add
// what a store on a file or a database can also say: that it refuses to open.
export type * from '@push-api/engine';
export { StoreUnavailableError } from '@push-api/engine';

/** The store refuses to open; the message says what is wrong and what to do. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}
