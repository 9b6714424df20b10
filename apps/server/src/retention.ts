// Retention: messages sent more than RETENTION_DAYS ago are deleted, in small batches so that
// requests are never held up for long; a deleted message answers "msg_id not exist" like any
// unknown id. Runs once shortly after start, then every minute.
import type { Logger } from './logger.js';
import type { Clock } from '@push-api/engine';
import type { MessageStore } from './store/types.js';

const DAY_MS = 86_400_000;
/** Rows per DELETE: a few milliseconds of work each. */
export const RETENTION_BATCH = 500;
const INTERVAL_MS = 60_000;
const FIRST_RUN_MS = 5_000;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export class RetentionJob {
  readonly #store: MessageStore;
  readonly #days: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(store: MessageStore, days: number, clock: Clock, logger: Logger) {
    this.#store = store;
    this.#days = days;
    this.#clock = clock;
    this.#logger = logger;
  }

  /** Deletes every message past retention, a batch at a time; answers how many. */
  async runOnce(): Promise<number> {
    const before = this.#clock.now() - this.#days * DAY_MS;
    let deleted = 0;
    for (;;) {
      const count = await this.#store.deleteMessagesSentBefore(before, RETENTION_BATCH);
      deleted += count;
      if (count < RETENTION_BATCH) return deleted;
      await nextTurn(); // let requests in between batches
    }
  }

  start(): void {
    if (this.#days === 0) return;
    const tick = () => {
      this.#running ??= this.runOnce()
        .then(
          (deleted) => {
            if (deleted > 0) this.#logger.info({ deleted, retentionDays: this.#days }, 'retention: deleted old messages');
            return deleted;
          },
          (error: unknown) => {
            this.#logger.warn({ err: error }, 'retention: could not delete old messages (will try again)');
            return 0;
          },
        )
        .finally(() => {
          this.#running = undefined;
        });
    };
    const first = setTimeout(() => {
      tick();
      this.#timer = setInterval(tick, INTERVAL_MS);
      this.#timer.unref();
    }, FIRST_RUN_MS);
    first.unref();
    this.#timer = first;
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
    await this.#running;
  }
}
