// Failed authentications per client address, in fixed one-minute windows. Past the limit an
// address is refused (429) until its window ends, however good its next credentials: guessing
// AppKeys or secrets from one address gets a few tries a minute.
import type { Clock } from '../clock.js';
import { FixedWindows } from '../rate-limit/fixed-windows.js';

export class AuthFailureLimiter {
  readonly limit: number;
  readonly #failures: FixedWindows;

  /** `limit` failures per minute per address; 0 turns the limiter off. */
  constructor(limit: number, clock: Clock) {
    this.limit = limit;
    this.#failures = new FixedWindows(60_000, clock, { aligned: false });
  }

  /** Milliseconds until the address may try again, or 0 when it may now. */
  blockedFor(address: string): number {
    if (this.limit === 0) return 0;
    const { count, endsInMs } = this.#failures.peek(address);
    return count >= this.limit ? endsInMs : 0;
  }

  recordFailure(address: string): void {
    if (this.limit > 0) this.#failures.add(address);
  }
}
