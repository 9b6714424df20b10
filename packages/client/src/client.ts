import { REGIONS, type paths, type PushRequest, type PushResponse, type Region, type WithdrawResponse } from '@push-api/types';
import { Gate, withdrawMany, type WithdrawManyOptions, type WithdrawManyResult } from './bulk.js';
import { deadlines, type Deadline, type Deadlines } from './deadlines.js';
import { PushApiError, PushError, PushNetworkError, PushTimeoutError, parseRetryAfter } from './errors.js';
import { createLog, type Logger, type LogLevel } from './log.js';
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

/** What the retry hooks are told about an attempt that failed. */
export interface AttemptFailure {
  /** The attempt that failed, from 1. */
  attempt: number;
  /** How it failed: a PushApiError (an answer), a PushNetworkError or a PushTimeoutError (none). */
  error: PushError;
  /** The request of that attempt. */
  request: Request;
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
  /** Retries of network errors, timeouts and 408/429/502/503/504, or a number of retries (default 2). */
  retries?: number | RetryOptions;
  /**
   * A `fetch` to use instead of the global one (tests, proxies, instrumentation). It is called
   * as `fetch(request, { signal })`: pass `init` on, so that a timeout also aborts the request.
   */
  fetch?: (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;
  /** `User-Agent` header (default `push-api-client/<version>`; browsers may ignore it). */
  userAgent?: string;
  /** What to log (default: PUSH_API_LOG where there is an environment, else `off`). */
  logLevel?: LogLevel;
  /** Where to log (default `console`). */
  logger?: Logger;
  /** Called before each attempt is sent, with the request (its headers set): for tracing. */
  onRequest?: (request: Request) => void;
  /**
   * Called with each answer received, whatever its status, with its request and how long it
   * took, before its body is read: `response.clone()` gives a copy whose body can be read.
   */
  onResponse?: (response: Response, request: Request, durationMs: number) => void;
  /** Called before each retry, with the failed attempt and the wait before the next. */
  onRetry?: (failure: AttemptFailure & { delayMs: number }) => void;
  /** Called once when a call fails for good, with its last attempt (answered or not). */
  onError?: (failure: AttemptFailure) => void;
  /**
   * The client refuses to run in a web page, where the master secret would be readable by
   * anyone who opens it. Set this to run it there anyway: against a mock, a local server, or
   * an app whose secret may be shown.
   */
  dangerouslyAllowBrowser?: boolean;
}

/** Options of one call; they win over the client's. */
export interface CallOptions {
  /** Aborts the call, its retries and their waits. */
  signal?: AbortSignal;
  /** Time allowed to each attempt of this call (0: none). */
  timeoutMs?: number;
  /** Retries of this call (0: one attempt). */
  retries?: number;
  /** Headers added to this call's requests (they win over the client's own). */
  headers?: Record<string, string>;
}

export interface WithdrawOptions extends CallOptions {
  /**
   * "msg_id has been withdrawn" resolves instead of rejecting, with `alreadyWithdrawn: true`:
   * a recall script can run again and stop at nothing it did before.
   */
  alreadyWithdrawnOk?: boolean;
}

/** What a call resolves to: the API's answer, with the server's request id beside it (not enumerable). */
export type Result<T> = T & {
  /** The server's `X-Request-Id`, to quote when asking for support. */
  readonly requestId?: string | undefined;
};
export type WithdrawResult = Result<WithdrawResponse> & {
  /** The message had been recalled before (only with `alreadyWithdrawnOk`). */
  readonly alreadyWithdrawn?: boolean;
};

export interface PushClient {
  /** Pushes a message; resolves to `{ request_id, msg_id }`. */
  push(body: PushRequest, options?: CallOptions): Promise<Result<PushResponse>>;
  /** Validates a push without sending it; resolves to the same shape as `push`. */
  validate(body: PushRequest, options?: CallOptions): Promise<Result<PushResponse>>;
  /** Recalls a pushed message (within one day, once); `msgId` is always a string. */
  withdraw(msgId: string, options?: WithdrawOptions): Promise<WithdrawResult>;
  /**
   * Recalls many messages: each distinct id once, `concurrency` at a time, under a rate cap,
   * every worker paused by one 429; resolves (never rejects for a recall that failed) to one
   * outcome per id and a summary.
   */
  withdrawMany(msgIds: Iterable<string>, options?: WithdrawManyOptions): Promise<WithdrawManyResult>;
}

/** Statuses whose attempt is tried again. 408 and 429 mean nothing was done; the others may not. */
const RETRY_STATUSES = [408, 429, 502, 503, 504];

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

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

/** A web page's globals (a worker, Node, Deno or Bun has no `document`). */
const inWebPage = () => typeof (globalThis as { document?: unknown }).document !== 'undefined' && typeof navigator !== 'undefined';

/** An operation's request: method, path and body. */
interface Operation {
  method: 'POST' | 'DELETE';
  path: string;
  body?: string;
}

// The spec's paths; the types fail to compile if it renames one.
const PUSH = '/v4/push' satisfies keyof paths;
const VALIDATE = '/v4/push/validate' satisfies keyof paths;
const WITHDRAW = '/v4/push/withdraw/{msg_id}' satisfies keyof paths;

/** "DELETE /v4/push/withdraw/1 → 503 in 12 ms (attempt 1)": a log line's start (never a header). */
const describe = (operation: Operation, answer: number | string, sentAt: number, attempt: number) =>
  `${operation.method} ${operation.path} → ${answer} in ${Math.round(performance.now() - sentAt)} ms (attempt ${attempt})`;

export function createPushClient(options: PushClientOptions): PushClient {
  const { appKey, masterSecret } = options;
  if (typeof appKey !== 'string' || appKey === '' || typeof masterSecret !== 'string' || masterSecret === '') {
    throw new TypeError('createPushClient: appKey and masterSecret are required (the app’s AppKey and Master Secret)');
  }
  if (appKey.includes(':')) throw new TypeError('createPushClient: an appKey cannot contain ":" (HTTP Basic would split it there)');
  if (inWebPage() && options.dangerouslyAllowBrowser !== true) {
    throw new PushError(
      'createPushClient: this is a web page, where the master secret would be readable by anyone who opens it. Call the API from a server; to run it here anyway (a mock, a local server), pass dangerouslyAllowBrowser: true',
    );
  }
  const baseUrl = options.baseUrl ?? REGIONS[options.region ?? 'sgp'];
  if (!baseUrl) throw new TypeError(`Unknown region "${options.region}"; use one of ${Object.keys(REGIONS).join(', ')}`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retryOptions = typeof options.retries === 'number' ? { retries: options.retries } : options.retries;
  const retries = retryOptions?.retries ?? 2;
  const baseDelayMs = retryOptions?.baseDelayMs ?? 250;
  const maxDelayMs = retryOptions?.maxDelayMs ?? 8_000;
  const maxElapsedMs = retryOptions?.maxElapsedMs ?? 60_000;
  const log = createLog(options.logLevel, options.logger);
  const { onRequest, onResponse, onRetry, onError } = options;
  const timed = log !== undefined || onResponse !== undefined;
  const headers: Record<string, string> = {
    Authorization: `Basic ${base64(`${appKey}:${masterSecret}`)}`,
    'User-Agent': options.userAgent ?? `push-api-client/${CLIENT_VERSION}`,
  };
  const jsonHeaders = { ...headers, 'Content-Type': 'application/json' };

  const customFetch = options.fetch !== undefined;
  const baseFetch = options.fetch ?? ((request: Request, init?: { signal?: AbortSignal }) => fetch(request, init));
  /** The timeout groups of each timeout in use (see deadlines.ts): the client's, and any a call asks for. */
  const timeouts = new Map<number, Deadlines>();
  const timeoutsOf = (ms: number) => {
    let group = timeouts.get(ms);
    if (group === undefined) timeouts.set(ms, (group = deadlines(ms, baseFetch)));
    return group;
  };

  /** One attempt: sends the request, reads the whole answer (within the attempt's timeout). */
  async function exchange(
    request: Request,
    fetch: (request: Request) => Promise<Response>,
    sentAt: number,
  ): Promise<{ response: Response; data: unknown }> {
    const response = await fetch(request);
    // The hook sees the answer before its body is read, so that it can clone() it and read that.
    onResponse?.(response, request, performance.now() - sentAt);
    if (response.status === 204 || response.headers.get('content-length') === '0') return { response, data: undefined };
    if (response.ok) return { response, data: await response.json() };
    const text = await response.text();
    try {
      return { response, data: JSON.parse(text) as unknown };
    } catch {
      return { response, data: text };
    }
  }

  /** Runs one call with its timeout, retries, log and error normalisation. */
  async function call<T>(operation: Operation, retriable: boolean, callOptions: CallOptions, gate?: Gate): Promise<Result<T>> {
    const { signal } = callOptions;
    const attemptTimeout = callOptions.timeoutMs ?? timeoutMs;
    const group = attemptTimeout > 0 ? timeoutsOf(attemptTimeout) : undefined;
    const allowed = callOptions.retries ?? retries;
    const url = baseUrl + operation.path;
    const init: RequestInit = {
      method: operation.method,
      headers: callOptions.headers
        ? { ...(operation.body ? jsonHeaders : headers), ...callOptions.headers }
        : operation.body
          ? jsonHeaders
          : headers,
      ...(operation.body !== undefined && { body: operation.body }),
    };
    const started = Date.now();
    let answerLost = false;
    let retried = 0;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      if (gate) await gate.enter(signal);
      const request = new Request(url, init);
      onRequest?.(request);
      // The attempt's signal: its timeout group's (shared, see deadlines.ts), joined by the
      // caller's when there is one. Without either, none: a signal costs CPU in every fetch.
      const deadline: Deadline | undefined = group?.enter();
      let attemptFetch = deadline?.fetch ?? baseFetch;
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
        attemptFetch = (sent: Request) => baseFetch(sent, { signal: linked.signal });
      }
      const sentAt = timed ? performance.now() : 0;
      let failure: PushError;
      let waitMs = 0;
      let status: number | undefined;
      try {
        const sent = exchange(request, attemptFetch, sentAt);
        // The global fetch rejects once the signal aborts; a custom one may drop the signal, so
        // its answer is raced against the deadline (a few % of a call's CPU, spared otherwise).
        const { response, data } = await (deadline && customFetch ? Promise.race([sent, deadline.expired]) : sent);
        status = response.status;
        if (response.ok) {
          log?.('debug', describe(operation, status, sentAt, attempt));
          const requestId = response.headers.get('x-request-id') ?? undefined;
          if (typeof data === 'object' && data !== null) Object.defineProperty(data, 'requestId', { value: requestId });
          return data as Result<T>;
        }
        failure = new PushApiError(response, data, answerLost);
        if (!RETRY_STATUSES.includes(status)) throw failure;
        waitMs = parseRetryAfter(response.headers.get('retry-after')) ?? 0;
        // A 5xx may come after the request took effect; a 408 or a 429 never does.
        if (status > 500) answerLost = true;
        if (status === 429) gate?.pause(waitMs || 1000);
      } catch (error) {
        if (error instanceof PushApiError) {
          // With alreadyWithdrawnOk, "has been withdrawn" is an outcome, not a failure.
          if ((callOptions as WithdrawOptions).alreadyWithdrawnOk === true && error.isAlreadyWithdrawn) {
            log?.('debug', `${describe(operation, status ?? error.status, sentAt, attempt)}; already withdrawn`);
          } else failed(error, request, attempt, operation, sentAt);
          throw error;
        }
        if (signal?.aborted) throw signal.reason;
        failure = error instanceof PushTimeoutError ? error : new PushNetworkError(error);
        answerLost = true;
      } finally {
        if (deadline) group?.leave(deadline);
        unlink?.();
      }
      // Behind a gate (withdrawMany), a 429 waits for the gate and costs no retry.
      const free = gate !== undefined && status === 429;
      const delay = free ? 0 : Math.max(waitMs, Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retried));
      if (!retriable || (!free && retried >= allowed) || Date.now() - started + delay > maxElapsedMs) {
        failed(failure, request, attempt, operation, sentAt);
        throw failure;
      }
      if (!free) retried++;
      log?.('info', `${describe(operation, status ?? failure.message, sentAt, attempt)}; retrying in ${Math.round(delay)} ms`);
      onRetry?.({ attempt, error: failure, request, delayMs: delay });
      await sleep(delay, signal);
      signal?.throwIfAborted();
    }
  }

  /** A call that failed for good: its log line (warn after retries) and hook. */
  function failed(error: PushError, request: Request, attempt: number, operation: Operation, sentAt: number): void {
    const answer = error instanceof PushApiError ? `${error.status} ${error.code ?? ''} ${error.message}` : error.message;
    log?.(attempt > 1 ? 'warn' : 'debug', `${describe(operation, answer, sentAt, attempt)}; failed`);
    onError?.({ attempt, error, request });
  }

  async function withdraw(msgId: string, callOptions: WithdrawOptions, gate?: Gate): Promise<WithdrawResult> {
    if (typeof msgId !== 'string') {
      throw new TypeError('msgId must be a string: message ids can exceed 2^53 and lose digits as numbers');
    }
    try {
      const path = WITHDRAW.replace('{msg_id}', encodeURIComponent(msgId));
      return await call<WithdrawResponse>({ method: 'DELETE', path }, true, callOptions, gate);
    } catch (error) {
      if (!(callOptions.alreadyWithdrawnOk === true && error instanceof PushApiError && error.isAlreadyWithdrawn)) throw error;
      const answer = { request_id: '', msg_id: msgId };
      return Object.defineProperties(answer, { requestId: { value: error.requestId }, alreadyWithdrawn: { value: true } });
    }
  }

  return {
    async push(request, callOptions = {}) {
      // A push is retried only with an idempotency key, so a retry never pushes twice. A body
      // not even shaped as a push (from JavaScript or a file) goes as it is: the API says why.
      const push = isObject(request) && isObject(request.body) ? request.body : undefined;
      let cid = push && isObject(push.options) ? push.options.cid : undefined;
      let body = request;
      if (!cid && push && (push.options === undefined || isObject(push.options)) && (callOptions.retries ?? retries) > 0) {
        cid = randomCid();
        body = { ...request, body: { ...push, options: { ...push.options, cid } } };
      }
      return call({ method: 'POST', path: PUSH, body: JSON.stringify(body) }, Boolean(cid), callOptions);
    },
    async validate(body, callOptions = {}) {
      return call({ method: 'POST', path: VALIDATE, body: JSON.stringify(body) }, true, callOptions);
    },
    withdraw: (msgId, callOptions = {}) => withdraw(msgId, callOptions),
    withdrawMany: async (msgIds, manyOptions = {}) =>
      withdrawMany(msgIds, manyOptions, (msgId, signal, gate) => withdraw(msgId, signal ? { signal } : {}, gate), sleep),
  };
}
