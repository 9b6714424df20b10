// Builds the Fastify application (no listen): main.ts serves it, tests inject into it.
// The registration order below is the order of the hooks every request goes through.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { OPERATIONS } from '@push-api/types';
import { AppDirectory } from './auth/app-directory.js';
import { systemClock, type Clock } from './clock.js';
import type { ServerConfig } from './config.js';
import { specDocument, type SpecDocument } from './openapi/document.js';
import { validationError } from './openapi/validation-errors.js';
import { createSpecValidator } from './openapi/validator.js';
import authentication from './plugins/authentication.js';
import errorReplies, { frameworkErrorHandler } from './plugins/errors.js';
import jsonBody from './plugins/json-body.js';
import methodNotAllowed from './plugins/method-not-allowed.js';
import rateLimit from './plugins/rate-limit.js';
import requestId, { RequestLogController, requestIdGenerator } from './plugins/request-log.js';
import { defaultDocsDir, metaRoutes } from './routes/meta.js';
import { pushRoutes } from './routes/push.js';
import { withdrawRoutes } from './routes/withdraw.js';
import type { Store } from './store/types.js';

export type AppConfig = Pick<ServerConfig, 'rateLimitPerSecond' | 'production' | 'bodyLimitBytes'>;

export interface BuildAppOptions {
  store: Store;
  config: AppConfig;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** A pino logger; without one nothing is logged. */
  logger?: FastifyBaseLogger;
  /** The built docs site; defaults to apps/docs/dist. null: no docs. */
  docsDir?: string | null;
  /** Defaults to the process-wide bundle (spec/dist). */
  spec?: SpecDocument;
}

const noResponseSchemas = (): never => {
  throw new Error('routes declare no response schemas: answers are plain objects, serialised by Fastify');
};

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { store, config } = options;
  const clock = options.clock ?? systemClock;
  const spec = options.spec ?? specDocument();
  const validator = createSpecValidator(spec);

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
    // Route schemas are refs into the bundled spec, compiled by its validator; a failure
    // becomes the API's own error (validation-errors.ts).
    schemaController: {
      compilersFactory: {
        buildValidator:
          () =>
          ({ schema }) =>
            validator.compile(schema),
        buildSerializer: noResponseSchemas,
      },
    },
    schemaErrorFormatter: (errors, part) => validationError(errors, part),
  });

  // Every request: X-Request-Id → (errors answered by error-replies at any point).
  await app.register(requestId);
  await app.register(errorReplies, { bodyLimitBytes: config.bodyLimitBytes });
  await app.register(jsonBody);
  await app.register(methodNotAllowed);
  await app.register(metaRoutes, { spec, store, docsDir: options.docsDir === undefined ? defaultDocsDir() : options.docsDir });

  // The API's operations: authentication (401) → rate limit (429) → body parsing → the
  // route's schema (400) → the handler, which only calls the store.
  const directory = new AppDirectory(store, { acceptDevelopmentApp: !config.production, clock });
  const wwwAuthenticate = OPERATIONS.withdrawMessage.responses[401].headers['WWW-Authenticate'].example;
  await app.register(async (api) => {
    await api.register(authentication, { directory, wwwAuthenticate });
    await api.register(rateLimit, { limit: config.rateLimitPerSecond, clock });
    await api.register(pushRoutes, { store, clock, validator });
    await api.register(withdrawRoutes, { store, clock, validator });
  });

  return app;
}
