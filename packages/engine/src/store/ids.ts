// What every store agrees on about message ids: decimal strings of a signed 64-bit integer.

/** The largest msg_id: a signed 64-bit integer, as every store keeps it. */
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
