// Every failure of a request becomes one of the API's answers here: an ApiError as it is,
// the store being unavailable as 503, anything else as 500 (logged; never shown). Also the
// answers written straight onto a socket, when Node refuses a request before there is one.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, apiError } from '../errors.js';
import type { BodyErrors } from '../http/body.js';
import { sendJson } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import { StoreUnavailableError } from '../store/types.js';

/** Writes an ApiError as the answer: its status, headers and envelope. */
export function sendApiError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.status, error.envelope, error.headers);
}

export const malformed = apiError('INVALID_PARAMETER', 'malformed request');
export const malformedUrl = apiError('INVALID_PARAMETER', 'malformed URL');
/** HTTP/1.1 requires a Host header; Node's own check would answer without the envelope. */
export const noHost = apiError('INVALID_PARAMETER', 'the Host header is missing');

export function bodyErrors(bodyLimitBytes: number): BodyErrors {
  return { tooLarge: apiError('BODY_TOO_LARGE', `request body exceeds ${bodyLimitBytes} bytes`), malformed };
}

const serverError = apiError('SERVER_ERROR');
/** Clients retry after a second; the server recovers by itself when the store returns. */
const storeUnavailable = apiError('SERVICE_UNAVAILABLE', undefined, { headers: { 'retry-after': '1' } });

/** What a failure answers. */
export function toApiError(error: unknown, request: ApiRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailableError) {
    request.log?.warn({ reason: error.reason }, 'the store cannot serve: answered 503');
    return storeUnavailable;
  }
  request.log?.error({ err: error }, 'unexpected fault');
  return serverError;
}

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
