// One structured line per request (pino, with the request id as `reqId`): method, URL,
// status, duration and AppKey; never headers or bodies. Every response carries the id as
// `X-Request-Id`: a sane incoming one is kept, else "<random per process>-<counter>".
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRequest } from '../http/request.js';

/** The id of a request: a sane incoming X-Request-Id, else "<random per process>-<counter>". */
export function requestIdGenerator(): (request: Pick<IncomingMessage, 'headers'>) => string {
  const prefix = randomBytes(4).toString('hex');
  const incoming = /^[A-Za-z0-9._:-]{1,64}$/;
  let sequence = 0;
  return (request) => {
    const given = request.headers['x-request-id'];
    if (typeof given === 'string' && incoming.test(given)) return given;
    sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${prefix}-${sequence.toString(36)}`;
  };
}

/** Logs the request's line once its answer has gone out (or failed to); called as it arrives. */
export function logWhenAnswered(request: ApiRequest, res: ServerResponse): void {
  const started = performance.now();
  const completed = () => {
    res.removeListener('error', failed);
    request.log?.info(
      {
        method: request.method,
        url: request.url,
        statusCode: res.statusCode,
        responseTimeMs: Math.round((performance.now() - started) * 100) / 100,
        appKey: request.appKey || undefined,
      },
      'request completed',
    );
  };
  const failed = (error: Error) => {
    res.removeListener('finish', completed);
    request.log?.error({ err: error, method: request.method, url: request.url }, 'response failed');
  };
  res.once('finish', completed);
  res.once('error', failed);
}
