// The fake Push API: the engine (the reference server's own behaviour) on a store in memory,
// in this process — no port, no server to start. Its `fetch` answers exactly what the API
// answers: recall once ("has been withdrawn" after), within the window ("expired" after),
// cid idempotency, the spec's validation, 401, 404/405, the envelope. Around it, what tests
// need and a real API cannot give: a movable clock, state put in place directly, errors on
// demand (429, 503, …), a delay, and a reset.
import {
  ERROR_CODES,
  ErrorCodes,
  createEngine,
  createMemoryStore,
  hashSecret,
  type Answer,
  type Clock,
  type Credentials,
  type Engine,
  type ErrorCode,
  type MemoryStore,
  type OperationId,
  type PushRequest,
} from '@push-api/engine';

/** The vendor documentation's public test pair: the fake's app unless another is given. */
export const TEST_APP: Readonly<Credentials> = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };

/**
 * The first msg_id of a fake: 2^53 + 1, which a JavaScript number cannot hold, so code that
 * parses ids as numbers shows its bug at once (ids are strings of up to 20 digits).
 */
export const FIRST_MESSAGE_ID = '9007199254740993';

/** The fake's clock: the real time moved by what advance() and set() asked for. */
export interface FakeClock extends Clock {
  /** Epoch milliseconds, as the fake judges requests (sending times, the recall window, rate limits). */
  now: () => number;
  /** Moves the clock `ms` forward (negative: back). */
  advance: (ms: number) => void;
  /** Sets the clock to `epochMs`; it runs on from there. */
  set: (epochMs: number) => void;
}

export interface FakePushApiOptions {
  /** The app the fake knows (default TEST_APP). */
  credentials?: Credentials;
  /** More apps it knows (another tenant: its messages are not the first app's). */
  otherApps?: readonly Credentials[];
  /** Milliseconds every answer waits before it is given (default 0). */
  latencyMs?: number;
  /** The per-AppKey limit per second (default the API's, 500); 0: none. */
  rateLimitPerSecond?: number;
  /** Failed authentications per minute before 429 (default the API's, 60); 0: none. */
  authFailuresPerMinute?: number;
  /** Where the clock starts (epoch ms; default now). */
  now?: number;
}

export interface FailNextOptions {
  /** The HTTP status (default: the code's, in the API's catalogue). */
  status?: number;
  /** The error code (default: the one the reference server answers with `status`: 429 → 23008, 503 → 27004, 500 → 27000, 408 → 27002, 401 → 21004, 400 → 21003). */
  code?: ErrorCode;
  /** The message (default: the catalogue's for the code). */
  message?: string;
  /** Sent as `Retry-After` (whole seconds, rounded up). */
  retryAfterMs?: number;
  /** How many calls of the operation fail so (default 1). */
  times?: number;
}

export interface AddMessageOptions {
  /** The push (default: a notification to all). */
  push?: PushRequest;
  /** When it was pushed, epoch ms (default: the clock's now, less pushedAgoMs). */
  pushedAt?: number;
  /** How long ago it was pushed (e.g. 23 h 59 min: still within the day; 24 h: expired). */
  pushedAgoMs?: number;
  /** Already recalled (a recall of it answers "has been withdrawn"). */
  withdrawn?: boolean;
}

/** A request the fake answered. */
export interface FakeRequestRecord {
  method: string;
  /** Path and query. */
  url: string;
  status: number;
}

export interface FakePushApi {
  /** Answers as the API does. Give it to the client: `createPushClient({ ...fake.credentials, fetch: fake.fetch })`. */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** The app the fake knows. */
  readonly credentials: Readonly<Credentials>;
  readonly clock: FakeClock;
  /** Every request answered since the fake was made (or reset), in order. */
  readonly requests: readonly FakeRequestRecord[];
  /** Puts a message in place without a request (one pushed a day ago, one recalled already); resolves its msg_id. */
  addMessage: (options?: AddMessageOptions) => Promise<string>;
  /** The next call(s) of an operation, authenticated and valid, answer this error instead. */
  failNext: (operationId: OperationId, options: FailNextOptions) => void;
  /** Forgets every message, forced failure, request and limit count, and puts the clock back to where it started. */
  reset: () => void;
}

const DEFAULT_PUSH: PushRequest = { to: 'all', body: { platform: 'all', notification: { alert: 'Hello from the fake' } } };

/** The code the reference server itself answers with a status (others: the catalogue's first of that status). */
const SERVER_CODES: Readonly<Record<number, ErrorCode>> = {
  400: ErrorCodes.INVALID_PARAMETER,
  401: ErrorCodes.VERIFICATION_FAILED,
  408: ErrorCodes.REQUEST_TIMEOUT,
  429: ErrorCodes.RATE_LIMITED,
  500: ErrorCodes.SERVER_ERROR,
  503: ErrorCodes.SERVICE_UNAVAILABLE,
};

