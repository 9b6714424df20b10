// Per-AppKey rate limit: a fixed one-second window (default: the spec's
// `x-rate-limit-per-second`, via LIMITS). Over it: 429 / 23008 with `Retry-After` and
// `X-Rate-Limit-Limit/Remaining/Reset`. Runs after authentication.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../clock.js';
import { apiError } from '../errors.js';

const WINDOW_MS = 1000;

interface Window {
  start: number;
  count: number;
}

export class FixedWindowRateLimiter {
  readonly limit: number;
  readonly #clock: Clock;
  readonly #windows = new Map<string, Window>();

  constructor(limit: number, clock: Clock) {
    this.limit = limit;
    this.#clock = clock;
  }

  /** Counts one request of `key`: -1 when allowed, else milliseconds until the window ends. */
  take(key: string): number {
    const now = this.#clock.now();
    const start = now - (now % WINDOW_MS);
    let window = this.#windows.get(key);
    if (window === undefined) {
      window = { start, count: 0 };
      this.#windows.set(key, window);
    } else if (window.start !== start) {
      window.start = start;
      window.count = 0;
    }
    if (window.count < this.limit) {
      window.count++;
      return -1;
    }
    return start + WINDOW_MS - now;
  }
}

export interface RateLimitOptions {
  /** Requests per AppKey per second; 0 turns the limit off. */
  limit: number;
  clock: Clock;
}

export default fp<RateLimitOptions>(
  (api: FastifyInstance, options, done) => {
    if (options.limit > 0) {
      const limiter = new FixedWindowRateLimiter(options.limit, options.clock);
      // A window lasts one second, so the wait is always at most 1 s: one error serves every refusal.
      const seconds = String(Math.ceil(WINDOW_MS / 1000));
      const rateLimited = apiError('RATE_LIMITED', undefined, {
        headers: {
          'retry-after': seconds,
          'x-rate-limit-limit': String(options.limit),
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': seconds,
        },
      });
      api.addHook('onRequest', (request, _reply, next) => {
        next(limiter.take(request.appKey) < 0 ? undefined : rateLimited);
      });
    }
    done();
  },
  { name: 'rate-limit', fastify: '5.x', dependencies: ['authentication'] },
);
