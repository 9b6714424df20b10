// CORS for browsers calling the API from another origin (CORS_ORIGINS; every origin by
// default outside production, none in production), with the `cors` package: it answers the
// preflights (any OPTIONS, 204) and adds the headers to every answer to a request with an
// Origin, errors included, so a page can read a 401 or a 429.
import type { ServerResponse } from 'node:http';
import cors from 'cors';
import { PATH_METHODS } from '@push-api/types';
import type { CorsOrigins } from '../config.js';
import type { ApiRequest } from '../http/request.js';

/** The headers a page may read: request id, rate limit, Allow and the auth challenge. */
const EXPOSED = [
  'X-Request-Id',
  'Retry-After',
  'X-Rate-Limit-Limit',
  'X-Rate-Limit-Remaining',
  'X-Rate-Limit-Reset',
  'Allow',
  'WWW-Authenticate',
];

export function corsOptions(origins: CorsOrigins): cors.CorsOptions {
  const methods = [...new Set(Object.values(PATH_METHODS as Record<string, readonly string[]>).flat())];
  return {
    origin: origins === '*' ? '*' : [...origins],
    methods: methods.join(', '),
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-Request-Id', 'Prefer'].join(', '),
    exposedHeaders: EXPOSED.join(', '),
    maxAge: 600,
  };
}

/**
 * The CORS step: adds the headers; true when it answered the request (a preflight). As CORS
 * libraries of the field do (Go's rs/cors, Spring), a request without Origin is not a CORS
 * request: it gets only `Vary: Origin` (its answer depends on Origin, for caches). Any
 * OPTIONS is answered as a preflight.
 */
export function corsStep(origins: CorsOrigins): (request: ApiRequest, res: ServerResponse) => boolean {
  const middleware = cors(corsOptions(origins));
  return (request, res) => {
    res.setHeader('vary', 'Origin');
    if (request.headers.origin === undefined && request.method !== 'OPTIONS') return false;
    let next = false;
    // With fixed options, the middleware answers or calls on before it returns.
    middleware(request.raw, res, () => {
      next = true;
    });
    return !next;
  };
}
