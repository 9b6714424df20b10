// Builds the Fastify application (no listen): serve.ts serves it, tests inject into it.
// The registration order below is the order of the hooks every request goes through.
import { METHODS, type IncomingMessage, type ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { OPERATIONS, type OperationId } from '@push-api/types';
import { AppDirectory, wellFormedCredentials } from './auth/app-directory.js';
import { systemClock, type Clock } from './clock.js';
import type { ServerConfig } from './config.js';
import { specDocument, type SpecDocument } from './openapi/document.js';
import { validationError } from './openapi/validation-errors.js';
import { operationRoute } from './openapi/routes.js';
import { createSpecValidator, type SpecValidator } from './openapi/validator.js';
import authentication from './plugins/authentication.js';
import { corsOptions } from './plugins/cors.js';
import errorReplies, { clientErrorHandler, frameworkErrorHandler } from './plugins/errors.js';
import jsonBody from './plugins/json-body.js';
import notFound from './plugins/not-found.js';
import { LocalRateLimiter, type RateLimiter } from './rate-limit/limiter.js';
import rateLimit from './rate-limit/plugin.js';
import requestId, { RequestLogController, requestIdGenerator } from './plugins/request-log.js';
import timeOffset from './plugins/time-offset.js';
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

/** Set when a shutdown starts: every answer then closes its connection. */
export interface ShutdownState {
  draining: boolean;
}

export interface BuildAppOptions {
  store: Store;
  config: AppConfig;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** A pino logger; without one nothing is logged. */
  logger?: FastifyBaseLogger;
  /** The built docs site; defaults to apps/docs/dist. null: no docs. */
  docsDir?: string | null;
  /** Defaults to the process-wide bundle (spec/dist), read when first needed. */
  spec?: () => SpecDocument;
  /** Shared with the code that shuts the server down. */
  shutdown?: ShutdownState;
  /** Honour `Prefer: time-offset=<seconds>` (the stateful mock); refused otherwise. */
  timeOffset?: boolean;
  /**
   * Answers every operation by passing the checked request on instead of using the store:
   * the Prism mock's front (apps/mock). Credentials are then checked for their form only,
   * as Prism does, and nothing is rate limited.
   */
  forward?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** The per-AppKey limiter: shared through Redis when REDIS_URL is set, else in this process. */
async function rateLimiter(config: AppConfig, clock: Clock, logger: FastifyBaseLogger): Promise<RateLimiter | null> {
  if (config.rateLimitPerSecond === 0) return null;
  if (config.redisUrl !== null) {
    // Loaded only when used: the Redis client is a tenth of the start-up of a server without it.
    const { RedisRateLimiter } = await import('./rate-limit/redis.js');
    return new RedisRateLimiter({ url: config.redisUrl, limit: config.rateLimitPerSecond, logger });
  }
  return new LocalRateLimiter(config.rateLimitPerSecond, clock);
}

const noResponseSchemas = (): never => {
  throw new Error('routes declare no response schemas: answers are plain objects, serialised by Fastify');
};

/** Every operation of the spec, checked as the store-backed routes are, answered by `forward`. */
function forwardRoutes(api: FastifyInstance, validator: SpecValidator, forward: NonNullable<BuildAppOptions['forward']>): void {
  for (const operationId of Object.keys(OPERATIONS) as OperationId[]) {
    api.route({ ...operationRoute(operationId, validator), handler: forward });
  }
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { store, config } = options;
  const clock = options.clock ?? systemClock;
  const spec = options.spec ?? specDocument;
  const validator = createSpecValidator(spec);

  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    logController: new RequestLogController(options.logger),
    genReqId: requestIdGenerator(),
    bodyLimit: config.bodyLimitBytes,
    // A request must arrive in time (408 otherwise); idle keep-alive connections close.
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      // A request without Host is answered in the envelope (plugins/errors.ts), not by Node.
      requireHostHeader: false,
      headersTimeout: config.headersTimeoutMs,
      // How often Node looks for requests over their time (its default, 30 s, is coarser than the limits).
      connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(config.headersTimeoutMs / 10))),
    },
    // Long junk ids must reach the route (400 "must be a numeric string"), not a 404;
    // clients that join a base URL ending in "/" with "/v4/push" send "//v4/push".
    routerOptions: { maxParamLength: 2048, ignoreDuplicateSlashes: true },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // While closing, requests already on open connections are still answered normally (the
    // operations may only answer the statuses the spec declares; 503 is not one of them).
    return503OnClosing: false,
    // Route schemas are refs into the bundled spec, compiled by its validator; a failure
    // becomes the API's own error (validation-errors.ts).
    schemaController: {
      compilersFactory: {
        buildValidator:
          () =>
          ({ schema, httpPart }) =>
            // Typed as Ajv's functions; Fastify calls any function and reads its `errors`.
            validator.compile(schema, (errors) => validationError(errors, httpPart)) as unknown as ValidateFunction,
        buildSerializer: noResponseSchemas,
      },
    },
    schemaErrorFormatter: (errors, part) => validationError(errors, part),
  });

  app.server.maxConnections = config.maxConnections;
  // An `Expect` other than 100-continue: Node would answer 417, which no operation declares.
  // The API needs no expectation met, so such a request is handled like any other.
  app.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    app.routing(request, response);
  });
  // Every method Node parses reaches the routing (and so 405 on a path of the spec), not only
  // the ones Fastify knows by default (QUERY, for one). CONNECT never reaches a route.
  for (const method of METHODS) {
    if (method !== 'CONNECT' && !app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true });
  }
  const shutdown = options.shutdown ?? { draining: false };
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (shutdown.draining) reply.header('connection', 'close');
    done(null, payload);
  });

  // Every request: X-Request-Id → CORS (browsers; answers preflights) → … Errors are answered
  // by error-replies at any point; no route: not-found (405 on a path of the spec, else 404).
  // The server's own plugins name no Fastify version (fastify-plugin's `fastify`): the package
  // pins Fastify, and each version named is a semver check at every start.
  await app.register(requestId);
  if (config.corsOrigins !== null) await app.register(cors, corsOptions(config.corsOrigins));
  await app.register(errorReplies, { bodyLimitBytes: config.bodyLimitBytes });
  await app.register(notFound);
  await app.register(jsonBody);
  const { docsDir } = options;
  await app.register(metaRoutes, { spec, store, docsDir: docsDir === undefined ? defaultDocsDir : () => docsDir });

  // The API's operations: authentication (401; 429 past AUTH_FAILURES_PER_MINUTE) → rate
  // limit (429) → body parsing → the route's schema (400) → the handler, which only calls
  // the store.
  const { forward } = options;
  const directory = forward ? wellFormedCredentials : new AppDirectory(store, { acceptDevelopmentApp: !config.production, clock });
  const limiter = forward ? null : await rateLimiter(config, clock, app.log);
  if (limiter !== null) app.addHook('onClose', () => limiter.close());
  const wwwAuthenticate = OPERATIONS.withdrawMessage.responses[401].headers['WWW-Authenticate'].example;
  await app.register(async (api) => {
    await api.register(authentication, { directory, wwwAuthenticate, failuresPerMinute: config.authFailuresPerMinute, clock });
    await api.register(rateLimit, { limiter });
    await api.register(timeOffset, { honour: options.timeOffset ?? false });
    if (forward) {
      forwardRoutes(api, validator, forward);
    } else {
      await api.register(pushRoutes, { store, clock, validator });
      await api.register(withdrawRoutes, { store, clock, validator });
    }
  });

  return app;
}