/** The catalogue's entry of the code asked for, or of the code for the status asked for. */
function failureOf(options: FailNextOptions): { status: number; code: ErrorCode; message: string } {
  const code = options.code ?? (options.status === undefined ? undefined : SERVER_CODES[options.status]);
  const entry =
    code !== undefined
      ? ERROR_CODES.find((candidate) => candidate.code === code)
      : ERROR_CODES.find((candidate) => candidate.status === options.status);
  if (entry === undefined) {
    throw new RangeError(
      `failNext: no error code of the API has ${options.code !== undefined ? `code ${options.code}` : `status ${options.status}`}`,
    );
  }
  return { status: options.status ?? entry.status, code: entry.code, message: options.message ?? entry.message };
}

export function createFakePushApi(options: FakePushApiOptions = {}): FakePushApi {
  const credentials: Readonly<Credentials> = { ...(options.credentials ?? TEST_APP) };
  const startedAt = options.now ?? Date.now();
  let offset = 0;
  const clock: FakeClock = {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    set: (epochMs) => {
      offset = epochMs - Date.now();
    },
  };
  clock.set(startedAt);

  const failures = new Map<OperationId, { answer: Answer; left: number }[]>();
  const requests: FakeRequestRecord[] = [];

  const intercept = (operationId: OperationId): Answer | undefined => {
    const queue = failures.get(operationId);
    const next = queue?.[0];
    if (queue === undefined || next === undefined) return undefined;
    if (--next.left <= 0) queue.shift();
    return next.answer;
  };

  let store: MemoryStore;
  let engine: Engine;
  let ready: Promise<void>;
  const build = () => {
    store = createMemoryStore({ firstMessageId: BigInt(FIRST_MESSAGE_ID) });
    engine = createEngine({
      store,
      clock,
      timeOffset: true,
      intercept,
      ...(options.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
      ...(options.authFailuresPerMinute !== undefined ? { authFailuresPerMinute: options.authFailuresPerMinute } : {}),
    });
    const opened = store;
    ready = Promise.all(
      [credentials, ...(options.otherApps ?? [])].map(async ({ appKey, masterSecret }) => {
        const { salt, hash } = await hashSecret(masterSecret);
        await opened.saveApp({
          appKey,
          secretSalt: salt,
          secretHash: hash,
          kind: 'configured',
          createdAt: startedAt,
          updatedAt: startedAt,
        });
      }),
    ).then(() => undefined);
  };
  build();

  const latencyMs = options.latencyMs ?? 0;
  const wait = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer = setTimeout(resolve, latencyMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      });
    });

  return {
    credentials,
    clock,
    requests,
    async fetch(input, init) {
      const request = new Request(input, init);
      request.signal.throwIfAborted();
      await ready;
      const answered = engine.fetch(request);
      if (latencyMs > 0) await wait(request.signal);
      const response = await answered;
      const url = new URL(request.url);
      requests.push({ method: request.method, url: url.pathname + url.search, status: response.status });
      return response;
    },
    async addMessage(added = {}) {
      await ready;
      const sentAt = added.pushedAt ?? clock.now() - (added.pushedAgoMs ?? 0);
      const push = added.push ?? DEFAULT_PUSH;
      const { msgId } = await store.insertMessage({
        appKey: credentials.appKey,
        cid: null,
        requestId: push.request_id ?? '',
        payload: JSON.stringify(push),
        sentAt,
      });
      if (added.withdrawn === true) await store.withdrawMessage({ appKey: credentials.appKey, msgId, now: sentAt, windowMs: 1 });
      return msgId;
    },
    failNext(operationId, failure) {
      const { status, code, message } = failureOf(failure);
      const headers: Record<string, string> = {};
      if (failure.retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(failure.retryAfterMs / 1000)));
      if (code === ErrorCodes.RATE_LIMITED) {
        const seconds = headers['retry-after'] ?? '1';
        Object.assign(headers, {
          'retry-after': seconds,
          'x-rate-limit-limit': String(options.rateLimitPerSecond ?? 500),
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': seconds,
        });
      }
      const queue = failures.get(operationId) ?? [];
      queue.push({ answer: { status, headers, json: { error: { code, message } } }, left: failure.times ?? 1 });
      failures.set(operationId, queue);
    },
    reset() {
      failures.clear();
      requests.length = 0;
      clock.set(startedAt);
      build();
    },
  };
}
