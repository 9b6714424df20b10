// HTTP Basic authentication (appKey:masterSecret) of the API's operations. It runs on
// `onRequest`, before the body is read or validated. Every failure answers the same
// 401 / 21004 "Verification failed", so as not to reveal which AppKeys exist.
import type { FastifyInstance } from 'fastify';
import type { AppDirectory } from '../auth/app-directory.js';
import { apiError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated AppKey ('' before authentication; decorated in app.ts). */
    appKey: string;
  }
}

export interface AuthenticationOptions {
  directory: AppDirectory;
  /** The spec's `WWW-Authenticate` value. */
  wwwAuthenticate: string;
}

export function authentication(api: FastifyInstance, options: AuthenticationOptions): void {
  const { directory } = options;
  const unauthorized = apiError('VERIFICATION_FAILED', undefined, { 'www-authenticate': options.wwwAuthenticate });
  api.addHook('onRequest', (request, _reply, done) => {
    const verdict = directory.authenticate(request.headers.authorization);
    if (typeof verdict === 'string') {
      request.appKey = verdict;
      return done();
    }
    if (verdict === null) return done(unauthorized);
    verdict.then((appKey) => {
      if (appKey === null) return done(unauthorized);
      request.appKey = appKey;
      done();
    }, done);
  });
}
