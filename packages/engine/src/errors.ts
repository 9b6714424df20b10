// Errors as data: every failure the API answers is an ApiError carrying the HTTP status,
// the business code and the message, taken from the spec's error catalogue. answers.ts is
// the one place that turns a failure (this or any other) into an answer.
import { ERROR_CODES, ERROR_MESSAGES, ErrorCodes, type ErrorCode } from '@push-api/types';

export type ErrorName = keyof typeof ErrorCodes;
export type MessageName = keyof typeof ERROR_MESSAGES;

const catalogue = new Map<number, (typeof ERROR_CODES)[number]>(ERROR_CODES.map((entry) => [entry.code, entry]));

function entryOf(code: number): (typeof ERROR_CODES)[number] {
  const entry = catalogue.get(code);
  if (!entry) throw new Error(`error code ${code} is not in the spec's catalogue`);
  return entry;
}

/** The envelope every failure answers: `{"error":{"code","message"}}`. */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string };
}

export class ApiError extends Error {
  /** The HTTP status: the catalogue's for the code, unless the answer needs another (404). */
  readonly status: number;
  readonly code: ErrorCode;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly envelope: ErrorEnvelope;

  constructor(code: ErrorCode, message?: string, options: { headers?: Record<string, string>; status?: number } = {}) {
    const entry = entryOf(code);
    super(message ?? entry.message);
    this.name = 'ApiError';
    this.status = options.status ?? entry.status;
    this.code = code;
    this.headers = options.headers;
    this.envelope = { error: { code, message: this.message } };
  }
}

/** The catalogue's default message for a code, e.g. 21003 → "Parameter value is invalid". */
export function catalogueMessage(code: number): string {
  return entryOf(code).message;
}

/**
 * An error of the named code. With a detail, the message follows the vendor's format
 * "<default message>,<detail>" (no space after the comma), e.g.
 * `apiError('INVALID_PARAMETER', 'no such path')` → "Parameter value is invalid,no such path".
 */
export function apiError(name: ErrorName, detail?: string, options?: { headers?: Record<string, string>; status?: number }): ApiError {
  const code = ErrorCodes[name];
  return new ApiError(code, detail === undefined ? undefined : `${entryOf(code).message},${detail}`, options);
}

/** An error of the named code with one of the catalogue's exact messages (ERROR_MESSAGES). */
export function catalogueError(name: ErrorName, message: MessageName, options?: { headers?: Record<string, string> }): ApiError {
  return new ApiError(ErrorCodes[name], ERROR_MESSAGES[message], options);
}

/** A request that cannot be read (a body shorter than its Content-Length, say). */
export const malformed = apiError('INVALID_PARAMETER', 'malformed request');
/** A request target whose percent-encoding does not decode. */
export const malformedUrl = apiError('INVALID_PARAMETER', 'malformed URL');

/** What reading a body within `limitBytes` fails with: over the limit, or cut short. */
export interface BodyErrors {
  tooLarge: ApiError;
  malformed: ApiError;
}

export function bodyErrors(limitBytes: number): BodyErrors {
  return { tooLarge: apiError('BODY_TOO_LARGE', `request body exceeds ${limitBytes} bytes`), malformed };
}

/** A path of no operation (and of nothing else an adapter serves). */
export const noSuchPath = apiError('INVALID_PARAMETER', 'no such path', { status: 404 });
