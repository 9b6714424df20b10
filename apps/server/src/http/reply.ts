// Writing an answer: every answer of the server goes out through one of these, so that each
// carries `Connection: close` once a shutdown has started (serve.ts drains the connections).
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/** Set when a shutdown starts: every answer then closes its connection. */
export interface ShutdownState {
  draining: boolean;
}

export type AnswerHeaders = Readonly<Record<string, string | number | readonly string[]>>;

const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends `body` (a string or bytes) with its length; HEAD answers the headers only (Node drops the body). */
export function sendBody(
  res: ServerResponse,
  shutdown: ShutdownState,
  status: number,
  contentType: string | undefined,
  body: string | Buffer,
  headers?: AnswerHeaders,
): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  if (headers !== undefined) for (const name in headers) res.setHeader(name, headers[name] as string | number | readonly string[]);
  if (contentType !== undefined) res.setHeader('content-type', contentType);
  res.setHeader('content-length', typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  if (shutdown.draining) res.setHeader('connection', 'close');
  res.end(body);
}

/** Sends `value` as JSON. */
export function sendJson(res: ServerResponse, shutdown: ShutdownState, status: number, value: unknown, headers?: AnswerHeaders): void {
  sendBody(res, shutdown, status, JSON_TYPE, JSON.stringify(value), headers);
}

/** What a route answers: JSON, a body as it is, or a stream (a file). */
export type Answer =
  | { status: number; headers?: AnswerHeaders; json: unknown }
  | { status: number; headers?: AnswerHeaders; contentType?: string; body: string | Buffer }
  | { status: number; headers?: AnswerHeaders; stream: Readable };

export function sendAnswer(res: ServerResponse, shutdown: ShutdownState, answer: Answer): void {
  if ('json' in answer) {
    sendJson(res, shutdown, answer.status, answer.json, answer.headers);
  } else if ('body' in answer) {
    sendBody(res, shutdown, answer.status, answer.contentType, answer.body, answer.headers);
  } else {
    if (res.headersSent || res.destroyed) {
      answer.stream.destroy();
      return;
    }
    res.statusCode = answer.status;
    if (answer.headers !== undefined) for (const name in answer.headers) res.setHeader(name, answer.headers[name] as string);
    if (shutdown.draining) res.setHeader('connection', 'close');
    // A file that fails half-way cannot be answered otherwise: the connection is cut.
    answer.stream.once('error', () => res.destroy());
    answer.stream.pipe(res);
  }
}
