// Writing an answer: the engine's (JSON, or a body with its type and length), or a stream (a file).
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Answer as EngineAnswer } from '@push-api/engine';

export type AnswerHeaders = Readonly<Record<string, string | number | readonly string[]>>;

const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends `body` (a string or bytes) with its length; HEAD answers the headers only (Node drops the body). */
export function sendBody(
  res: ServerResponse,
  status: number,
  contentType: string | undefined,
  body: string | Uint8Array,
  headers?: AnswerHeaders,
): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  if (headers !== undefined) for (const name in headers) res.setHeader(name, headers[name] as string | number | readonly string[]);
  if (contentType !== undefined) res.setHeader('content-type', contentType);
  res.setHeader('content-length', typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  res.end(body);
}

/** Sends `value` as JSON. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: AnswerHeaders | undefined): void {
  sendBody(res, status, JSON_TYPE, JSON.stringify(value), headers);
}

/** What a route answers: the engine's answers (JSON, a body as it is), or a stream (a file). */
export type Answer = EngineAnswer | { status: number; headers?: AnswerHeaders; stream: Readable };

export function sendAnswer(res: ServerResponse, answer: Answer): void {
  if ('json' in answer) {
    sendJson(res, answer.status, answer.json, answer.headers);
  } else if ('body' in answer) {
    sendBody(res, answer.status, answer.contentType, answer.body, answer.headers);
  } else {
    if (res.headersSent || res.destroyed) {
      answer.stream.destroy();
      return;
    }
    res.statusCode = answer.status;
    if (answer.headers !== undefined) for (const name in answer.headers) res.setHeader(name, answer.headers[name] as string);
    // A file that fails half-way cannot be answered otherwise: the connection is cut.
    answer.stream.once('error', () => res.destroy());
    answer.stream.pipe(res);
  }
}
