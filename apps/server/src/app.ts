// The application: every request's way through the server, in order, in one place (handle()
// below). app.listen() serves it (serve.ts); tests inject requests into it.
//
//   X-Request-Id → a URL that decodes → CORS (answers preflights) → Host present → the route
//     no route: 405 on a path of the spec (with Allow), else 404
//     meta routes (/healthz, /openapi.*, /docs): answered, no authentication
//     the API's operations: authentication (401; 429 past AUTH_FAILURES_PER_MINUTE) → rate
//       limit (429) → Prefer: time-offset → the JSON body → the spec's schemas (400) → the
//       handler, which only calls the store
//   any failure on the way: its answer in the envelope (pipeline/errors.ts)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPERATIONS, type OperationId } from '@push-api/types';
import { AppDirectory, wellFormedCredentials } from './auth/app-directory.js';
import { systemClock, type Clock } from './clock.js';
import type { ServerConfig } from './config.js';
import { createHttpApp, type HttpApp } from './http/server.js';
import { sendAnswer, type Answer } from './http/reply.js';
import { ApiRequest } from './http/request.js';
import { Router } from './http/router.js';
import type { Logger } from './logger.js';
import { specDocument, type SpecDocument } from './openapi/document.js';
import { operationChecks, runCheck } from './openapi/routes.js';
import { createSpecValidator } from './openapi/validator.js';
import { authentication } from './pipeline/authentication.js';
import { corsStep } from './pipeline/cors.js';
import { clientErrorHandler, malformedUrl, noHost, sendApiError, toApiError } from './pipeline/errors.js';
import { jsonBody } from './pipeline/json-body.js';
import { notFoundAnswers } from './pipeline/not-found.js';
import { logWhenAnswered, requestIdGenerator } from './pipeline/request-log.js';
import { timeOffset } from './pipeline/time-offset.js';
import { LocalRateLimiter, type RateLimiter } from './rate-limit/limiter.js';
import { rateLimit } from './rate-limit/check.js';
import { defaultDocsDir, metaRoutes } from './routes/meta.js';
import { pushRoutes } from './routes/push.js';
import { withdrawRoutes } from './routes/withdraw.js';
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
  forward?: (request: ApiRequest) => Promise<Answer>;
}

/** A step of an operation: done, or throws the answer; a promise only when it must wait. */
type Step = (request: ApiRequest) => void | Promise<void>;

/** A route of the router: one of the API's operations, with its steps in order, or a meta route. */
type Route =
  | { kind: 'operation'; steps: readonly Step[]; answer: (request: ApiRequest) => Promise<Answer> }
  | { kind: 'meta'; answer: (request: ApiRequest) => Answer | Promise<Answer> };

/** The per-AppKey limiter: shared through Redis when REDIS_URL is set, else in this process. */
async function rateLimiter(config: AppConfig, clock: Clock, logger: Logger | undefined): Promise<RateLimiter | null> {
  if (config.rateLimitPerSecond === 0) return null;
  if (config.redisUrl !== null) {
    // Loaded only when used: the Redis client is a tenth of the start-up of a server without it.
    const { RedisRateLimiter } = await import('./rate-limit/redis.js');
    return new RedisRateLimiter({ url: config.redisUrl, limit: config.rateLimitPerSecond, logger });
  }
  return new LocalRateLimiter(config.rateLimitPerSecond, clock);
}

export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { store, config, logger, forward } = options;
  const clock = options.clock ?? systemClock;
  const spec = options.spec ?? specDocument;
  const validator = createSpecValidator(spec);
  const notFound = notFoundAnswers();

  const requestId = requestIdGenerator();
  const logRequests = logger?.isLevelEnabled('info') ?? false;
  const cors = config.corsOrigins === null ? null : corsStep(config.corsOrigins);
  const directory = forward ? wellFormedCredentials : new AppDirectory(store, { acceptDevelopmentApp: !config.production, clock });
  const limiter = forward ? null : await rateLimiter(config, clock, logger);
  // What every operation goes through before its own checks, in order.
  const common: Step[] = [
    authentication({
      directory,
      wwwAuthenticate: OPERATIONS.withdrawMessage.responses[401].headers['WWW-Authenticate'].example,
      failuresPerMinute: config.authFailuresPerMinute,
      clock,
    }),
    ...(limiter === null ? [] : [rateLimit(limiter)]),
    timeOffset(options.timeOffset ?? false),
    jsonBody(config.bodyLimitBytes),
  ];

  const router = new Router<Route>();
  const { docsDir } = options;
  for (const route of metaRoutes({ spec, store, notFound, docsDir: docsDir === undefined ? defaultDocsDir : () => docsDir })) {
    router.add(route.method, route.path, { kind: 'meta', answer: route.answer });
  }
  // The handler of every operation of the spec (the type asks for each): the store's, or `forward`.
  const handlers: Record<OperationId, (request: ApiRequest) => Promise<unknown>> = {
    ...pushRoutes({ store, clock }),
    ...withdrawRoutes({ store, clock }),
  };
  for (const operationId of Object.keys(OPERATIONS) as OperationId[]) {
    const { method, path } = OPERATIONS[operationId];
    const { params, body } = operationChecks(operationId, validator);
    const steps: Step[] = [...common];
    if (params !== undefined) steps.push((request) => runCheck(params, request.params, 'params'));
    if (body !== undefined) steps.push((request) => runCheck(body, request.body ?? null, 'body'));
    const handler = handlers[operationId];
    router.add(method, path, {
      kind: 'operation',
      steps,
      answer: forward ?? (async (request) => ({ status: 200, json: await handler(request) })),
    });
  }

  /** An operation's steps, then its handler. A step is awaited only when it returned a promise. */
  async function operation(request: ApiRequest, route: Extract<Route, { kind: 'operation' }>): Promise<Answer> {
    for (const step of route.steps) {
      const pending = step(request);
      if (pending) await pending;
    }
    return route.answer(request);
  }

  const fail = (request: ApiRequest, res: ServerResponse, error: unknown) => {
    if (!res.headersSent && !res.destroyed) sendApiError(res, toApiError(error, request));
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const request = new ApiRequest(req, requestId(req), logger);
    res.setHeader('x-request-id', request.id);
    if (logRequests) logWhenAnswered(request, res);
    try {
      const match = router.find(request.method, request.url);
      // A URL that cannot be decoded is answered before anything else looks at the request.
      if (match === 'bad-url') throw malformedUrl;
      if (cors !== null && cors(request, res)) return;
      if (request.headers.host === undefined && req.httpVersion === '1.1') throw noHost;
      if (match === null) throw notFound(request.url);
      request.params = match.params;
      const { route } = match;
      const answer = route.kind === 'meta' ? route.answer(request) : operation(request, route);
      if (answer instanceof Promise) {
        answer.then(
          (settled) => sendAnswer(res, settled),
          (error: unknown) => fail(request, res, error),
        );
      } else {
        sendAnswer(res, answer);
      }
    } catch (error) {
      fail(request, res, error);
    }
  }

  const app = createHttpApp(handle, {
    requestTimeoutMs: config.requestTimeoutMs,
    headersTimeoutMs: config.headersTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    maxConnections: config.maxConnections,
    clientError: clientErrorHandler,
  });
  if (limiter !== null) app.onClose(() => limiter.close());
  return app;
}
