// Per-AppKey rate limit (default: the spec's `x-rate-limit-per-second`, via LIMITS), in fixed
// one-second windows. Over it: 429 / 23008 with `Retry-After` and `X-Rate-Limit-Limit/
// Remaining/Reset`. Runs after authentication. The limiter counts in this process, or
// wherever the one given counts (the server's Redis: one budget for every instance).
import type { Step } from '../call.js';
import { apiError } from '../errors.js';
import { WINDOW_MS, type RateLimiter } from '../rate-limit/limiter.js';

/** Counts the request against its AppKey, or throws the 429; a promise only when the limiter must wait (Redis). */
export function rateLimit(limiter: RateLimiter): Step {
  // A window lasts one second, so the wait is always at most 1 s: one error serves every refusal.
  const seconds = String(Math.ceil(WINDOW_MS / 1000));
  const rateLimited = apiError('RATE_LIMITED', undefined, {
    headers: {
      'retry-after': seconds,
      'x-rate-limit-limit': String(limiter.limit),
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': seconds,
    },
  });
  const settle = (wait: number) => {
    if (wait >= 0) throw rateLimited;
  };
  return (call) => {
    const wait = limiter.take(call.appKey);
    if (typeof wait === 'number') settle(wait);
    else return wait.then(settle);
  };
}
