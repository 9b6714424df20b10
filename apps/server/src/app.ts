// Builds the Fastify application (no listen): main.ts serves it, tests inject into it.
//
// Request pipeline of an API operation:
//   onRequest: X-Request-Id → authentication (401) → rate limit (429)
//   body parsing (400: not JSON, wrong content type, over the body limit)
//   handler: spec validation (400) → store → answer
// Every failure is an ApiError answered by plugins/errors.ts.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AppDirectory } from './auth/app-directory.js';
import { systemClock, type Clock } from './clock.js';
import type { ServerConfig } from './config.js';
import { loadContract, type Contract } from './contract/index.js';
import { authentication } from './plugins/auth.js';
import { errorHandling, frameworkErrorHandler } from './plugins/errors.js';
import { jsonBody } from './plugins/json-body.js';
import { methodNotAllowed } from './plugins/method-not-allowed.js';
import { rateLimit } from './plugins/rate-limit.js';
import { RequestLogController, requestLogging } from './plugins/request-log.js';
import { defaultDocsDir, metaRoutes } from './routes/meta.js';
import { pushRoutes } from './routes/push.js';
import { withdrawRoutes } from './routes/withdraw.js';
import type { MessageStore } from './store/types.js';

export type AppConfig = Pick<ServerConfig, 'rateLimitPerSecond' | 'production' | 'bodyLimitBytes'>;

export interface BuildAppOptions {
  store: MessageStore;
  config: AppConfig;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** A pino logger; without one nothing is logged. */
  logger?: FastifyBaseLogger;
  /** The built docs site; defaults to apps/docs/dist. null: no docs. */
  docsDir?: string | null;
  /** Defaults to the process-wide contract (spec/dist). */
  contract?: Contract;
}

/** Request ids: "<random per process>-<counter>", or a sane incoming X-Request-Id. */
function requestIdGenerator(): (req: { headers: Record<string, string | string[] | undefined> }) => string {
  const prefix = randomBytes(4).toString('hex');
  const incoming = /^[A-Za-z0-9._:-]{1,64}$/;
  let sequence = 0;
  return (req) => {
    const given = req.headers['x-request-id'];
    if (typeof given === 'string' && incoming.test(given)) return given;
    sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${prefix}-${sequence.toString(36)}`;
  };
}

function noRouteSchemas(): never {
  throw new Error('route schemas are not used: requests are validated by src/contract against the bundled spec');
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { store, config } = options;
  const clock = options.clock ?? systemClock;
  const contract = options.contract ?? loadContract();
  const docsDir = options.docsDir === undefined ? defaultDocsDir() : options.docsDir;

  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    logController: new RequestLogController(options.logger),
    genReqId: requestIdGenerator(),
    bodyLimit: config.bodyLimitBytes,
    // Long junk ids must reach the route (400 "must be a numeric string"), not a 404.
    routerOptions: { maxParamLength: 2048 },
    frameworkErrors: frameworkErrorHandler,
    // While closing, requests already on open connections are still answered normally (the
    // operations may only answer the statuses the spec declares; 503 is not one of them).
    return503OnClosing: false,
    // Requests are validated by the contract (src/contract) against spec/dist, and answers
    // are serialised by hand: Fastify's own Ajv and fast-json-stringify are never loaded.
    schemaController: { compilersFactory: { buildValidator: noRouteSchemas, buildSerializer: noRouteSchemas } },
  });

  app.decorateRequest('appKey', '');
  requestLogging(app);
  jsonBody(app);
  errorHandling(app, { bodyLimitBytes: config.bodyLimitBytes });
  methodNotAllowed(app, contract);
  await metaRoutes(app, { contract, store, docsDir });

  // The API's operations, in their own scope so that only they require authentication.
  const directory = new AppDirectory(store, { acceptDevelopmentApp: !config.production, clock });
  await app.register(async (api) => {
    authentication(api, { directory, wwwAuthenticate: contract.wwwAuthenticate });
    rateLimit(api, { limit: config.rateLimitPerSecond, clock });
    pushRoutes(api, { contract, store, clock });
    withdrawRoutes(api, { contract, store, clock });
  });

  return app;
}
