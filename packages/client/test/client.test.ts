import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { TEST_APP } from '@push-api/test-support';
import fc from 'fast-check';
import { defaultPathSerializer } from 'openapi-fetch';
import { describe, expect, it, vi } from 'vitest';
import { ERROR_MESSAGES, ErrorCodes, REGIONS } from '@push-api/types';
import {
  CLIENT_VERSION,
  createPushClient,
  isPushApiError,
  PushApiError,
  PushError,
  PushNetworkError,
  PushTimeoutError,
  type PushRequest,
} from '../src/index.js';
import { apiError, hang, json, scriptedFetch } from './fake-fetch.js';

const credentials = TEST_APP;
const request: PushRequest = { to: 'all', body: { platform: 'all', notification: { alert: 'hi' } } };
const accepted = { request_id: '', msg_id: '18446744073709551615' };
const fast = { retries: 3, baseDelayMs: 1, maxDelayMs: 2 };

/** Awaits a call that must fail and returns its error, checked to be a `type`. */
async function failureOf<E>(call: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await call;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected the call to fail with a ${type.name}`);
}

describe('createPushClient', () => {
  it('sends Basic auth, JSON and the user agent to the region host', async () => {
    const script = scriptedFetch([json(200, accepted)]);
    const client = createPushClient({ ...credentials, region: 'defra', fetch: script.fetch, userAgent: 'my-app/1.0' });
    await expect(client.push(request)).resolves.toEqual(accepted);
    const [sent] = script.requests;
    expect(sent!.url).toBe(`${REGIONS.defra}/v4/push`);
    expect(sent!.method).toBe('POST');
    expect(sent!.headers.get('authorization')).toBe('Basic Yzk2ZjQyZTBkMmU2NjJlNDVkMDM1YWIxOmRmNGQ1OWU4NGVhYzJmOWQ1M2IzNmYxMg==');
    expect(sent!.headers.get('user-agent')).toBe('my-app/1.0');
  });

  it('defaults to Singapore and lets baseUrl win over region', async () => {
    const a = scriptedFetch([json(200, accepted)]);
    await createPushClient({ ...credentials, fetch: a.fetch }).push(request);
    expect(a.requests[0]!.url).toBe('https://pushapi-sgp.engagelab.com/v4/push');
    const b = scriptedFetch([json(200, accepted)]);
    await createPushClient({ ...credentials, region: 'hk', baseUrl: 'http://127.0.0.1:9', fetch: b.fetch }).push(request);
    expect(b.requests[0]!.url).toBe('http://127.0.0.1:9/v4/push');
  });

  it('refuses an unknown region', () => {
    expect(() => createPushClient({ ...credentials, region: 'mars' as 'sgp' })).toThrow(/Unknown region "mars"/);
  });

  it('keeps msg_id a string beyond 2^53 and refuses a number', async () => {
    const script = scriptedFetch([json(200, { request_id: '', msg_id: '9007199254740993' })]);
    const client = createPushClient({ ...credentials, fetch: script.fetch });
    await expect(client.withdraw('9007199254740993')).resolves.toEqual({ request_id: '', msg_id: '9007199254740993' });
    expect(script.requests[0]!.url).toMatch(/\/v4\/push\/withdraw\/9007199254740993$/);
    expect(script.requests[0]!.method).toBe('DELETE');
    // A rejection, never a synchronous throw: `.catch()` sees it.
    let thrown: unknown;
    const call = (() => {
      try {
        return client.withdraw(Number('9007199254740993') as unknown as string);
      } catch (error) {
        thrown = error;
        return undefined;
      }
    })();
    expect(thrown).toBeUndefined();
    await expect(call).rejects.toThrow(TypeError);
    expect(script.requests).toHaveLength(1);
  });

  it('sends a versioned User-Agent by default', async () => {
    const script = scriptedFetch([json(200, accepted)]);
    await createPushClient({ ...credentials, fetch: script.fetch }).push(request);
    expect(CLIENT_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(script.requests[0]!.headers.get('user-agent')).toBe(`push-api-client/${CLIENT_VERSION}`);
  });
});

describe('errors', () => {
  it('throws PushApiError with status, code, message and request id', async () => {
    const script = scriptedFetch([apiError(400, 21003, ERROR_MESSAGES.msgIdNotExist, { 'x-request-id': 'req-7' })]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch }).withdraw('1'), PushApiError);
    expect(error).toBeInstanceOf(PushApiError);
    expect(error).toMatchObject({
      status: 400,
      code: ErrorCodes.INVALID_PARAMETER,
      message: ERROR_MESSAGES.msgIdNotExist,
      requestId: 'req-7',
    });
    expect([error.isNotFound, error.isAlreadyWithdrawn, error.isExpired, error.isAuth, error.isRateLimited]).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(error.response.status).toBe(400);
    expect(error.reason).toBe('msg-id-not-exist');
  });

  it.each([
    [ERROR_MESSAGES.msgIdNotExist, 'msg-id-not-exist', 'isNotFound'],
    [ERROR_MESSAGES.msgIdWithdrawn, 'msg-id-withdrawn', 'isAlreadyWithdrawn'],
    [ERROR_MESSAGES.msgIdExpired, 'msg-id-expired', 'isExpired'],
    [ERROR_MESSAGES.msgIdNotNumeric, 'msg-id-not-numeric', 'isNotNumeric'],
  ] as const)('each recall failure has its reason and its own predicate: %s', async (message, reason, predicate) => {
    const script = scriptedFetch([apiError(400, 21003, message)]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch }).withdraw('1'), PushApiError);
    expect(error.reason).toBe(reason);
    const predicates = ['isNotFound', 'isAlreadyWithdrawn', 'isExpired', 'isNotNumeric'] as const;
    expect(predicates.filter((name) => error[name])).toEqual([predicate]);
  });

  it.each([
    [400, 21003, 'Parameter value is invalid,to', 'invalid-parameter'],
    [401, 21004, 'Verification failed', 'verification-failed'],
    [429, 23008, 'Request rate limit exceeded', 'rate-limited'],
    [400, 99999, 'a code this client does not know', 'unknown'],
  ] as const)('a %i %i without a particular case gets the code’s reason', async (status, code, message, reason) => {
    const script = scriptedFetch([apiError(status, code, message)]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch, retries: 0 }).push(request), PushApiError);
    expect(error.reason).toBe(reason);
  });

  it('prints in one line, as data, without the Response', async () => {
    const script = scriptedFetch([apiError(400, 21003, ERROR_MESSAGES.msgIdWithdrawn, { 'x-request-id': 'req-9' })]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch }).withdraw('1'), PushApiError);
    const data = {
      name: 'PushApiError',
      status: 400,
      code: 21003,
      reason: 'msg-id-withdrawn',
      message: ERROR_MESSAGES.msgIdWithdrawn,
      requestId: 'req-9',
      mayHaveSucceeded: false,
    };
    expect(JSON.parse(JSON.stringify(error))).toEqual(data);
    expect(Object.keys(error)).not.toContain('response');
    const printed = inspect(error);
    expect(printed).toBe(`PushApiError: ${ERROR_MESSAGES.msgIdWithdrawn} ${JSON.stringify(data)}`);
    expect(printed).not.toMatch(/Response|Headers|ReadableStream/);
  });

  it.each([
    ['isAlreadyWithdrawn', 400, 21003, ERROR_MESSAGES.msgIdWithdrawn],
    ['isExpired', 400, 21003, ERROR_MESSAGES.msgIdExpired],
    ['isAuth', 401, 21004, 'Verification failed'],
    ['isRateLimited', 429, 23008, 'Request rate limit exceeded'],
  ] as const)('%s is true for a %i %i', async (helper, status, code, message) => {
    const script = scriptedFetch([apiError(status, code, message)]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch, retries: 0 }).withdraw('1'), PushApiError);
    expect(error).toBeInstanceOf(PushApiError);
    expect(error[helper]).toBe(true);
    expect(error.code).toBe(code);
  });

  it('keeps an unknown code as a number', async () => {
    const script = scriptedFetch([apiError(400, 99999, 'new thing')]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch }).push(request), PushApiError);
    expect(error.code).toBe(99999);
  });

  it('gives a useful error for an empty body', async () => {
    const script = scriptedFetch([new Response(null, { status: 400, statusText: 'Bad Request' })]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch }).push(request), PushApiError);
    expect(error).toBeInstanceOf(PushApiError);
    expect(error).toMatchObject({ status: 400, code: undefined, message: 'HTTP 400 Bad Request' });
  });

  it('gives a useful error for a non-JSON body', async () => {
    const script = scriptedFetch([
      new Response('<html>upstream exploded</html>', { status: 500, headers: { 'content-type': 'text/html' } }),
    ]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch }).push(request), PushApiError);
    expect(error).toMatchObject({ status: 500, code: undefined });
    expect(error.message).toBe('HTTP 500: <html>upstream exploded</html>');
  });

  it('wraps a network failure in PushNetworkError', async () => {
    const script = scriptedFetch([new TypeError('fetch failed')]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch, retries: 0 }).withdraw('1'), PushNetworkError);
    expect(error).toBeInstanceOf(PushNetworkError);
    expect(error.message).toBe('Network error: fetch failed');
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

describe('timeouts and abort', () => {
  it('aborts a hung request after timeoutMs with PushTimeoutError', async () => {
    const script = scriptedFetch([hang]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, timeoutMs: 20, retries: 0 });
    const error = await failureOf(client.withdraw('1'), PushTimeoutError);
    expect(error).toBeInstanceOf(PushTimeoutError);
    expect(error.timeoutMs).toBe(20);
    expect(script.signals[0]?.aborted).toBe(true);
  });

  it('stops on the caller’s AbortSignal with its reason, without retrying', async () => {
    const script = scriptedFetch([hang, json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: fast });
    const controller = new AbortController();
    const call = client.withdraw('1', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user gave up')), 10);
    await expect(call).rejects.toThrow('user gave up');
    expect(script.requests).toHaveLength(1);
  });

  it('timeoutMs: 0 turns the timeout off', async () => {
    const slow = () => new Promise<Response>((resolve) => setTimeout(() => resolve(json(200, accepted)), 60));
    const script = scriptedFetch([slow]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, timeoutMs: 0, retries: 0 });
    await expect(client.withdraw('1')).resolves.toEqual(accepted);
  });

  it('refuses to start with an already aborted signal', async () => {
    const script = scriptedFetch([json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch });
    await expect(client.withdraw('1', { signal: AbortSignal.abort(new Error('no')) })).rejects.toThrow('no');
    expect(script.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a timed-out attempt and succeeds', async () => {
    const script = scriptedFetch([hang, json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, timeoutMs: 20, retries: fast });
    await expect(client.withdraw('1')).resolves.toEqual(accepted);
    expect(script.requests).toHaveLength(2);
  });

  it.each([408, 429, 502, 503, 504])('retries a %i', async (status) => {
    const script = scriptedFetch([apiError(status, 27000, 'x'), json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: fast });
    await expect(client.validate(request)).resolves.toEqual(accepted);
    expect(script.requests).toHaveLength(2);
  });

  it.each([400, 401, 405, 500])('never retries a %i', async (status) => {
    const script = scriptedFetch([apiError(status, 21003, 'x'), json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: fast });
    await expect(client.push(request)).rejects.toBeInstanceOf(PushApiError);
    expect(script.requests).toHaveLength(1);
  });

  it('gives up after the configured retries with the last error', async () => {
    const script = scriptedFetch([apiError(503, 21030, 'a'), apiError(503, 21030, 'b'), apiError(503, 21030, 'c')]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: { ...fast, retries: 2 } });
    await expect(client.validate(request)).rejects.toMatchObject({ status: 503, message: 'c' });
    expect(script.requests).toHaveLength(3);
  });

  it('honours Retry-After', async () => {
    const times: number[] = [];
    const stamp = (response: Response) => () => (times.push(Date.now()), response);
    const script = scriptedFetch([stamp(apiError(429, 23008, 'slow down', { 'retry-after': '0.15' })), stamp(json(200, accepted))]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: fast });
    await client.withdraw('1');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(140);
  });

  it('does not wait past maxElapsedMs', async () => {
    const script = scriptedFetch([apiError(429, 23008, 'slow down', { 'retry-after': '30' }), json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: { ...fast, maxElapsedMs: 1000 } });
    const started = Date.now();
    await expect(client.withdraw('1')).rejects.toMatchObject({ status: 429, retryAfterMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(500);
    expect(script.requests).toHaveLength(1);
  });

  it('backs off exponentially with jitter, capped', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(1);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    try {
      const script = scriptedFetch([apiError(503, 1, 'a'), apiError(503, 1, 'b'), apiError(503, 1, 'c'), json(200, accepted)]);
      const client = createPushClient({
        ...credentials,
        fetch: script.fetch,
        timeoutMs: 5000,
        retries: { retries: 3, baseDelayMs: 2, maxDelayMs: 6 },
      });
      await client.withdraw('1');
      // The backoff waits, without the timeout groups' timers (5 000 ms and a little more).
      const delays = setTimeoutSpy.mock.calls.map(([, ms]) => ms).filter((ms) => ms === undefined || ms < 5000);
      expect(delays).toEqual([2, 4, 6]);
    } finally {
      random.mockRestore();
      setTimeoutSpy.mockRestore();
    }
  });
});

describe('push idempotency', () => {
  it('adds a cid when retries are on and the caller gave none, without touching the caller’s object', async () => {
    const script = scriptedFetch([new TypeError('reset'), json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: fast });
    const mine: PushRequest = { to: 'all', body: { platform: 'all', notification: { alert: 'hi' } } };
    await client.push(mine);
    const [first, second] = script.bodies as PushRequest[];
    expect(first!.body.options?.cid).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(second!.body.options?.cid).toBe(first!.body.options?.cid);
    expect(mine.body.options).toBeUndefined();
  });

  it('keeps the caller’s cid', async () => {
    const script = scriptedFetch([json(200, accepted)]);
    await createPushClient({ ...credentials, fetch: script.fetch }).push({
      ...request,
      body: { ...request.body, options: { cid: 'mine-1' } },
    });
    expect((script.bodies[0] as PushRequest).body.options?.cid).toBe('mine-1');
  });

  it('never retries a push without cid when retries are off', async () => {
    const script = scriptedFetch([new TypeError('reset'), json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: 0 });
    await expect(client.push(request)).rejects.toBeInstanceOf(PushNetworkError);
    expect((script.bodies[0] as PushRequest).body.options?.cid).toBeUndefined();
    expect(script.requests).toHaveLength(1);
  });

  it.each([[{}], [{ to: 'all', body: 'text' }], [{ to: 'all', body: { options: 'x' } }], [null]])(
    'sends a body not shaped as a push as it is (%j), and does not retry it: the API judges it',
    async (body) => {
      const script = scriptedFetch([new TypeError('reset'), json(200, accepted)]);
      const client = createPushClient({ ...credentials, fetch: script.fetch, retries: fast });
      await expect(client.push(body as unknown as PushRequest)).rejects.toBeInstanceOf(PushNetworkError);
      expect(script.bodies).toEqual([body]);
    },
  );
});

describe('a withdraw whose answer was lost', () => {
  it('reports that it may have succeeded when the retry says "has been withdrawn"', async () => {
    const script = scriptedFetch([new TypeError('socket hang up'), apiError(400, 21003, ERROR_MESSAGES.msgIdWithdrawn)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: fast });
    const error = await failureOf(client.withdraw('1180003'), PushApiError);
    expect(error).toBeInstanceOf(PushApiError);
    expect(error.isAlreadyWithdrawn).toBe(true);
    expect(error.mayHaveSucceeded).toBe(true);
  });

  it('does not claim so when no earlier answer was lost', async () => {
    const script = scriptedFetch([apiError(400, 21003, ERROR_MESSAGES.msgIdWithdrawn)]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch }).withdraw('1'), PushApiError);
    expect(error.isAlreadyWithdrawn).toBe(true);
    expect(error.mayHaveSucceeded).toBe(false);
  });

  it.each([408, 429])('does not claim so after a %i, which never takes effect', async (status) => {
    const script = scriptedFetch([
      apiError(status, status === 408 ? 27002 : 23008, 'slow'),
      apiError(400, 21003, ERROR_MESSAGES.msgIdWithdrawn),
    ]);
    const error = await failureOf(createPushClient({ ...credentials, fetch: script.fetch, retries: fast }).withdraw('1'), PushApiError);
    expect(error.mayHaveSucceeded).toBe(false);
    expect(script.requests).toHaveLength(2);
  });
});

describe('path parameters', () => {
  const template = 'http://127.0.0.1:9/v4/push/withdraw/{msg_id}';
  /** The URL the client sends a withdraw of `msgId` to. */
  async function urlOf(msgId: string): Promise<string> {
    const script = scriptedFetch([json(200, accepted)]);
    await createPushClient({ ...credentials, baseUrl: 'http://127.0.0.1:9', fetch: script.fetch }).withdraw(msgId);
    return script.requests[0]!.url;
  }

  it('puts any msg_id into the path as openapi-fetch itself would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (msgId) => {
        expect(await urlOf(msgId)).toBe(new Request(defaultPathSerializer(template, { msg_id: msgId })).url);
      }),
      { numRuns: 200 },
    );
  });

  it('encodes what a path cannot carry', async () => {
    expect(await urlOf('a/b c')).toBe('http://127.0.0.1:9/v4/push/withdraw/a%2Fb%20c');
    expect(await urlOf('ü')).toBe('http://127.0.0.1:9/v4/push/withdraw/%C3%BC');
    expect(await urlOf('{msg_id}')).toBe('http://127.0.0.1:9/v4/push/withdraw/%7Bmsg_id%7D');
  });
});

describe('tracing hooks', () => {
  it('calls onRequest before each attempt and onResponse with each answer, its request and duration', async () => {
    const script = scriptedFetch([apiError(503, 27004, 'Service unavailable'), json(200, accepted)]);
    const seen: string[] = [];
    const client = createPushClient({
      ...credentials,
      fetch: script.fetch,
      retries: fast,
      onRequest: (sent) =>
        seen.push(`request ${sent.method} ${new URL(sent.url).pathname} ${sent.headers.get('authorization') ? 'auth' : 'no auth'}`),
      onResponse: (answer, sent, durationMs) => {
        expect(durationMs).toBeGreaterThanOrEqual(0);
        seen.push(`response ${answer.status} ${sent.method}`);
      },
    });
    await expect(client.withdraw('7')).resolves.toEqual(accepted);
    expect(seen).toEqual([
      'request DELETE /v4/push/withdraw/7 auth',
      'response 503 DELETE',
      'request DELETE /v4/push/withdraw/7 auth',
      'response 200 DELETE',
    ]);
  });

  it('gives onResponse the answer before its body is read: a clone of it can be read', async () => {
    const script = scriptedFetch([apiError(400, 21003, ERROR_MESSAGES.msgIdWithdrawn), json(200, accepted)]);
    const bodies: Promise<string>[] = [];
    const client = createPushClient({ ...credentials, fetch: script.fetch, onResponse: (answer) => bodies.push(answer.clone().text()) });
    await expect(client.withdraw('7')).rejects.toMatchObject({ isAlreadyWithdrawn: true });
    await expect(client.withdraw('7')).resolves.toEqual(accepted);
    expect((await Promise.all(bodies)).map((text) => JSON.parse(text) as unknown)).toEqual([
      { error: { code: 21003, message: ERROR_MESSAGES.msgIdWithdrawn } },
      accepted,
    ]);
  });

  it('calls no onResponse for an attempt that got no answer', async () => {
    const script = scriptedFetch([new TypeError('reset')]);
    const responses: number[] = [];
    const client = createPushClient({
      ...credentials,
      fetch: script.fetch,
      retries: 0,
      onResponse: (answer) => responses.push(answer.status),
    });
    await expect(client.withdraw('1')).rejects.toBeInstanceOf(PushNetworkError);
    expect(responses).toEqual([]);
  });
});

describe('per-call options', () => {
  it('retries: 0 makes one attempt, and a call may ask for more retries than the client', async () => {
    const script = scriptedFetch([
      apiError(503, 27004, 'busy'),
      apiError(503, 27004, 'busy'),
      apiError(503, 27004, 'busy'),
      json(200, accepted),
    ]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, retries: { ...fast, retries: 1 } });
    await expect(client.withdraw('1', { retries: 0 })).rejects.toMatchObject({ status: 503 });
    expect(script.requests).toHaveLength(1);
    await expect(client.withdraw('1', { retries: 3 })).resolves.toEqual(accepted);
    expect(script.requests).toHaveLength(4);
  });

  it('timeoutMs bounds this call, whatever the client says', async () => {
    const script = scriptedFetch([hang]);
    const client = createPushClient({ ...credentials, fetch: script.fetch, timeoutMs: 60_000, retries: 0 });
    const started = Date.now();
    const error = await failureOf(client.withdraw('1', { timeoutMs: 30 }), PushTimeoutError);
    expect(error.timeoutMs).toBe(30);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('headers go with the call, after the client’s own', async () => {
    const script = scriptedFetch([json(200, accepted), json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch });
    await client.push(request, { headers: { 'X-Trace-Id': 'trace-1', 'User-Agent': 'mine/1' } });
    await client.withdraw('1');
    const [first, second] = script.requests;
    expect([first!.headers.get('x-trace-id'), first!.headers.get('user-agent'), first!.headers.get('content-type')]).toEqual([
      'trace-1',
      'mine/1',
      'application/json',
    ]);
    expect(first!.headers.get('authorization')).toMatch(/^Basic /);
    expect(second!.headers.get('x-trace-id')).toBeNull();
  });
});

describe('results', () => {
  it('carry the server’s request id, not enumerable: the body stays the API’s', async () => {
    const script = scriptedFetch([json(200, accepted, { 'x-request-id': 'req-42' }), json(200, accepted)]);
    const client = createPushClient({ ...credentials, fetch: script.fetch });
    const recalled = await client.withdraw('18446744073709551615');
    expect(recalled.requestId).toBe('req-42');
    expect(Object.keys(recalled)).toEqual(['request_id', 'msg_id']);
    expect(JSON.stringify(recalled)).toBe(JSON.stringify(accepted));
    expect((await client.push(request)).requestId).toBeUndefined();
  });

  it('alreadyWithdrawnOk resolves a recall done before, saying so', async () => {
    const withdrawn = () => apiError(400, 21003, ERROR_MESSAGES.msgIdWithdrawn, { 'x-request-id': 'req-7' });
    const script = scriptedFetch([withdrawn(), withdrawn(), apiError(400, 21003, ERROR_MESSAGES.msgIdExpired)]);
    const errors: unknown[] = [];
    const client = createPushClient({ ...credentials, fetch: script.fetch, onError: ({ error }) => errors.push(error) });
    const again = await client.withdraw('7', { alreadyWithdrawnOk: true });
    expect(again).toEqual({ request_id: '', msg_id: '7' });
    expect([again.alreadyWithdrawn, again.requestId]).toEqual([true, 'req-7']);
    expect(errors).toEqual([]); // not a failure: onError is not called
    await expect(client.withdraw('7')).rejects.toMatchObject({ isAlreadyWithdrawn: true });
    await expect(client.withdraw('8', { alreadyWithdrawnOk: true })).rejects.toMatchObject({ isExpired: true });
    expect(errors).toHaveLength(2);
  });
});

describe('construction', () => {
  it.each([
    [{ appKey: '', masterSecret: 's' }, 'appKey and masterSecret are required'],
    [{ appKey: 'k', masterSecret: '' }, 'appKey and masterSecret are required'],
    [{ appKey: undefined as unknown as string, masterSecret: 's' }, 'appKey and masterSecret are required'],
    [{ appKey: 'a:b', masterSecret: 's' }, 'cannot contain ":"'],
  ])('refuses credentials that cannot authenticate (%o), sending nothing', (given, message) => {
    const script = scriptedFetch([]);
    expect(() => createPushClient({ ...given, fetch: script.fetch })).toThrow(new RegExp(message));
    expect(script.requests).toHaveLength(0);
  });

  it('refuses to run in a web page unless told to, since the master secret would be readable there', () => {
    const page = globalThis as { document?: unknown };
    page.document = {};
    try {
      expect(() => createPushClient({ ...credentials })).toThrow(PushError);
      expect(() => createPushClient({ ...credentials })).toThrow(/dangerouslyAllowBrowser: true/);
      expect(() => createPushClient({ ...credentials, dangerouslyAllowBrowser: true })).not.toThrow();
    } finally {
      delete page.document;
    }
    expect(() => createPushClient({ ...credentials })).not.toThrow();
  });
});

describe('errors across copies of the client', () => {
  // The built ESM and CommonJS files, side by side, as a program that mixes import and require() loads them.
  const esm = () => import('../dist/index.js') as Promise<typeof import('../src/index.js')>;
  const cjs = () => createRequire(import.meta.url)('../dist/index.cjs') as typeof import('../src/index.js');

  it('instanceof and isPushApiError recognise an error of the other build', async () => {
    const [fromEsm, fromCjs] = [await esm(), cjs()];
    expect(fromEsm.PushApiError).not.toBe(fromCjs.PushApiError);
    const script = scriptedFetch([apiError(400, 21003, ERROR_MESSAGES.msgIdExpired), new TypeError('reset')]);
    const client = fromCjs.createPushClient({ ...credentials, fetch: script.fetch, retries: 0 });
    const apiFailure = await client.withdraw('1').catch((error: unknown) => error);
    const networkFailure = await client.withdraw('1').catch((error: unknown) => error);
    expect(apiFailure instanceof fromEsm.PushApiError).toBe(true);
    expect(apiFailure instanceof fromEsm.PushError).toBe(true);
    expect(apiFailure instanceof fromEsm.PushNetworkError).toBe(false);
    expect(fromEsm.isPushApiError(apiFailure)).toBe(true);
    expect(isPushApiError(apiFailure)).toBe(true);
    expect(networkFailure instanceof fromEsm.PushNetworkError).toBe(true);
    expect(fromEsm.isPushApiError(networkFailure)).toBe(false);
    expect(isPushApiError(new Error('plain'))).toBe(false);
    expect(new Error('plain') instanceof PushError).toBe(false);
  });
});
