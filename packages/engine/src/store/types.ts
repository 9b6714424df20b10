// The storage boundary, the store contract: the operations, authentication and provisioning
// talk only to `Store`, so a store is an implementation of this interface (memory.ts here;
// SQLite and PostgreSQL in the server). What every store guarantees (store-contract tests run
// on each):
// - msg_id is allocated by the database, never reused, unique across every instance that
//   shares the database, and handled as a decimal string (it can exceed 2^53);
// - a promise resolves only after its write is committed;
// - (appKey, cid) is unique: a repeated cid answers the first push's result, stores nothing;
// - a recall is one atomic conditional update: of concurrent recalls, exactly one wins.

/** How an app came to exist. */
export type AppKind = 'development' | 'configured' | 'created';

export interface StoredApp {
  appKey: string;
  /** Random per-app salt and SHA-256(salt ‖ masterSecret); the secret itself is never stored. */
  secretSalt: Uint8Array;
  secretHash: Uint8Array;
  kind: AppKind;
  createdAt: number;
  updatedAt: number;
}

export interface NewMessage {
  appKey: string;
  /** options.cid, the idempotency key, or null. */
  cid: string | null;
  /** The request's request_id ('' when none was sent). */
  requestId: string;
  /** The push request as received (JSON text). */
  payload: string;
  /** Epoch milliseconds. */
  sentAt: number;
}

export interface PushResult {
  msgId: string;
  requestId: string;
  /** True when a push with the same cid existed: nothing was stored. */
  duplicate: boolean;
}

export interface StoredMessage {
  msgId: string;
  appKey: string;
  cid: string | null;
  requestId: string;
  payload: string;
  sentAt: number;
  withdrawnAt: number | null;
}

export interface WithdrawRequest {
  appKey: string;
  /** A decimal string of 1–20 digits (already checked against the spec). */
  msgId: string;
  /** Epoch milliseconds of the recall. */
  now: number;
  /** Messages sent `windowMs` or more before `now` cannot be recalled. */
  windowMs: number;
}

/** `unknown` also covers another app's message: the caller must not tell them apart. */
export type WithdrawOutcome = 'withdrawn' | 'unknown' | 'already-withdrawn' | 'expired';

/** The apps and their hashed secrets. */
export interface AppStore {
  /** Creates the app, or replaces its secret hash and kind if the appKey exists. */
  saveApp(app: StoredApp): Promise<void>;
  /** Creates the app; resolves false (and changes nothing) if the appKey exists. */
  createApp(app: StoredApp): Promise<boolean>;
  findApp(appKey: string): Promise<StoredApp | undefined>;
  listApps(): Promise<StoredApp[]>;
  /** A number that changes whenever an app is created or changed (by any process). */
  appsRevision(): Promise<number>;
}

/** The messages pushed, and their recall state. */
export interface MessageStore {
  insertMessage(message: NewMessage): Promise<PushResult>;
  withdrawMessage(request: WithdrawRequest): Promise<WithdrawOutcome>;
  findMessage(appKey: string, msgId: string): Promise<StoredMessage | undefined>;
  /** How many messages an app has stored. */
  countMessages(appKey: string): Promise<number>;
  /** Retention: deletes up to `limit` messages sent before `before` (epoch ms); answers how many. */
  deleteMessagesSentBefore(before: number, limit: number): Promise<number>;
}

export interface Store extends AppStore, MessageStore {
  /** A short name of the engine, for logs ("sqlite"). */
  readonly engine: string;
  /** Where the data lives, for logs (no credentials). */
  readonly location: string;
  /** The engine's durability settings as they are in effect, for logs (e.g. synchronous=NORMAL). */
  readonly settings: Readonly<Record<string, string>>;
  /** What an operator should fix, found when the store was opened (logged at start). */
  readonly warnings: readonly string[];
  /** Resolves when the store can serve; rejects (a StoreUnavailableError says why) otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Options every engine takes. */
export interface StoreOptions {
  /** The smallest msg_id to allocate (default 1); allocation always continues above existing ids. */
  firstMessageId?: bigint;
}

/** Why a store cannot serve, for whoever counts it (the server's metrics label store errors by it). */
export type StoreFault = 'unavailable' | 'unreachable' | 'timeout' | 'outcome_unknown' | 'disk_full' | 'busy' | 'damaged' | 'closed';

/** The store cannot serve now. `reason` is safe to show (no paths, no credentials). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  /** Why (default `unavailable`); `outcome_unknown`: the write reached the database but its outcome could not be learnt, it may have been done. */
  readonly kind: StoreFault;
  constructor(
    readonly reason: string,
    options?: ErrorOptions & { kind?: StoreFault },
  ) {
    super(reason, options);
    this.kind = options?.kind ?? 'unavailable';
  }

  /** The write may have been done (kind `outcome_unknown`): answered with the catalogue's `outcomeUnknown` message. */
  get outcomeUnknown(): boolean {
    return this.kind === 'outcome_unknown';
  }
}
