// Failed authentications per client address, in fixed one-minute windows. Past the limit an
// address is refused (429) until its window ends, however good its next credentials: guessing
// AppKeys or secrets from one address gets a few tries a minute.
import type { Clock } from '../clock.js';

const WINDOW_MS = 60_000;
/** Addresses tracked at most; the table is cleared of ended windows, then emptied, beyond it. */
const MAX_ADDRESSES = 100_000;

interface Window {
  start: number;
  failures: number;
}

export class AuthFailureLimiter {
  readonly limit: number;
  readonly #clock: Clock;
  readonly #windows = new Map<string, Window>();

  /** `limit` failures per minute per address; 0 turns the limiter off. */
  constructor(limit: number, clock: Clock) {
    this.limit = limit;
    this.#clock = clock;
  }

  /** Milliseconds until the address may try again, or 0 when it may now. */
  blockedFor(address: string): number {
    if (this.limit === 0) return 0;
    const window = this.#windows.get(address);
    if (window === undefined || window.failures < this.limit) return 0;
    const remaining = window.start + WINDOW_MS - this.#clock.now();
    if (remaining > 0) return remaining;
    this.#windows.delete(address);
    return 0;
  }

  recordFailure(address: string): void {
    if (this.limit === 0) return;
    const now = this.#clock.now();
    const window = this.#windows.get(address);
    if (window !== undefined && now - window.start < WINDOW_MS) {
      window.failures++;
      return;
    }
    if (this.#windows.size >= MAX_ADDRESSES) this.#forgetEnded(now);
    this.#windows.set(address, { start: now, failures: 1 });
  }

  #forgetEnded(now: number): void {
    for (const [address, window] of this.#windows) if (now - window.start >= WINDOW_MS) this.#windows.delete(address);
    if (this.#windows.size >= MAX_ADDRESSES) this.#windows.clear();
  }
}
