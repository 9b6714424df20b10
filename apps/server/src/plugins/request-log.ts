// One structured line per request (pino, with the request id as `reqId`): method, URL,
// status, duration and AppKey; never headers or bodies. Every response carries the id as
// `X-Request-Id`: a sane incoming one is kept, else "<random per process>-<counter>".
import { randomBytes } from 'node:crypto';
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Replaces Fastify's two lines per request (which include headers) with one line. */
export class RequestLogController extends LogController {
  readonly #enabled: boolean;

  constructor(logger: FastifyBaseLogger | undefined) {
    super({ requestIdLogLabel: 'reqId' });
    // A pino logger can tell whether info lines are on; Fastify's interface does not promise it.
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

/** Fastify's `genReqId`: a sane incoming X-Request-Id, else "<random per process>-<counter>". */
export function requestIdGenerator(): (request: { headers: Record<string, string | string[] | undefined> }) => string {
  const prefix = randomBytes(4).toString('hex');
  const incoming = /^[A-Za-z0-9._:-]{1,64}$/;
  let sequence = 0;
  return (request) => {
    const given = request.headers['x-request-id'];
    if (typeof given === 'string' && incoming.test(given)) return given;
    sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${prefix}-${sequence.toString(36)}`;
  };
}

export default fp(
  (app: FastifyInstance, _options, done) => {
    app.addHook('onRequest', (request, reply, next) => {
      reply.header('x-request-id', request.id);
      next();
    });
    done();
  },
  { name: 'request-id' },
);
