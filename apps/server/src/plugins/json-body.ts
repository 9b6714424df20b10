// JSON request bodies, and nothing else (any other content type answers 400 / 21003).
// Fastify's own parser (with its prototype-poisoning guard) is kept, with two changes: an
// empty body is "no body" instead of an error (the official SDKs send
// `Content-Type: application/json; charset=utf-8` on the body-less recall DELETE), and the
// text as received is kept on the request, to be stored without re-serialising it.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON request body as received ('' when there was none). */
    rawBody: string;
  }
}

export default fp(
  (app: FastifyInstance, _options, done) => {
    const parse = app.getDefaultJsonParser('error', 'ignore');
    app.decorateRequest('rawBody', '');
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, next) => {
      if (body.length === 0) {
        next(null, undefined);
        return;
      }
      request.rawBody = body as string;
      void parse(request, body as string, next);
    });
    done();
  },
  { name: 'json-body', fastify: '5.x' },
);
