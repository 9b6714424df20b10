// Per-key counters in fixed one-second windows aligned to the clock: in this process (here),
// or anywhere else that implements RateLimiter (the server's Redis, shared by its instances).
import type { Clock } from '../clock.js';
import { FixedWindows } from './fixed-windows.js';

export const WINDOW_MS = 1000;

export interface RateLimiter {
  readonly limit: number;
  /** Counts one request of `key`: -1 when allowed, else milliseconds until its window ends. */
  take(key: string): number | Promise<number>;
  close(): Promise<void>;
}

/** The counters of this process (several processes or instances: one budget each). */
export class LocalRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly #requests: FixedWindows;

  constructor(limit: number, clock: Clock) {
    this.limit = limit;
    this.#requests = new FixedWindows(WINDOW_MS, clock, { aligned: true });
  }

  take(key: string): number {
    const { count, endsInMs } = this.#requests.peek(key);
    if (count >= this.limit) return endsInMs;
    this.#requests.add(key);
    return -1;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
