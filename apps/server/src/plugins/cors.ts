// CORS for browsers calling the API from another origin (CORS_ORIGINS; every origin by
// default outside production, none in production). @fastify/cors answers the preflights and
// adds the headers to every answer, errors included, so a page can read a 401 or a 429.
import type { FastifyCorsOptions } from '@fastify/cors';
import { PATH_METHODS } from '@push-api/types';
import type { CorsOrigins } from '../config.js';

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

export function corsOptions(origins: CorsOrigins): FastifyCorsOptions {
  const methods = [...new Set(Object.values(PATH_METHODS as Record<string, readonly string[]>).flat())];
  return {
    origin: origins === '*' ? '*' : [...origins],
    methods,
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-Request-Id', 'Prefer'],
    exposedHeaders: EXPOSED,
    maxAge: 600,
    // Any OPTIONS is answered as a preflight (204) rather than with a text/plain 400.
    strictPreflight: false,
  };
}
