// HTTP Basic authentication (appKey:masterSecret) of the API's operations, on `onRequest`:
// before the body is read or validated. Every failure answers the same 401 / 21004
// "Verification failed", so as not to reveal which AppKeys exist; an address with too many
// failures in a minute is refused with 429 until the minute ends.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Authenticator } from '../auth/app-directory.js';
import { AuthFailureLimiter } from '../auth/failure-limiter.js';
import type { Clock } from '../clock.js';
import { apiError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated AppKey ('' before authentication). */
    appKey: string;
  }
}

export interface AuthenticationOptions {
  directory: Authenticator;
  /** The `WWW-Authenticate` value of the spec's 401 answers, e.g. `Basic realm="push-api"`. */
  wwwAuthenticate: string;
  /** Failed authentications per minute per client address before it is refused; 0: no limit. */
  failuresPerMinute: number;
  clock: Clock;
}

export default fp<AuthenticationOptions>(
  (api: FastifyInstance, { directory, wwwAuthenticate, failuresPerMinute, clock }, done) => {
    const unauthorized = apiError('VERIFICATION_FAILED', undefined, { headers: { 'www-authenticate': wwwAuthenticate } });
    const failures = new AuthFailureLimiter(failuresPerMinute, clock);
    const refused = (waitMs: number) => {
      const seconds = String(Math.ceil(waitMs / 1000));
      return apiError('RATE_LIMITED', 'too many failed authentications from this address', {
        headers: {
          'retry-after': seconds,
          'x-rate-limit-limit': String(failuresPerMinute),
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': seconds,
        },
      });
    };
    api.decorateRequest('appKey', '');
    api.addHook('onRequest', (request, _reply, next) => {
      const waitMs = failures.blockedFor(request.ip);
      if (waitMs > 0) {
        next(refused(waitMs));
        return;
      }
      const settle = (appKey: string | null) => {
        if (appKey === null) {
          failures.recordFailure(request.ip);
          next(unauthorized);
          return;
        }
        request.appKey = appKey;
        next();
      };
      const verdict = directory.authenticate(request.headers.authorization);
      if (verdict instanceof Promise) verdict.then(settle, next);
      else settle(verdict);
    });
    done();
  },
  { name: 'authentication' },
);
