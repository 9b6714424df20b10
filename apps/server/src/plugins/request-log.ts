// One structured line per request (pino, with the request id as `reqId`): method, URL,
// status, duration and AppKey. Never headers (the Authorization header is also redacted by
// the logger) and never bodies. Every response carries the id as `X-Request-Id`.
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** Replaces Fastify's two lines per request (which include headers) with one line. */
export class RequestLogController extends LogController {
  readonly #enabled: boolean;

  constructor(logger: object | undefined) {
    super({ requestIdLogLabel: 'reqId' });
    const check = (logger as { isLevelEnabled?: (level: string) => boolean } | undefined)?.isLevelEnabled;
    this.#enabled = typeof check === 'function' && check.call(logger, 'info');
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      reply.log.error({ err: error, method: request.method, url: request.url }, 'response failed');
      return;
    }
    if (!this.#enabled) return;
    reply.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
        appKey: request.appKey || undefined,
      },
      'request completed',
    );
  }
}

export function requestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
