// Counters per key in fixed windows, held in this process: what the in-process rate limit
// counts (windows aligned to the clock's seconds) and the failed-authentication limit counts
// (a minute from each address's first failure).
import type { Clock } from '../clock.js';

interface Window {
  start: number;
  count: number;
}

/** Keys tracked at most; beyond it, ended windows are forgotten, then all if need be. */
const MAX_KEYS = 100_000;

export class FixedWindows {
  readonly #windowMs: number;
  readonly #aligned: boolean;
  readonly #clock: Clock;
  readonly #windows = new Map<string, Window>();

  /** `aligned`: windows start at multiples of `windowMs`; else at each key's first event. */
  constructor(windowMs: number, clock: Clock, { aligned }: { aligned: boolean }) {
    this.#windowMs = windowMs;
    this.#aligned = aligned;
    this.#clock = clock;
  }

  /** The window of `key` now, if it has one. */
  #current(key: string, now: number): Window | undefined {
    const window = this.#windows.get(key);
    if (window === undefined) return undefined;
    const alive = this.#aligned ? window.start === now - (now % this.#windowMs) : now - window.start < this.#windowMs;
    return alive ? window : undefined;
  }

  /** The count of `key` in its current window, and the milliseconds until that window ends. */
  peek(key: string): { count: number; endsInMs: number } {
    const now = this.#clock.now();
    const window = this.#current(key, now);
    const start = window?.start ?? (this.#aligned ? now - (now % this.#windowMs) : now);
    return { count: window?.count ?? 0, endsInMs: start + this.#windowMs - now };
  }

  /** Counts one event of `key` in its current window (starting one if need be). */
  add(key: string): void {
    const now = this.#clock.now();
    const window = this.#current(key, now);
    if (window !== undefined) {
      window.count++;
      return;
    }
    if (this.#windows.size >= MAX_KEYS) this.#forgetEnded(now);
    this.#windows.set(key, { start: this.#aligned ? now - (now % this.#windowMs) : now, count: 1 });
  }

  #forgetEnded(now: number): void {
    for (const key of this.#windows.keys()) if (this.#current(key, now) === undefined) this.#windows.delete(key);
    if (this.#windows.size >= MAX_KEYS) this.#windows.clear();
  }
}
