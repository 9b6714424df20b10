// What both engines agree on about ids and schemas.
import { StoreOpenError } from './types.js';

/** The largest msg_id: a signed 64-bit integer, as both engines store it. */
export const MAX_MSG_ID = (1n << 63n) - 1n;

/** "1180003" → 1180003n, or undefined when no message can have this id (non-canonical, 0, > 2^63-1). */
export function messageIdOf(msgId: string): bigint | undefined {
  if (!/^[1-9][0-9]{0,18}$/.test(msgId)) return undefined;
  const id = BigInt(msgId);
  return id <= MAX_MSG_ID ? id : undefined;
}

/** Checks a first msg_id asked for (StoreOptions.firstMessageId). */
export function checkFirstMessageId(first: bigint): void {
  if (first < 1n || first > MAX_MSG_ID) throw new RangeError(`firstMessageId must be from 1 to ${MAX_MSG_ID}`);
}

/** A database whose schema a newer server wrote: refused, saying what to do. */
export function newerSchemaError(location: string, found: number, known: number): StoreOpenError {
  return new StoreOpenError(
    `the database ${location} has schema version ${found}, newer than this server knows (${known}): ` +
      'it was written by a newer server. Run that version, or restore a backup made by this one.',
  );
}
