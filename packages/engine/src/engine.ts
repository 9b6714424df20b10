// The API's behaviour: a request's whole way through it, in order, in one place (handle()
// below), over a Store and a Clock, with no `node:` import — the same code answers in the
// reference server (apps/server, through its node:http adapter), in the fake and MSW handlers
// (@push-api/mock), in a browser's service worker, and under Bun and Deno (fetch() below).
//
//   a target that decodes (400 "malformed URL") → the operation (405 on a path of the spec,
//   with Allow; else 404) → authentication (401; 429 past the failures allowed per address)
//   → the per-AppKey rate limit (429) → Prefer: time-offset → the JSON body → the spec's
//   schemas of the parameters and the body (400) → the operation, which calls the store
//   any failure on the way: its answer in the envelope (answers.ts)
import { LIMITS, OPERATIONS, type OperationId } from '@push-api/types';
import { errorAnswer, toApiError, toResponse } from './answers.js';
import { AppDirectory, wellFormedCredentials } from './auth/app-directory.js';
import type { Call, Step } from './call.js';
import { systemClock, type Clock } from './clock.js';
import { ApiError, bodyErrors, malformedUrl } from './errors.js';
import type { Answer, EngineLogger, EngineRequest } from './http.js';
import { pushOperations } from './operations/push.js';
import { withdrawOperations } from './operations/withdraw.js';
import { LocalRateLimiter, type RateLimiter } from './rate-limit/limiter.js';
import { requestIdGenerator } from './request-id.js';
import { OperationRouter, parseTarget, type Target } from './router.js';
import { authentication } from './steps/authentication.js';
import { jsonBody } from './steps/json-body.js';
import { rateLimit } from './steps/rate-limit.js';
import { timeOffset } from './steps/time-offset.js';
import type { Store } from './store/types.js';
import { operationChecks, runCheck } from './validation/checks.js';
import { createSpecValidator, type SpecDocument } from './validation/validator.js';

