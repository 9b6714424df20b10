// The one place failures become responses. An ApiError answers its own status, code, message
// and headers; Fastify's request errors (bad JSON, wrong content type, body over the limit,
// a request that breaks a route's schema, a malformed URL) answer the spec's 400 codes; a
// store that cannot serve (its database down, busy or damaged) answers 503 / 27004; what
// Node's HTTP parser refuses before Fastify sees a request (a malformed request, a request
// too slow to arrive, headers too large) answers 400, 408 or 431 in the same envelope;
// anything else is an unexpected fault, logged with the request id and answered 500 / 27000
// without internals.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, apiError } from '../errors.js';
import { validationError } from '../openapi/validation-errors.js';
import { StoreUnavailableError } from '../store/types.js';

/** Writes an ApiError as the answer: its status, headers and envelope. */
export function sendApiError(reply: FastifyReply, error: ApiError): void {
  reply.code(error.status);
  if (error.headers !== undefined) reply.headers(error.headers);
  void reply.send(error.envelope);
}

export interface ErrorRepliesOptions {
  bodyLimitBytes: number;
}

const malformed = apiError('INVALID_PARAMETER', 'malformed request');
const malformedUrl = apiError('INVALID_PARAMETER', 'malformed URL');

const serverError = apiError('SERVER_ERROR');
/** Clients retry after a second; the server recovers by itself when the store returns. */
const storeUnavailable = apiError('SERVICE_UNAVAILABLE', undefined, { headers: { 'retry-after': '1' } });

/** What a failure answers; `known` maps Fastify's error codes to answers. */
function toApiError(error: unknown, request: FastifyRequest, known: Record<string, ApiError>): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailableError) {
    request.log.warn({ reason: error.reason }, 'the store cannot serve: answered 503');
    return storeUnavailable;
  }
  const { code, statusCode, validation, validationContext } = (error ?? {}) as Partial<FastifyError>;
  if (validation) return validationError(validation as Parameters<typeof validationError>[0], validationContext);
  const answer = code === undefined ? undefined : known[code];
  if (answer) return answer;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return malformed;
  request.log.error({ err: error }, 'unexpected fault');
  return serverError;
}

export default fp<ErrorRepliesOptions>(
  (app: FastifyInstance, options, done) => {
    const invalidJson = apiError('INVALID_PARAMETER', 'request body is not valid JSON');
    const known: Record<string, ApiError> = {
      FST_ERR_CTP_BODY_TOO_LARGE: apiError('BODY_TOO_LARGE', `request body exceeds ${options.bodyLimitBytes} bytes`),
      FST_ERR_CTP_INVALID_MEDIA_TYPE: apiError('INVALID_PARAMETER', 'Content-Type must be application/json'),
      FST_ERR_CTP_INVALID_JSON_BODY: invalidJson,
      FST_ERR_CTP_EMPTY_JSON_BODY: invalidJson,
    };
    app.setErrorHandler((error, request, reply) => sendApiError(reply, toApiError(error, request, known)));
    // HTTP/1.1 requires a Host header; Node's own check would answer without the envelope.
    const noHost = apiError('INVALID_PARAMETER', 'the Host header is missing');
    app.addHook('onRequest', (request, reply, next) => {
      if (request.headers.host === undefined && request.raw.httpVersion === '1.1') sendApiError(reply, noHost);
      else next();
    });
    done();
  },
  { name: 'error-replies' },
);

/** Fastify's `frameworkErrors` option: errors raised before routing (e.g. a malformed URL). */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  sendApiError(reply, error.code === 'FST_ERR_BAD_URL' ? malformedUrl : malformed);
}

/** The raw HTTP/1.1 answer of an ApiError, for a socket Fastify has no reply object on. */
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
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused what a client sent, or the
 * request did not arrive in time. Answers in the envelope when no answer has started on the
 * socket, then closes it. Never logs the request: its raw bytes may hold an Authorization header.
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
