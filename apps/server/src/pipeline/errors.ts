// The answers only a server gives: a request without Host (HTTP/1.1 requires one), and those
// written straight onto a socket when Node refuses a request before there is a response to
// write to (its parser, or a request over its time). Every other failure is answered by the
// engine's rules (@push-api/engine's answers.ts).
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { apiError, malformed, type ApiError } from '@push-api/engine';

/** HTTP/1.1 requires a Host header; Node's own check would answer without the envelope. */
export const noHost = apiError('INVALID_PARAMETER', 'the Host header is missing');

/** The raw HTTP/1.1 answer of an ApiError, for a socket that has no response object. */
function rawAnswer(error: ApiError): string {
  const body = JSON.stringify(error.envelope);
  return [
    `HTTP/1.1 ${error.status} ${error.status === 408 ? 'Request Timeout' : error.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

const clientErrors = {
  timeout: rawAnswer(apiError('REQUEST_TIMEOUT')),
  headersTooLarge: rawAnswer(apiError('HEADERS_TOO_LARGE')),
  malformed: rawAnswer(malformed),
};

/**
 * Node's `clientError`: its HTTP parser refused what a client sent, or the request did not
 * arrive in time. Answers in the envelope when no answer has started on the socket, then
 * closes it. Never logs the request: its raw bytes may hold an Authorization header.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? clientErrors.timeout
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? clientErrors.headersTooLarge
          : clientErrors.malformed,
    );
  }
  socket.destroy();
}
