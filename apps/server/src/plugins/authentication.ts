// HTTP Basic authentication (appKey:masterSecret) of the API's operations, on `onRequest`:
// before the body is read or validated. Every failure answers the same 401 / 21004
// "Verification failed", so as not to reveal which AppKeys exist.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDirectory } from '../auth/app-directory.js';
import { apiError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated AppKey ('' before authentication). */
    appKey: string;
  }
}

export interface AuthenticationOptions {
  directory: AppDirectory;
  /** The `WWW-Authenticate` value of the spec's 401 answers, e.g. `Basic realm="push-api"`. */
  wwwAuthenticate: string;
}

export default fp<AuthenticationOptions>(
  (api: FastifyInstance, { directory, wwwAuthenticate }, done) => {
    const unauthorized = apiError('VERIFICATION_FAILED', undefined, { headers: { 'www-authenticate': wwwAuthenticate } });
    api.decorateRequest('appKey', '');
    api.addHook('onRequest', (request, _reply, next) => {
      const verdict = directory.authenticate(request.headers.authorization);
      if (typeof verdict === 'string') {
        request.appKey = verdict;
        next();
        return;
      }
      if (verdict === null) {
        next(unauthorized);
        return;
      }
      verdict.then((appKey) => {
        if (appKey === null) {
          next(unauthorized);
          return;
        }
        request.appKey = appKey;
        next();
      }, next);
    });
    done();
  },
  { name: 'authentication', fastify: '5.x' },
);