export interface EngineOptions {
  store: Store;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Requests per AppKey per second (default the spec's `x-rate-limit-per-second`); 0: no limit. */
  rateLimitPerSecond?: number;
  /** Counts the rate limit somewhere else than in this engine (the server's Redis); takes over rateLimitPerSecond. */
  rateLimiter?: RateLimiter;
  /** Failed authentications per minute from one client address before it is refused (default 60); 0: no limit. */
  authFailuresPerMinute?: number;
  /** Whether the development app may authenticate (default true; a production server says false). */
  acceptDevelopmentApp?: boolean;
  /** Honour `Prefer: time-offset=<seconds>` (the stateful mock); refused otherwise. */
  timeOffset?: boolean;
  /** The largest body accepted, in bytes (default the spec's `x-max-body-bytes`). */
  bodyLimitBytes?: number;
  /** Where unexpected faults are logged when the request brings no logger of its own. */
  logger?: EngineLogger;
  /** The parsed bundled spec (default: the one built into this package), loaded on the first check. */
  spec?: () => Promise<SpecDocument>;
  /**
   * Answers every operation by passing the checked request on instead of using the store: the
   * Prism mock's front. Credentials are then checked for their form only, as Prism does, and
   * nothing is rate limited.
   */
  forward?: (call: Call) => Promise<Answer>;
  /**
   * Asked right before an operation runs (the request authenticated and valid): an answer to
   * give instead, or undefined to run the operation. What the fake's failNext() is made of.
   */
  intercept?: (operationId: OperationId, call: Call) => Answer | undefined;
}

export interface Engine {
  /**
   * Answers a request as an adapter presents it. Never rejects: every failure is an answer. The
   * target may be given already parsed (an adapter that looked at it first).
   */
  handle(request: EngineRequest, target?: Target | 'bad-url'): Answer | Promise<Answer>;
  /** Answers a Web Request with a Web Response (the fake, MSW, service workers, Bun, Deno). */
  fetch(request: Request, context?: { clientAddress?: string }): Promise<Response>;
  /** Lets go of what the engine holds (its rate limiter's connection). */
  close(): Promise<void>;
}

/** A route of the router: one of the API's operations, with its steps in order. */
interface Route {
  readonly operationId: OperationId;
  readonly steps: readonly Step[];
  readonly answer: (call: Call) => Promise<Answer>;
}

/** The spec this package was built with, parsed. */
const bundledSpec = async (): Promise<SpecDocument> => (await import('@push-api/spec/openapi.json', { with: { type: 'json' } })).default;

export function createEngine(options: EngineOptions): Engine {
  const { store, forward, intercept, logger } = options;
  const clock = options.clock ?? systemClock;
  const bodyLimitBytes = options.bodyLimitBytes ?? LIMITS.maxBodyBytes;
  const validator = createSpecValidator(options.spec ?? bundledSpec);
  const directory = forward
    ? wellFormedCredentials
    : new AppDirectory(store, { acceptDevelopmentApp: options.acceptDevelopmentApp ?? true, clock });
  const limit = options.rateLimitPerSecond ?? LIMITS.rateLimitPerSecond;
  const limiter = forward ? null : (options.rateLimiter ?? (limit === 0 ? null : new LocalRateLimiter(limit, clock)));
  // What every operation goes through before its own checks, in order.
  const common: Step[] = [
    authentication({
      directory,
      wwwAuthenticate: OPERATIONS.withdrawMessage.responses[401].headers['WWW-Authenticate'].example,
      failuresPerMinute: options.authFailuresPerMinute ?? 60,
      clock,
    }),
    ...(limiter === null ? [] : [rateLimit(limiter)]),
    timeOffset(options.timeOffset ?? false),
    jsonBody(bodyLimitBytes),
  ];
  // The operation of every operationId of the spec (the type asks for each): the store's, or `forward`.
  const operations: Record<OperationId, (call: Call) => Promise<unknown>> = {
    ...pushOperations({ store, clock }),
    ...withdrawOperations({ store, clock }),
  };
  const router = new OperationRouter<Route>((operationId) => {
    const { params, body } = operationChecks(operationId, validator);
    const steps: Step[] = [...common];
    if (params !== undefined) steps.push((call) => runCheck(params, call.params, 'params'));
    if (body !== undefined) steps.push((call) => runCheck(body, call.body ?? null, 'body'));
    const operation = operations[operationId];
    const answer = forward ?? (async (call: Call): Promise<Answer> => ({ status: 200, json: await operation(call) }));
    return { operationId, steps, answer: intercept ? (call) => Promise.resolve(intercept(operationId, call) ?? answer(call)) : answer };
  });

  /** An operation's steps, then the operation; any failure as its answer. A step is awaited only when it returned a promise. */
  async function run(call: Call, route: Route): Promise<Answer> {
    try {
      for (const step of route.steps) {
        const pending = step(call);
        if (pending) await pending;
      }
      return await route.answer(call);
    } catch (error) {
      return errorAnswer(toApiError(error, call.request, logger));
    }
  }

  function handle(request: EngineRequest, target: Target | 'bad-url' = parseTarget(request.url)): Answer | Promise<Answer> {
    if (target === 'bad-url') return errorAnswer(malformedUrl);
    const match = router.find(request.method, target);
    if (match instanceof ApiError) return errorAnswer(match);
    const { route } = match;
    const call: Call = {
      request,
      operationId: route.operationId,
      params: match.params,
      appKey: '',
      body: undefined,
      rawBody: '',
      timeOffsetMs: 0,
    };
    return run(call, route);
  }

  const requestId = requestIdGenerator();

  return {
    handle,
    async fetch(request, context) {
      const id = requestId(request.headers.get('x-request-id') ?? undefined);
      const engineRequest = await webRequest(request, id, context?.clientAddress ?? '', bodyLimitBytes);
      return toResponse(await handle(engineRequest), id);
    },
    async close() {
      await limiter?.close();
    },
  };
}

/**
 * A Web Request as the engine reads it. Its body is read first (within the limit): a Web
 * Request does not say whether it has one (an interceptor may give a body-less DELETE an
 * empty stream), and an empty body is no body. A body over the limit is refused when the
 * body step asks for it, as on any adapter.
 */
async function webRequest(request: Request, id: string, clientAddress: string, limitBytes: number): Promise<EngineRequest> {
  const url = new URL(request.url);
  let body: Uint8Array = new Uint8Array(0);
  let refused: Error | undefined;
  if (request.body !== null) {
    try {
      body = await readWithin(request, limitBytes);
    } catch (error) {
      refused = error as Error;
    }
  }
  return {
    id,
    method: request.method,
    url: url.pathname + url.search,
    header: (name) => request.headers.get(name) ?? undefined,
    hasBody: refused !== undefined || body.length > 0,
    readBody: (limit) => {
      if (refused !== undefined) return Promise.reject(refused);
      return body.length > limit ? Promise.reject(bodyErrors(limit).tooLarge) : Promise.resolve(body);
    },
    clientAddress,
    appKey: '',
  };
}

/** A Web Request's body, refused as soon as it is longer than `limitBytes`. */
async function readWithin(request: Request, limitBytes: number): Promise<Uint8Array> {
  const errors = bodyErrors(limitBytes);
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limitBytes) throw errors.tooLarge;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      if (received > limitBytes) {
        await reader.cancel();
        throw errors.tooLarge;
      }
      chunks.push(value);
    }
  } catch (error) {
    throw error instanceof ApiError ? error : errors.malformed;
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}
