import createClient, { type Client } from 'openapi-fetch';
import { REGIONS, type paths, type PushRequest, type PushResponse, type Region, type WithdrawResponse } from '@push-api/types';
import { deadlines, type Deadline } from './deadlines.js';
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
  /** Time allowed to each attempt (default 30 000 ms, at most 1% late; 0 turns the timeout off). */
  timeoutMs?: number;
  /** Retries of network errors and 429/502/503/504, or a number of retries (default 2). */
  retries?: number | RetryOptions;
  /**
   * A `fetch` to use instead of the global one (tests, proxies, instrumentation). It is called
   * as `fetch(request, { signal })`: pass `init` on, so that a timeout also aborts the request.
   */
  fetch?: (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;
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

/**
 * openapi-fetch's path serializer for this API's paths, whose parameters are all plain strings
 * (style "simple"): each `{name}` becomes its value, percent-encoded, and a parameter not given
 * stays as it is, as with openapi-fetch's own. That one also handles arrays, objects and the
 * label and matrix styles, which the spec does not use, with regular expressions: ~5% of a
 * withdraw's CPU in the client, against bare openapi-fetch (separate processes, alternated).
 */
export function pathSerializer(url: string, params: Record<string, unknown>): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = url.indexOf('{', from);
    const close = open < 0 ? -1 : url.indexOf('}', open);
    if (close < 0) return from === 0 ? url : out + url.slice(from);
    const value = params[url.slice(open + 1, close)];
    const filled =
      value === undefined || value === null ? url.slice(open, close + 1) : encodeURIComponent(value as string | number | boolean);
    out += url.slice(from, open) + filled;
    from = close + 1;
  }
}

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/** 32 random hex characters: a `cid` that fits `^[A-Za-z0-9_-]{1,64}$`. */
const randomCid = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b | 256).toString(16).slice(1)).join('');

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

  const customFetch = options.fetch !== undefined;
  const baseFetch = options.fetch ?? ((request: Request, init?: { signal?: AbortSignal }) => fetch(request, init));
  // Credentials and User-Agent as the client's own headers: no middleware on the hot path.
  const raw = createClient<paths>({
    baseUrl,
    fetch: baseFetch,
    headers: { Authorization: authorization, 'User-Agent': userAgent },
    pathSerializer,
  });
  if (onRequest || onResponse) {
    const sentAt = new WeakMap<Request, number>();
    raw.use({
      onRequest({ request }) {
        onRequest?.(request);
        sentAt.set(request, performance.now());
      },
      onResponse({ request, response }) {
        onResponse?.(response, request, performance.now() - (sentAt.get(request) ?? performance.now()));
      },
    });
  }
  const timeouts = timeoutMs > 0 ? deadlines(timeoutMs, baseFetch) : undefined;

  /** Runs one call with its timeout, retries and error normalisation. */
  // `fetch: undefined` leaves openapi-fetch with the client's own.
  async function call<T>(
    send: (fetch: ((request: Request) => Promise<Response>) | undefined) => Sent<T>,
    retriable: boolean,
    signal?: AbortSignal,
  ): Promise<T> {
    const started = Date.now();
    let answerLost = false;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      // The attempt's signal: its timeout group's (shared, see deadlines.ts), joined by the
      // caller's when there is one. Without either, none: a signal costs CPU in every fetch.
      const deadline: Deadline | undefined = timeouts?.enter();
      let attemptFetch = deadline?.fetch;
      let unlink: (() => void) | undefined;
      if (signal) {
        const linked = new AbortController();
        const onAbort = () => {
          linked.abort(signal.reason);
        };
        const onTimeout = () => {
          linked.abort(deadline?.signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        deadline?.signal.addEventListener('abort', onTimeout, { once: true });
        unlink = () => {
          signal.removeEventListener('abort', onAbort);
          deadline?.signal.removeEventListener('abort', onTimeout);
        };
        attemptFetch = (request: Request) => baseFetch(request, { signal: linked.signal });
      }
      let failure: PushError;
      let waitMs = 0;
      try {
        const sent = send(attemptFetch);
        // The global fetch rejects once the signal aborts; a custom one may drop the signal, so
        // its answer is raced against the deadline (a few % of a call's CPU, spared otherwise).
        const { data, error, response } = await (deadline && customFetch ? Promise.race([sent, deadline.expired]) : sent);
        if (response.ok) return data as T;
        failure = new PushApiError(response, error, answerLost);
        if (!RETRY_STATUSES.includes(response.status)) throw failure;
        waitMs = parseRetryAfter(response.headers.get('retry-after')) ?? 0;
        // A 5xx may come after the request took effect; a 429 never does.
        if (response.status !== 429) answerLost = true;
      } catch (error) {
        if (error instanceof PushApiError) throw error;
        if (signal?.aborted) throw signal.reason;
        failure = error instanceof PushTimeoutError ? error : new PushNetworkError(error);
        answerLost = true;
      } finally {
        if (deadline) timeouts?.leave(deadline);
        unlink?.();
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
      return call((fetch) => raw.POST('/v4/push', { body, fetch }), retriable, signal);
    },
    validate(body, { signal } = {}) {
      return call((fetch) => raw.POST('/v4/push/validate', { body, fetch }), true, signal);
    },
    withdraw(msgId, { signal } = {}) {
      if (typeof msgId !== 'string') {
        // A rejection, not a throw: `.catch()` and `await` see it alike.
        return Promise.reject(new TypeError('msgId must be a string: message ids can exceed 2^53 and lose digits as numbers'));
      }
      return call((fetch) => raw.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: { msg_id: msgId } }, fetch }), true, signal);
    },
  };
}
