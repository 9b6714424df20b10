import { createPushClient, type Logger } from '@push-api/client';

// Where the log goes: `console` by default, or anything with these four methods (pino, winston, …).
const logger: Logger = {
  debug: (line) => console.log(line),
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

const client = createPushClient({
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
  // Off by default; PUSH_API_LOG=debug in the environment does the same without a code change.
  // `debug` logs every attempt, `info` each retry, `warn` a call that failed after retrying.
  // A line never carries a header: the credentials stay out of the log.
  logLevel: 'debug',
  logger,
  // Hooks for metrics and alerts: each retry (with the wait before it), and a call that failed for good.
  onRetry: ({ attempt, error, delayMs }) => console.log(`attempt ${attempt} failed (${error.message}); next in ${Math.round(delayMs)} ms`),
  onError: ({ attempt, error, request }) => console.log(`${request.method} failed after ${attempt} attempt(s): ${error.message}`),
});

// The options of one call win over the client's: a signal, a timeout and retries of its own, extra headers.
const pushed = await client.push(
  { to: 'all', body: { platform: 'all', notification: { alert: 'Flash sale' } } },
  { signal: AbortSignal.timeout(20_000), timeoutMs: 5_000, retries: 1, headers: { 'X-Correlation-Id': 'order-4711' } },
);
// Every result carries the server's X-Request-Id, to quote to support (not enumerable: JSON and logs show the answer only).
console.log('pushed', pushed.msg_id, 'request id', pushed.requestId);

// A refusal is not retried: onError sees it once, then the call rejects.
await client.withdraw('999999999999999999', { retries: 0 }).catch(() => undefined);
