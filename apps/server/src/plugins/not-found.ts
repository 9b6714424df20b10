// What answers when no route matches: on a path of the spec, 405 / 21001 with `Allow` (the
// methods come from the spec's paths), whatever the method (PROPFIND and QUERY included);
// on any other path, 404 with the envelope. Repeated slashes count as one, as in routing.
// It answers on `onRequest`, before any body is read: a 405 does not depend on the body.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PATH_METHODS } from '@push-api/types';
import { apiError, type ApiError } from '../errors.js';
import { sendApiError } from './errors.js';

interface KnownPath {
  pattern: RegExp;
  methodNotAllowed: ApiError;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "/v4/push/withdraw/{msg_id}" → /^\/v4\/push\/withdraw\/[^/]*$/ */
function patternOf(path: string): RegExp {
  return new RegExp(
    `^${path
      .split(/\{[^}]+\}/)
      .map(escape)
      .join('[^/]*')}$`,
  );
}

export default fp(
  (app: FastifyInstance, _options, done) => {
    const known: KnownPath[] = Object.entries(PATH_METHODS as Record<string, readonly string[]>).map(([path, methods]) => ({
      pattern: patternOf(path),
      methodNotAllowed: apiError('METHOD_NOT_ALLOWED', undefined, { headers: { allow: methods.join(', ') } }),
    }));
    const noSuchPath = apiError('INVALID_PARAMETER', 'no such path', { status: 404 });
    const answerFor = (url: string): ApiError => {
      const path = (url.split('?', 1)[0] ?? '').replace(/\/{2,}/g, '/');
      return known.find((entry) => entry.pattern.test(path))?.methodNotAllowed ?? noSuchPath;
    };
    app.addHook('onRequest', (request, reply, next) => {
      if (request.is404) sendApiError(reply, answerFor(request.url));
      else next();
    });
    app.setNotFoundHandler((request, reply) => {
      sendApiError(reply, answerFor(request.url));
    });
    done();
  },
  { name: 'not-found', dependencies: ['error-replies'] },
);
