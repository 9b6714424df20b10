// One structured line per request (pino, with the request id as `reqId`): method, URL,
// status, duration and AppKey; never headers or bodies. (Every answer carries the id as
// `X-Request-Id`: the engine's requestIdGenerator, in app.ts.)
import type { ServerResponse } from 'node:http';
import type { ApiRequest } from '../http/request.js';

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
