// The one place failures become responses. An ApiError answers its own status, code, message
// and headers; Fastify's request errors (bad JSON, wrong content type, body over the limit,
// a request that breaks a route's schema, a malformed URL) answer the spec's 400 codes; an
// unknown path answers 404 in the same envelope; anything else is an unexpected fault,
// logged with the request id and answered 500 / 27000 without internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, apiError } from '../errors.js';
import { validationError } from '../openapi/validation-errors.js';

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

/** What a failure answers; `known` maps Fastify's error codes to answers. */
function toApiError(error: unknown, request: FastifyRequest, known: Record<string, ApiError>): ApiError {
  if (error instanceof ApiError) return error;
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
    const noSuchPath = apiError('INVALID_PARAMETER', 'no such path', { status: 404 });
    app.setErrorHandler((error, request, reply) => sendApiError(reply, toApiError(error, request, known)));
    app.setNotFoundHandler((_request, reply) => sendApiError(reply, noSuchPath));
    done();
  },
  { name: 'error-replies', fastify: '5.x' },
);

/** Fastify's `frameworkErrors` option: errors raised before routing (e.g. a malformed URL). */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  sendApiError(reply, error.code === 'FST_ERR_BAD_URL' ? malformedUrl : malformed);
}
