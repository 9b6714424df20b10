// What the server's stores agree on about schemas (ids: the engine's store/ids).
import { StoreOpenError } from './types.js';

/** A database whose schema a newer server wrote: refused, saying what to do. */
export function newerSchemaError(location: string, found: number, known: number): StoreOpenError {
  return new StoreOpenError(
    `the database ${location} has schema version ${found}, newer than this server knows (${known}): ` +
      'it was written by a newer server. Run that version, or restore a backup made by this one.',
  );
}
