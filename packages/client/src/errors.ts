import { ErrorCodes, RECALL_ERROR_MESSAGES, type ErrorCode } from '@push-api/types';

type SnakeToKebab<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}-${SnakeToKebab<Tail>}` : Lowercase<S>;
type CamelToKebab<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${CamelToKebab<Tail>}`
  : S;

/**
 * Why a call failed, as a stable machine-readable name: the recall's particular case
 * (`msg-id-not-exist`, `msg-id-withdrawn`, `msg-id-expired`, `msg-id-not-numeric`), else the
 * code's (`rate-limited`, `verification-failed`, `invalid-parameter`, …), else `unknown`.
 */
export type PushErrorReason = CamelToKebab<keyof typeof RECALL_ERROR_MESSAGES> | SnakeToKebab<keyof typeof ErrorCodes> | 'unknown';

const messageReasons = new Map<string, string>(
  Object.entries(RECALL_ERROR_MESSAGES).map(([name, text]) => [text, name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)]),
);
const codeReasons = new Map<number, string>(
  Object.entries(ErrorCodes).map(([name, code]) => [code, name.toLowerCase().replace(/_/g, '-')]),
);

function reasonOf(code: number | undefined, message: string): PushErrorReason {
  return (messageReasons.get(message) ?? (code === undefined ? undefined : codeReasons.get(code)) ?? 'unknown') as PushErrorReason;
}

// Every error the client makes carries this brand: `instanceof` and isPushApiError() then work
// across copies of the client (its ESM and CommonJS builds loaded side by side, two versions).
const BRAND = Symbol.for('@push-api/client:error');
/** Each subclass's name, as its errors carry it (a minifier may rename the classes themselves). */
const NAMES = new Map<unknown, string>();
const branded = (value: unknown, name: string | undefined): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (value as { [BRAND]?: unknown })[BRAND] === true &&
  (name === undefined || (value as { name?: unknown }).name === name);

/** Base class of every error the client throws. `instanceof` works across builds and copies of the client. */
export class PushError extends Error {
  override name = 'PushError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, NAMES.get(this));
  }
}

/** Is `value` a PushApiError, from this copy of the client or another (ESM and CommonJS builds, two versions)? */
export const isPushApiError = (value: unknown): value is PushApiError => branded(value, 'PushApiError');

/** The body of a failed answer, as far as it could be read. */
interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/**
 * The API answered with a failure status. `code` is the API's business code (see the
 * spec's error table); it is `undefined` only when the answer carried no error envelope
 * (an empty or non-JSON body, e.g. from a proxy).
 */
export class PushApiError extends PushError {
  override name = 'PushApiError';
  /** The HTTP status. */
  declare readonly status: number;
  /** The API's error code, a known one or a number this client does not know yet. */
  declare readonly code: ErrorCode | (number & {}) | undefined;
  /** The raw response (its body has been read). Not enumerable: it stays out of logs. */
  declare readonly response: Response;
  /** The server's request id (`X-Request-Id`), to quote when asking for support. */
  declare readonly requestId: string | undefined;
  /**
   * True when an earlier attempt of this call got no answer (network error or timeout)
   * and a retry then failed in a way the earlier attempt may have caused: for a withdraw,
   * "msg_id has been withdrawn" means the lost attempt may well have recalled it.
   */
  declare readonly mayHaveSucceeded: boolean;
  /** Why, as a stable name to branch on (see PushErrorReason). */
  declare readonly reason: PushErrorReason;

  constructor(response: Response, body: unknown, mayHaveSucceeded = false) {
    const envelope = typeof body === 'object' && body !== null ? (body as ErrorBody).error : undefined;
    const code = typeof envelope?.code === 'number' ? envelope.code : undefined;
    const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
    const message =
      typeof envelope?.message === 'string'
        ? envelope.message
        : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${text ? `: ${text}` : ''}`;
    super(message);
    this.status = response.status;
    this.code = code;
    Object.defineProperty(this, 'response', { value: response, enumerable: false });
    this.requestId = response.headers.get('x-request-id') ?? undefined;
    this.mayHaveSucceeded = mayHaveSucceeded;
    this.reason = reasonOf(code, message);
  }

  /** What the error says, as plain data (for JSON logs). */
  toJSON(): {
    name: string;
    status: number;
    code: number | undefined;
    reason: PushErrorReason;
    message: string;
    requestId: string | undefined;
    mayHaveSucceeded: boolean;
  } {
    const { name, status, code, reason, message, requestId, mayHaveSucceeded } = this;
    return { name, status, code, reason, message, requestId, mayHaveSucceeded };
  }

  /** How Node's util.inspect (console.log) shows it: one line of data, never the whole Response. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.name}: ${this.message} ${JSON.stringify(this)}`;
  }

  /** The msg_id is unknown to this app (or belongs to another app). */
  get isNotFound(): boolean {
    return this.message === RECALL_ERROR_MESSAGES.msgIdNotExist;
  }
  /** The message was already recalled (check `mayHaveSucceeded` after a retry). */
  get isAlreadyWithdrawn(): boolean {
    return this.message === RECALL_ERROR_MESSAGES.msgIdWithdrawn;
  }
  /** The message is older than the one-day recall window. */
  get isExpired(): boolean {
    return this.message === RECALL_ERROR_MESSAGES.msgIdExpired;
  }
  /** The msg_id is not a string of 1 to 20 decimal digits. */
  get isNotNumeric(): boolean {
    return this.message === RECALL_ERROR_MESSAGES.msgIdNotNumeric;
  }
  /** Over the rate limit; `retryAfterMs` says how long to wait. */
  get isRateLimited(): boolean {
    return this.status === 429;
  }
  /** Missing or wrong credentials. */
  get isAuth(): boolean {
    return this.status === 401;
  }
  /** Milliseconds the server asked to wait (`Retry-After`), if it did. */
  get retryAfterMs(): number | undefined {
    return parseRetryAfter(this.response.headers.get('retry-after'));
  }
}

/** The request never got an answer: DNS, connection refused or reset, CORS, … */
export class PushNetworkError extends PushError {
  override name = 'PushNetworkError';
  constructor(cause: unknown) {
    super(`Network error: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** No answer within `timeoutMs`. */
export class PushTimeoutError extends PushError {
  override name = 'PushTimeoutError';
  /** The timeout that passed. */
  declare readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

NAMES.set(PushApiError, 'PushApiError').set(PushNetworkError, 'PushNetworkError').set(PushTimeoutError, 'PushTimeoutError');

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
