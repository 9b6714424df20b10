// What the client tells the people who run it: the log (logLevel, PUSH_API_LOG, a logger of
// theirs) and the retry hooks, for attempts answered or not.
import { TEST_APP } from '@push-api/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPushClient, PushNetworkError, type AttemptFailure, type Logger } from '../src/index.js';
import { apiError, json, scriptedFetch } from './fake-fetch.js';

const accepted = { request_id: '', msg_id: '1828256757' };
const fast = { retries: 2, baseDelayMs: 1, maxDelayMs: 2 };

/** A logger that keeps its lines, each prefixed with its level. */
function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the log', () => {
  it('at debug, a withdraw that meets one 503 shows both attempts, the wait, and no secret', async () => {
    const logger = capture();
    const script = scriptedFetch([
      apiError(503, 27004, 'Service temporarily unavailable, please retry', { 'retry-after': '0.01' }),
      json(200, accepted),
    ]);
    const client = createPushClient({ ...TEST_APP, fetch: script.fetch, retries: fast, logLevel: 'debug', logger });
    await client.withdraw('1828256757');
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(
      /^info push-api: DELETE \/v4\/push\/withdraw\/1828256757 → 503 in \d+ ms \(attempt 1\); retrying in \d+ ms$/,
    );
    expect(logger.lines[1]).toMatch(/^debug push-api: DELETE \/v4\/push\/withdraw\/1828256757 → 200 in \d+ ms \(attempt 2\)$/);
    const authorization = script.requests[0]!.headers.get('authorization')!;
    for (const line of logger.lines) {
      expect(line).not.toContain(TEST_APP.masterSecret);
      expect(line).not.toContain(authorization.slice('Basic '.length));
    }
  });

  it('at info, only the retries; at warn, a call that failed after retrying; off by default', async () => {
    const failing = () => [apiError(503, 27004, 'busy'), new TypeError('reset'), apiError(503, 27004, 'busy')];
    const run = async (logLevel?: 'info' | 'warn') => {
      const logger = capture();
      const client = createPushClient({
        ...TEST_APP,
        fetch: scriptedFetch(failing()).fetch,
        retries: fast,
        logger,
        ...(logLevel && { logLevel }),
      });
      await expect(client.validate({ to: 'all', body: { platform: 'all', notification: { alert: 'x' } } })).rejects.toMatchObject({
        status: 503,
      });
      return logger.lines.map((line) => line.replace(/\d+ ms/g, 'N ms'));
    };
    expect(await run('info')).toEqual([
      'info push-api: POST /v4/push/validate → 503 in N ms (attempt 1); retrying in N ms',
      'info push-api: POST /v4/push/validate → Network error: reset in N ms (attempt 2); retrying in N ms',
      'warn push-api: POST /v4/push/validate → 503 27004 busy in N ms (attempt 3); failed',
    ]);
    expect(await run('warn')).toEqual(['warn push-api: POST /v4/push/validate → 503 27004 busy in N ms (attempt 3); failed']);
    expect(await run()).toEqual([]);
  });

  it('PUSH_API_LOG sets the level where no logLevel is given, to the console by default', async () => {
    vi.stubEnv('PUSH_API_LOG', 'debug');
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const client = createPushClient({ ...TEST_APP, fetch: scriptedFetch([json(200, accepted)]).fetch });
    await client.withdraw('1');
    expect(debug).toHaveBeenCalledTimes(1);
    expect(debug.mock.calls[0]![0]).toMatch(/^push-api: DELETE \/v4\/push\/withdraw\/1 → 200 in \d+ ms \(attempt 1\)$/);
    // logLevel wins over the environment.
    await createPushClient({ ...TEST_APP, fetch: scriptedFetch([json(200, accepted)]).fetch, logLevel: 'off' }).withdraw('1');
    expect(debug).toHaveBeenCalledTimes(1);
  });

  it('refuses a level it does not know, naming where it came from', () => {
    expect(() => createPushClient({ ...TEST_APP, logLevel: 'loud' as 'debug' })).toThrow(
      'logLevel: unknown log level "loud"; use one of off, error, warn, info, debug',
    );
    vi.stubEnv('PUSH_API_LOG', 'verbose');
    expect(() => createPushClient({ ...TEST_APP })).toThrow('PUSH_API_LOG: unknown log level "verbose"');
  });
});

describe('onRetry and onError', () => {
  it('see every failed attempt, answered or not, with the wait before the next', async () => {
    const retries: (AttemptFailure & { delayMs: number })[] = [];
    const errors: AttemptFailure[] = [];
    const script = scriptedFetch([
      new TypeError('reset'),
      apiError(503, 27004, 'busy', { 'retry-after': '0.005' }),
      new TypeError('reset'),
    ]);
    const client = createPushClient({
      ...TEST_APP,
      fetch: script.fetch,
      retries: fast,
      onRetry: (failure) => retries.push(failure),
      onError: (failure) => errors.push(failure),
    });
    await expect(client.withdraw('9')).rejects.toBeInstanceOf(PushNetworkError);
    expect(retries.map(({ attempt, error, request }) => [attempt, error.name, request.method])).toEqual([
      [1, 'PushNetworkError', 'DELETE'],
      [2, 'PushApiError', 'DELETE'],
    ]);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(5);
    expect(errors.map(({ attempt, error }) => [attempt, error.name])).toEqual([[3, 'PushNetworkError']]);
  });

  it('onError sees a refusal that is not retried, once', async () => {
    const errors: AttemptFailure[] = [];
    const client = createPushClient({
      ...TEST_APP,
      fetch: scriptedFetch([apiError(401, 21004, 'Verification failed')]).fetch,
      onError: (failure) => errors.push(failure),
    });
    await expect(client.withdraw('1')).rejects.toMatchObject({ status: 401 });
    expect(errors.map(({ attempt, error }) => [attempt, error.message])).toEqual([[1, 'Verification failed']]);
  });
});
