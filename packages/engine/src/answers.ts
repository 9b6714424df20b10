// Every failure of a request becomes one of the API's answers here: an ApiError as it is, the
// store being unavailable as 503 (with Retry-After: the client tries again, the store comes
// back by itself; a write whose outcome is unknown says so), anything else as 500, logged with the request id and never shown.
import { ApiError, apiError, catalogueError } from './errors.js';
import { JSON_TYPE, type Answer, type EngineLogger, type EngineRequest } from './http.js';
import { StoreUnavailableError } from './store/types.js';

const serverError = apiError('SERVER_ERROR');
const storeUnavailable = apiError('SERVICE_UNAVAILABLE', undefined, { headers: { 'retry-after': '1' } });
const outcomeUnknown = catalogueError('SERVICE_UNAVAILABLE', 'outcomeUnknown', { headers: { 'retry-after': '1' } });

/** An ApiError's answer: its status, headers and envelope. */
export function errorAnswer(error: ApiError): Answer {
  return { status: error.status, headers: error.headers, json: error.envelope };
}

/** The ApiError a failure answers with (logging what is the server's fault). */
export function toApiError(error: unknown, request: Pick<EngineRequest, 'id' | 'log'>, logger: EngineLogger | undefined): ApiError {
  if (error instanceof ApiError) return error;
  // The request's own logger carries its id already; the engine's is told it.
  const log = request.log ?? logger;
  const id = request.log === undefined ? { reqId: request.id } : {};
  if (error instanceof StoreUnavailableError) {
    log?.warn({ ...id, reason: error.reason }, 'the store cannot serve: answered 503');
    return error.outcomeUnknown ? outcomeUnknown : storeUnavailable;
  }
  log?.error({ ...id, err: error }, 'unexpected fault');
  return serverError;
}

/** An answer as a Web Response. */
export function toResponse(answer: Answer, requestId: string): Response {
  const headers = new Headers(answer.headers);
  headers.set('x-request-id', requestId);
  if ('json' in answer) {
    headers.set('content-type', JSON_TYPE);
    return new Response(JSON.stringify(answer.json), { status: answer.status, headers });
  }
  if (answer.contentType !== undefined) headers.set('content-type', answer.contentType);
  return new Response(answer.body === '' ? null : (answer.body as string | Uint8Array<ArrayBuffer>), { status: answer.status, headers });
}
