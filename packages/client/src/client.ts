import createClient, { type Client } from 'openapi-fetch';
import { REGIONS, type paths, type PushRequest, type PushResponse, type Region, type WithdrawResponse } from '@push-api/types';
import { PushApiError, PushNetworkError, PushTimeoutError, parseRetryAfter, type PushError } from './errors.js';
import { CLIENT_VERSION } from './version.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retries off). */
  retries?: number;
  /** First backoff step, doubled each retry, with full jitter (default 250 ms). */
  baseDelayMs?: number;
  /** Cap of one backoff step (default 8 000 ms). */
  maxDelayMs?: number;
  /** No retry starts after this much time since the call began (default 60 000 ms). */
  maxElapsedMs?: number;
}

export interface PushClientOptions {
  appKey: string;
  masterSecret: string;
  /** Data centre (default `sgp`); `baseUrl` wins over it. */
  region?: Region;
  /** Base URL of the API, e.g. `http://127.0.0.1:8080` for the reference server. */
  baseUrl?: string;
  /** Time allowed to each attempt (default 30 000 ms; 0 turns the timeout off). */
  timeoutMs?: number;
  /** Retries of network errors and 429/502/503/504, or a number of retries (default 2). */
  retries?: number | RetryOptions;
  /** A `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: (request: Request) => Promise<Response>;
  /** `User-Agent` header (default `push-api-client/<version>`; browsers may ignore it). */
  userAgent?: string;
  /** Called before each attempt is sent, with the request (its headers set): for tracing. */
  onRequest?: (request: Request) => void;
  /** Called with each answer received, whatever its status, with its request and how long it took. */
  onResponse?: (response: Response, request: Request, durationMs: number) => void;
}

export interface CallOptions {
  /** Aborts the call, its retries and their waits. */
  signal?: AbortSignal;
}

export interface PushClient {
  /** Pushes a message; resolves to `{ request_id, msg_id }`. */
  push(body: PushRequest, options?: CallOptions): Promise<PushResponse>;
  /** Validates a push without sending it; resolves to the same shape as `push`. */
  validate(body: PushRequest, options?: CallOptions): Promise<PushResponse>;
  /** Recalls a pushed message (within one day, once); `msgId` is always a string. */
  withdraw(msgId: string, options?: CallOptions): Promise<WithdrawResponse>;
  /** The underlying openapi-fetch client, for the `{ data, error, response }` style. */
  readonly raw: Client<paths>;
}

type Sent<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

const RETRY_STATUSES = [429, 502, 503, 504];

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/** 32 random hex characters: a `cid` that fits `^[A-Za-z0-9_-]{1,64}$`. */
const randomCid = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Waits `ms`, or until `signal` aborts. It never rejects: after an abort, the caller's
 * `signal.throwIfAborted()` fails the call with the caller's own reason.
 */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function createPushClient(options: PushClientOptions): PushClient {
  const baseUrl = options.baseUrl ?? REGIONS[options.region ?? 'sgp'];
  if (!baseUrl) throw new TypeError(`Unknown region "${options.region}"; use one of ${Object.keys(REGIONS).join(', ')}`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retryOptions = typeof options.retries === 'number' ? { retries: options.retries } : options.retries;
  const retries = retryOptions?.retries ?? 2;
  const baseDelayMs = retryOptions?.baseDelayMs ?? 250;
  const maxDelayMs = retryOptions?.maxDelayMs ?? 8_000;
  const maxElapsedMs = retryOptions?.maxElapsedMs ?? 60_000;
  const authorization = `Basic ${base64(`${options.appKey}:${options.masterSecret}`)}`;
  const userAgent = options.userAgent ?? `push-api-client/${CLIENT_VERSION}`;
  const { onRequest, onResponse } = options;

  const raw = createClient<paths>({ baseUrl, ...(options.fetch && { fetch: options.fetch }) });
  const sentAt = new WeakMap<Request, number>();
  raw.use({
    onRequest({ request }) {
      request.headers.set('Authorization', authorization);
      request.headers.set('User-Agent', userAgent);
      if (onRequest) onRequest(request);
      if (onResponse) sentAt.set(request, performance.now());
    },
    ...(onResponse && {
      onResponse({ request, response }) {
        onResponse(response, request, performance.now() - (sentAt.get(request) ?? performance.now()));
      },
    }),
  });

  /** Runs one call with its timeout, retries and error normalisation. */
  async function call<T>(send: (signal: AbortSignal | undefined) => Sent<T>, retriable: boolean, signal?: AbortSignal): Promise<T> {
    const started = Date.now();
    let answerLost = false;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      // Without a timeout or a caller's signal, no signal at all: linking one to each
      // request is most of a call's CPU cost in Node's fetch.
      const controller = timeoutMs > 0 || signal ? new AbortController() : undefined;
      // `controller` exists whenever these run: `onAbort` is added only with a `signal`, the
      // timer is set only with a timeout.
      const onAbort = () => controller?.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = timeoutMs > 0 ? setTimeout(() => controller?.abort(new PushTimeoutError(timeoutMs)), timeoutMs) : undefined;
      let failure: PushError;
      let waitMs = 0;
      try {
        const { data, error, response } = await send(controller?.signal);
        if (response.ok) return data as T;
        failure = new PushApiError(response, error, answerLost);
        if (!RETRY_STATUSES.includes(response.status)) throw failure;
        waitMs = parseRetryAfter(response.headers.get('retry-after')) ?? 0;
        // A 5xx may come after the request took effect; a 429 never does.
        if (response.status !== 429) answerLost = true;
      } catch (error) {
        if (error instanceof PushApiError) throw error;
        if (signal?.aborted) throw signal.reason;
        const reason: unknown = controller?.signal.reason;
        failure = reason instanceof PushTimeoutError ? reason : new PushNetworkError(error);
        answerLost = true;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      if (!retriable || attempt >= retries) throw failure;
      const delay = Math.max(waitMs, Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
      if (Date.now() - started + delay > maxElapsedMs) throw failure;
      await sleep(delay, signal);
      signal?.throwIfAborted();
    }
  }

  return {
    raw,
    push(body, { signal } = {}) {
      // A push is retried only with an idempotency key, so a retry never pushes twice.
      if (retries > 0 && !body.body.options?.cid) {
        body = { ...body, body: { ...body.body, options: { ...body.body.options, cid: randomCid() } } };
      }
      const retriable = Boolean(body.body.options?.cid);
      return call((s) => raw.POST('/v4/push', { body, signal: s }), retriable, signal);
    },
    validate(body, { signal } = {}) {
      return call((s) => raw.POST('/v4/push/validate', { body, signal: s }), true, signal);
    },
    withdraw(msgId, { signal } = {}) {
      if (typeof msgId !== 'string') {
        // A rejection, not a throw: `.catch()` and `await` see it alike.
        return Promise.reject(new TypeError('msgId must be a string: message ids can exceed 2^53 and lose digits as numbers'));
      }
      return call((s) => raw.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: { msg_id: msgId } }, signal: s }), true, signal);
    },
  };
}
