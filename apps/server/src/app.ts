// The application: the API's engine (@push-api/engine: what the API does) served over
// node:http, with what only a server has around it, every request's way in order (handle()):
//
//   X-Request-Id → a URL that decodes → CORS (answers preflights) → Host present → GET/HEAD of
//   a server route (/, /healthz, /openapi.*, /docs): answered, no authentication → anything
//   else: the engine (operations, 405, 404), whose answer is written here
//   any failure of a server route: its answer in the envelope
//
// app.listen() serves it (serve.ts); tests inject requests into it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createEngine,
  errorAnswer,
  malformedUrl,
  operationOf,
  parseTarget,
  requestIdGenerator,
  systemClock,
  toApiError,
  type Answer as EngineAnswer,
  type Call,
  type Clock,
  type Engine,
  type RateLimiter,
  type Target,
} from '@push-api/engine';
import type { ServerConfig } from './config.js';
import { createHttpApp, type HttpApp } from './http/server.js';
import { sendAnswer, type Answer } from './http/reply.js';
import { ApiRequest } from './http/request.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics/metrics.js';
import { specDocument, type SpecDocument } from './openapi/document.js';
import { corsStep } from './pipeline/cors.js';
import { clientErrorHandler, noHost } from './pipeline/errors.js';
import { logWhenAnswered } from './pipeline/request-log.js';
import { defaultDocsDir, findMetaRoute, metaRoutes } from './routes/meta.js';
import type { Store } from './store/types.js';

export type AppConfig = Pick<
  ServerConfig,
  | 'rateLimitPerSecond'
  | 'authFailuresPerMinute'
  | 'production'
  | 'bodyLimitBytes'
  | 'headersTimeoutMs'
  | 'requestTimeoutMs'
  | 'keepAliveTimeoutMs'
  | 'maxConnections'
  | 'corsOrigins'
  | 'redisUrl'
>;

export type App = HttpApp;
export { ApiRequest, type Answer };

export interface BuildAppOptions {
  store: Store;
  config: AppConfig;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** A pino logger; without one nothing is logged. */
  logger?: Logger;
  /** The built docs site; defaults to apps/docs/dist. null: no docs. */
  docsDir?: string | null;
  /** Defaults to the process-wide bundle (spec/dist), read when first needed. */
  spec?: () => SpecDocument;
  /** Honour `Prefer: time-offset=<seconds>` (the stateful mock); refused otherwise. */
  timeOffset?: boolean;
  /**
   * Answers every operation by passing the checked request on instead of using the store:
   * the Prism mock's front (apps/mock). Credentials are then checked for their form only,
   * as Prism does, and nothing is rate limited.
   */
  forward?: (call: Call) => Promise<EngineAnswer>;
  /** Counts every answer (METRICS_PORT); without it nothing is measured. */
  metrics?: ServerMetrics;
}

/** The per-AppKey limiter in Redis when REDIS_URL is set (shared by every instance); else the engine's own, in this process. */
async function sharedRateLimiter(config: AppConfig, logger: Logger | undefined): Promise<RateLimiter | undefined> {
  if (config.rateLimitPerSecond === 0 || config.redisUrl === null) return undefined;
  // Loaded only when used: the Redis client is a tenth of the start-up of a server without it.
  const { RedisRateLimiter } = await import('./rate-limit/redis.js');
  return new RedisRateLimiter({ url: config.redisUrl, limit: config.rateLimitPerSecond, logger });
}

export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { store, config, logger, forward } = options;
  const clock = options.clock ?? systemClock;
  const spec = options.spec ?? specDocument;
  const rateLimiter = forward ? undefined : await sharedRateLimiter(config, logger);
  const engine: Engine = createEngine({
    store,
    clock,
    rateLimitPerSecond: config.rateLimitPerSecond,
    ...(rateLimiter ? { rateLimiter } : {}),
    authFailuresPerMinute: config.authFailuresPerMinute,
    acceptDevelopmentApp: !config.production,
    timeOffset: options.timeOffset ?? false,
    bodyLimitBytes: config.bodyLimitBytes,
    spec: () => Promise.resolve(spec().document),
    ...(logger ? { logger } : {}),
    ...(forward ? { forward } : {}),
  });

  const requestId = requestIdGenerator();
  const logRequests = logger?.isLevelEnabled('info') ?? false;
  const cors = config.corsOrigins === null ? null : corsStep(config.corsOrigins);
  const { docsDir } = options;
  const routes = metaRoutes({ spec, store, docsDir: docsDir === undefined ? defaultDocsDir : () => docsDir });

  const { metrics } = options;
  /** Writes the answer; with metrics, counts it under its operation, status and code. */
  const send = (res: ServerResponse, answer: Answer, request: ApiRequest, started: number, target: Target | 'bad-url') => {
    sendAnswer(res, answer);
    if (metrics === undefined) return;
    const error = 'json' in answer ? (answer.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error : undefined;
    metrics.observe({
      operation: (target !== 'bad-url' && operationOf(request.method, target)) || 'other',
      status: answer.status,
      code: typeof error?.code === 'number' ? error.code : undefined,
      message: typeof error?.message === 'string' ? error.message : undefined,
      seconds: (performance.now() - started) / 1000,
    });
  };
  const fail = (request: ApiRequest, res: ServerResponse, error: unknown, started: number, target: Target | 'bad-url') => {
    send(res, errorAnswer(toApiError(error, request, logger)), request, started, target);
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = metrics === undefined ? 0 : performance.now();
    const given = req.headers['x-request-id'];
    const request = new ApiRequest(req, requestId(typeof given === 'string' ? given : undefined), logger);
    res.setHeader('x-request-id', request.id);
    if (logRequests) logWhenAnswered(request, res);
    let target: Target | 'bad-url' = 'bad-url';
    try {
      target = parseTarget(request.url);
      // A URL that cannot be decoded is answered before anything else looks at the request.
      if (target === 'bad-url') throw malformedUrl;
      if (cors !== null && cors(request, res)) return;
      if (request.headers.host === undefined && req.httpVersion === '1.1') throw noHost;
      const meta = request.method === 'GET' || request.method === 'HEAD' ? findMetaRoute(routes, target) : undefined;
      let answer: Answer | Promise<Answer>;
      if (meta === undefined) {
        answer = engine.handle(request, target);
      } else {
        request.params = meta.params;
        answer = meta.route.answer(request);
      }
      const parsed = target;
      if (answer instanceof Promise) {
        answer.then(
          (settled) => send(res, settled, request, started, parsed),
          (error: unknown) => fail(request, res, error, started, parsed),
        );
      } else {
        send(res, answer, request, started, parsed);
      }
    } catch (error) {
      fail(request, res, error, started, target);
    }
  }

  const app = createHttpApp(handle, {
    requestTimeoutMs: config.requestTimeoutMs,
    headersTimeoutMs: config.headersTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    maxConnections: config.maxConnections,
    clientError: clientErrorHandler,
  });
  app.onClose(() => engine.close());
  return app;
}
