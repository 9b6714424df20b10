// Per-AppKey rate limit (default: the spec's `x-rate-limit-per-second`, via LIMITS), in fixed
// one-second windows. Over it: 429 / 23008 with `Retry-After` and `X-Rate-Limit-Limit/
// Remaining/Reset`. Runs after authentication. The limiter counts in this process, or in
// Redis when REDIS_URL is set (one budget for every instance).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { apiError } from '../errors.js';
import { WINDOW_MS, type RateLimiter } from './limiter.js';

export interface RateLimitOptions {
  /** null: no limit. */
  limiter: RateLimiter | null;
}

export default fp<RateLimitOptions>(
  (api: FastifyInstance, { limiter }, done) => {
    if (limiter !== null) {
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
      api.addHook('onRequest', (request, _reply, next) => {
        const wait = limiter.take(request.appKey);
        if (typeof wait === 'number') next(wait < 0 ? undefined : rateLimited);
        else wait.then((ms) => next(ms < 0 ? undefined : rateLimited), next);
      });
    }
    done();
  },
  { name: 'rate-limit', dependencies: ['authentication'] },
);
