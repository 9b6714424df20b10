// The storage boundary. Routes and auth talk only to this interface, so another engine
// (e.g. PostgreSQL shared by several instances) is a new file next to sqlite.ts, nothing more.
//
// Contract every engine must keep:
// - msg_id is allocated by the database, never reused, unique across every instance that
//   shares the database, and handled as a decimal string (it can exceed 2^53);
// - a promise resolves only after the write is committed;
// - (app_key, cid) is unique: a repeated cid returns the first push's result, stores nothing;
// - withdrawMessage is one atomic conditional update: of concurrent recalls, one wins.

/** How an app came to exist. */
export type AppKind = 'development' | 'configured' | 'created';

export interface StoredApp {
  appKey: string;
  /** Random per-app salt and SHA-256(salt ‖ masterSecret); the secret itself is never stored. */
  secretSalt: Buffer;
  secretHash: Buffer;
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

export interface MessageStore {
  /** A short name of the engine, for logs ("sqlite"). */
  readonly engine: string;
  /** Where the data lives, for logs (no credentials). */
  readonly location: string;

  /** Creates the app, or replaces its secret hash and kind if the appKey exists. */
  saveApp(app: StoredApp): Promise<void>;
  /** Creates the app; resolves false (and changes nothing) if the appKey exists. */
  createApp(app: StoredApp): Promise<boolean>;
  findApp(appKey: string): Promise<StoredApp | undefined>;
  listApps(): Promise<StoredApp[]>;

  insertMessage(message: NewMessage): Promise<PushResult>;
  withdrawMessage(request: WithdrawRequest): Promise<WithdrawOutcome>;
  findMessage(appKey: string, msgId: string): Promise<StoredMessage | undefined>;

  /** Resolves when the store answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
