// JSON request bodies. Fastify's own parser (with its prototype-poisoning guard) is kept,
// with two changes: an empty body is "no body" instead of an error (the official SDKs send
// `Content-Type: application/json; charset=utf-8` on the body-less recall DELETE), and the
// text as received is kept on the request, to be stored without re-serialising it.
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON request body as received ('' when there was none). */
    rawBody: string;
  }
}

export function jsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'ignore');
  app.decorateRequest('rawBody', '');
  // JSON only: any other content type is refused (400 / 21003) instead of parsed as text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    request.rawBody = body as string;
    parse(request, body as string, done);
  });
}
