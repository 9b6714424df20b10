// A store in memory: the fake's, the stateful mock's, a browser's. It keeps every guarantee of
// the store contract (types.ts) within one JavaScript realm: ids from a counter that only
// grows, one message per (appKey, cid), a recall decided in one synchronous step (so of
// concurrent recalls exactly one wins), and a write "committed" when its promise resolves.
// Everything is gone when it is dropped.
import { checkFirstMessageId, messageIdOf } from './ids.js';
import {
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

const copyApp = (app: StoredApp): StoredApp => ({ ...app, secretSalt: app.secretSalt.slice(), secretHash: app.secretHash.slice() });

export class MemoryStore implements Store {
  readonly engine = 'memory';
  readonly location = 'memory';
  readonly settings: Readonly<Record<string, string>> = {};
  readonly warnings: readonly string[] = [];
  readonly #apps = new Map<string, StoredApp>();
  /** By msg_id (decimal), in the order stored (ascending ids). */
  readonly #messages = new Map<string, StoredMessage>();
  /** `appKey \0 cid` → msg_id. */
  readonly #cids = new Map<string, string>();
  #nextId: bigint;
  #revision = 1;
  #closed = false;

  constructor(options: StoreOptions = {}) {
    const first = options.firstMessageId ?? 1n;
    checkFirstMessageId(first);
    this.#nextId = first;
  }

  /** Runs `work` unless the store is closed; its result or failure as a promise. */
  #run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve) => {
      if (this.#closed) throw new StoreUnavailableError('the store is closed', { kind: 'closed' });
      resolve(work());
    });
  }

  saveApp(app: StoredApp): Promise<void> {
    return this.#run(() => {
      const existing = this.#apps.get(app.appKey);
      this.#apps.set(app.appKey, { ...copyApp(app), createdAt: existing?.createdAt ?? app.createdAt });
      this.#revision++;
    });
  }

  createApp(app: StoredApp): Promise<boolean> {
    return this.#run(() => {
      if (this.#apps.has(app.appKey)) return false;
      this.#apps.set(app.appKey, copyApp(app));
      this.#revision++;
      return true;
    });
  }

  findApp(appKey: string): Promise<StoredApp | undefined> {
    return this.#run(() => {
      const app = this.#apps.get(appKey);
      return app && copyApp(app);
    });
  }

  listApps(): Promise<StoredApp[]> {
    return this.#run(() =>
      [...this.#apps.values()]
        .sort((a, b) => a.createdAt - b.createdAt || (a.appKey < b.appKey ? -1 : a.appKey > b.appKey ? 1 : 0))
        .map(copyApp),
    );
  }

  appsRevision(): Promise<number> {
    return this.#run(() => this.#revision);
  }

  insertMessage(message: NewMessage): Promise<PushResult> {
    return this.#run(() => {
      const cidKey = message.cid === null ? null : `${message.appKey}\0${message.cid}`;
      if (cidKey !== null) {
        const first = this.#cids.get(cidKey);
        const stored = first === undefined ? undefined : this.#messages.get(first);
        if (stored !== undefined) return { msgId: stored.msgId, requestId: stored.requestId, duplicate: true };
      }
      const msgId = (this.#nextId++).toString();
      this.#messages.set(msgId, { ...message, msgId, withdrawnAt: null });
      if (cidKey !== null) this.#cids.set(cidKey, msgId);
      return { msgId, requestId: message.requestId, duplicate: false };
    });
  }

  withdrawMessage(request: WithdrawRequest): Promise<WithdrawOutcome> {
    return this.#run(() => {
      const id = messageIdOf(request.msgId);
      const message = id === undefined ? undefined : this.#messages.get(id.toString());
      if (message === undefined || message.appKey !== request.appKey) return 'unknown';
      if (message.withdrawnAt !== null) return 'already-withdrawn';
      if (message.sentAt <= request.now - request.windowMs) return 'expired';
      message.withdrawnAt = request.now;
      return 'withdrawn';
    });
  }

  findMessage(appKey: string, msgId: string): Promise<StoredMessage | undefined> {
    return this.#run(() => {
      const id = messageIdOf(msgId);
      const message = id === undefined ? undefined : this.#messages.get(id.toString());
      return message !== undefined && message.appKey === appKey ? { ...message } : undefined;
    });
  }

  countMessages(appKey: string): Promise<number> {
    return this.#run(() => {
      let count = 0;
      for (const message of this.#messages.values()) if (message.appKey === appKey) count++;
      return count;
    });
  }

  deleteMessagesSentBefore(before: number, limit: number): Promise<number> {
    return this.#run(() => {
      let deleted = 0;
      for (const [msgId, message] of this.#messages) {
        if (deleted >= limit) break;
        if (message.sentAt >= before) continue;
        this.#messages.delete(msgId);
        if (message.cid !== null) this.#cids.delete(`${message.appKey}\0${message.cid}`);
        deleted++;
      }
      return deleted;
    });
  }

  ping(): Promise<void> {
    return this.#run(() => undefined);
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}

/** A new, empty store in memory. */
export function createMemoryStore(options: StoreOptions = {}): MemoryStore {
  return new MemoryStore(options);
}
