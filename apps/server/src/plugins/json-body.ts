// JSON request bodies, and nothing else (any other content type answers 400 / 21003). A body
// must be UTF-8 (a `charset` other than UTF-8 is refused), nested at most LIMITS.maxJsonDepth
// deep, and free of duplicate keys and of `__proto__`; each refusal says what is wrong. An
// empty body is "no body" (the official SDKs send `Content-Type: application/json;
// charset=utf-8` on the body-less recall DELETE). The text as received is kept on the request,
// to be stored without re-serialising it.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LIMITS } from '@push-api/types';
import { apiError, type ApiError } from '../errors.js';
import { scanJson, type JsonScanProblem } from '../json/scan.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON request body as received ('' when there was none). */
    rawBody: string;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const invalid = (detail: string) => apiError('INVALID_PARAMETER', detail);
const notUtf8 = invalid('request body is not valid UTF-8');
const wrongCharset = invalid('Content-Type charset must be utf-8');
const notJson = invalid('request body is not valid JSON');

/** Where in the body: "body.notification", shortened after 8 levels. */
function where(path: string): string {
  if (path === '') return 'the request body';
  const segments = path.split('.');
  return segments.length > 8 ? `${segments.slice(0, 8).join('.')}.…` : path;
}

function scanError(problem: JsonScanProblem): ApiError {
  switch (problem.kind) {
    case 'too-deep':
      return invalid(`request body nests deeper than ${LIMITS.maxJsonDepth} levels (at ${where(problem.path)})`);
    case 'duplicate-key':
      return invalid(`request body has the key ${JSON.stringify(problem.key)} twice in ${where(problem.path)}`);
    case 'proto-key':
      return invalid(`request body may not use the key "__proto__" (in ${where(problem.path)})`);
  }
}

/** The charset parameter of a Content-Type, lower case, or undefined. */
function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

export default fp(
  (app: FastifyInstance, _options, done) => {
    app.decorateRequest('rawBody', '');
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, next) => {
      const charset = charsetOf(request.headers['content-type']);
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        next(wrongCharset);
        return;
      }
      if (body.length === 0) {
        next(null, undefined);
        return;
      }
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        next(notUtf8);
        return;
      }
      const problem = scanJson(text, LIMITS.maxJsonDepth);
      if (problem) {
        next(scanError(problem));
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        next(notJson);
        return;
      }
      request.rawBody = text;
      next(null, value);
    });
    done();
  },
  { name: 'json-body' },
);
