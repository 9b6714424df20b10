// The one place that turns failures into responses: an ApiError answers its own status,
// code, message and headers; Fastify's request errors (bad JSON, wrong content type, body
// over the limit, malformed URL) answer the spec's 400 codes; anything else is an
// unexpected fault: logged with the request id, answered 500 / 27000 without internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, apiError } from '../errors.js';

export const JSON_UTF8 = 'application/json; charset=utf-8';

export function sendApiError(reply: FastifyReply, error: ApiError): void {
  reply.code(error.status).header('content-type', JSON_UTF8);
  if (error.headers !== undefined) reply.headers(error.headers);
  reply.send(error.body);
}

export interface ErrorHandlingOptions {
  bodyLimitBytes: number;
}

export function errorHandling(app: FastifyInstance, options: ErrorHandlingOptions): void {
  const noSuchPath = apiError('INVALID_PARAMETER', 'no such path');
  const bodyTooLarge = apiError('BODY_TOO_LARGE', `request body exceeds ${options.bodyLimitBytes} bytes`);
  const notJson = apiError('INVALID_PARAMETER', 'Content-Type must be application/json');
  const invalidJson = apiError('INVALID_PARAMETER', 'request body is not valid JSON');
  const malformed = apiError('INVALID_PARAMETER', 'malformed request');
  const serverError = apiError('SERVER_ERROR');

  const toApiError = (error: unknown, request: FastifyRequest): ApiError => {
    if (error instanceof ApiError) return error;
    const { code, statusCode } = (error ?? {}) as Partial<FastifyError>;
    switch (code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return bodyTooLarge;
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return notJson;
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return invalidJson;
    }
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return malformed;
    request.log.error({ err: error }, 'unexpected fault');
    return serverError;
  };

  app.setErrorHandler((error, request, reply) => sendApiError(reply, toApiError(error, request)));
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).header('content-type', JSON_UTF8).send(noSuchPath.body);
  });
}

/** Fastify's `frameworkErrors` option: errors raised before routing (e.g. a malformed URL). */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  sendApiError(reply, apiError('INVALID_PARAMETER', error.code === 'FST_ERR_BAD_URL' ? 'malformed URL' : 'malformed request'));
}
