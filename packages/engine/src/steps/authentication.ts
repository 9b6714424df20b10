// HTTP Basic authentication (appKey:masterSecret) of the API's operations: the first step
// of an operation, before the body is read or validated. Every failure answers the same
// 401 / 21004 "Verification failed", so as not to reveal which AppKeys exist; an address
// with too many failures in a minute is refused with 429 until the minute ends.
import type { Authenticator } from '../auth/app-directory.js';
import { AuthFailureLimiter } from '../auth/failure-limiter.js';
import type { Call, Step } from '../call.js';
import type { Clock } from '../clock.js';
import { apiError } from '../errors.js';

export interface AuthenticationOptions {
  directory: Authenticator;
  /** The `WWW-Authenticate` value of the spec's 401 answers, e.g. `Basic realm="push-api"`. */
  wwwAuthenticate: string;
  /** Failed authentications per minute per client address before it is refused; 0: no limit. */
  failuresPerMinute: number;
  clock: Clock;
}

/** Sets the call's AppKey, or throws the answer; a promise only when the directory must ask the store. */
export function authentication({ directory, wwwAuthenticate, failuresPerMinute, clock }: AuthenticationOptions): Step {
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
  return (call: Call) => {
    const { request } = call;
    const waitMs = failures.blockedFor(request.clientAddress);
    if (waitMs > 0) throw refused(waitMs);
    const settle = (appKey: string | null) => {
      if (appKey === null) {
        failures.recordFailure(request.clientAddress);
        throw unauthorized;
      }
      call.appKey = appKey;
      request.appKey = appKey;
    };
    const verdict = directory.authenticate(request.header('authorization'));
    if (verdict instanceof Promise) return verdict.then(settle);
    settle(verdict);
  };
}
