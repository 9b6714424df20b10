// How results and errors are printed: errors as plain data (describeError) and as one line
// of text (formatError), JSON documents, and the progress line drawn on a terminal.
import { PushApiError, PushNetworkError, PushTimeoutError } from '@push-api/client';
import { ExitCode } from './exit.js';
import type { Output } from './io.js';

/** A failed call, as plain data: what `--json` prints and what the text output is made of. */
export interface ErrorDetails {
  /** The HTTP status, when the API answered. */
  status?: number;
  /** The API's error code (e.g. 21003), when its answer carried one. */
  code?: number;
  /**
   * Why, as a stable name: the client's (`msg-id-withdrawn`, `msg-id-expired`,
   * `msg-id-not-exist`, `verification-failed`, …), or `network-error`, `timeout`,
   * `interrupted`, `unknown`.
   */
  reason: string;
  message: string;
  /** The server's request id (X-Request-Id), to quote when asking for support. */
  requestId?: string;
  /** An earlier attempt's answer was lost, and it may have done what was asked. */
  mayHaveSucceeded?: boolean;
}

/** Any error a call can end with, as data. `signal` tells an interruption from other aborts. */
export function describeError(error: unknown, signal?: AbortSignal): ErrorDetails {
  if (error instanceof PushApiError) {
    return {
      status: error.status,
      ...(error.code !== undefined && { code: error.code }),
      reason: error.reason,
      message: error.message,
      ...(error.requestId !== undefined && { requestId: error.requestId }),
      ...(error.mayHaveSucceeded && { mayHaveSucceeded: true }),
    };
  }
  if (error instanceof PushTimeoutError) return { reason: 'timeout', message: error.message };
  if (error instanceof PushNetworkError) return { reason: 'network-error', message: withCauses(error) };
  if (signal?.aborted) return { reason: 'interrupted', message: 'interrupted before an answer came' };
  return { reason: 'unknown', message: error instanceof Error ? error.message : String(error) };
}

/** The exit status of a call that failed: 4 for refused credentials, 130 when interrupted, else 1. */
export function exitCodeOf(details: ErrorDetails): ExitCode {
  if (details.reason === 'interrupted') return ExitCode.interrupted;
  return details.status === 401 ? ExitCode.auth : ExitCode.failed;
}

/** "Network error: fetch failed (connect ECONNREFUSED 127.0.0.1:9)": the causes say why. */
function withCauses(error: Error): string {
  const causes: string[] = [];
  let cause: unknown = error.cause;
  while (cause instanceof Error && causes.length < 3) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    const text = cause.message || code;
    if (text !== undefined && !error.message.includes(text) && !causes.includes(text)) causes.push(text);
    cause = cause.cause;
  }
  return causes.length === 0 ? error.message : `${error.message} (${causes.join(': ')})`;
}

/** One line: "21003 Parameter value is invalid,msg_id has been withdrawn (HTTP 400, request id …)". */
export function formatError(details: ErrorDetails): string {
  const text = details.code === undefined ? details.message : `${details.code} ${details.message}`;
  if (details.status === undefined) return text;
  return `${text} (HTTP ${details.status}${details.requestId === undefined ? '' : `, request id ${details.requestId}`})`;
}

/** Prints `value` as one JSON document (the whole of stdout under --json). */
export function printJson(out: Output, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * "12/40 done", redrawn in place with `\r`, on a terminal only: when the stream is a pipe or
 * a file, nothing at all is written, so logs stay clean.
 */
export class Progress {
  readonly #out: Output;
  readonly #total: number;
  readonly #active: boolean;

  constructor(out: Output, total: number) {
    this.#out = out;
    this.#total = total;
    this.#active = out.isTTY === true && total > 0;
  }

  update(done: number): void {
    if (this.#active) this.#out.write(`\r${done}/${this.#total} done`);
  }

  /** Erases the line, before the results are printed. */
  clear(): void {
    if (this.#active) this.#out.write('\r\x1b[K');
  }
}
