import createClient from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createPushClient,
  isPushApiError,
  PushApiError,
  type ErrorCode,
  type paths,
  type PushRequest,
  type PushResponse,
  type Result,
  type WithdrawOutcome,
  type WithdrawResponse,
  type WithdrawResult,
  type WithdrawSummary,
} from '../src/index.js';

const client = createPushClient({ appKey: 'k', masterSecret: 's' });
const request: PushRequest = { to: 'all', body: { platform: 'all', notification: { alert: 'hi' } } };

describe('method types', () => {
  it('resolve to the typed 200 bodies', () => {
    expectTypeOf(client.push(request)).toEqualTypeOf<Promise<Result<PushResponse>>>();
    expectTypeOf(client.validate(request)).toEqualTypeOf<Promise<Result<PushResponse>>>();
    expectTypeOf(client.withdraw('1')).toEqualTypeOf<Promise<WithdrawResult>>();
    expectTypeOf<Result<PushResponse>['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<WithdrawResult['alreadyWithdrawn']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<PushResponse['msg_id']>().toEqualTypeOf<string>();
    expectTypeOf<WithdrawResponse>().toEqualTypeOf<{ request_id: string; msg_id: string }>();
  });

  it('forbid a number as msg_id', () => {
    // @ts-expect-error msg_id is a string: ids can exceed 2^53
    void client.withdraw(1828256757);
    // @ts-expect-error msg_id is required
    void client.withdraw();
  });

  it('check the push body', () => {
    // @ts-expect-error `to` is required
    void client.push({ body: { platform: 'all', notification: { alert: 'x' } } });
    // @ts-expect-error unknown platform
    void client.push({ to: 'all', body: { platform: ['windows'], notification: { alert: 'x' } } });
    // @ts-expect-error misspelt field
    void client.push({ to: 'all', body: { platform: 'all', notifcation: { alert: 'x' } } });
    // @ts-expect-error iOS keys are hyphenated
    void client.push({ to: 'all', body: { platform: 'all', notification: { ios: { thread_id: 't' } } } });
    void client.push({ to: { alias: ['a'] }, body: { platform: ['ios'], notification: { ios: { 'thread-id': 't', badge: '+1' } } } });
    void client.push({ ...request, body: { ...request.body, options: { override_msg_id: '123', cid: 'c' } } });
  });

  it('accept an AbortSignal and per-call options', () => {
    void client.withdraw('1', { signal: AbortSignal.timeout(10) });
    // @ts-expect-error signal must be an AbortSignal
    void client.withdraw('1', { signal: 5 });
    void client.withdraw('1', { timeoutMs: 3000, retries: 0, headers: { 'X-Trace': 't' }, alreadyWithdrawnOk: true });
    void client.push(request, { timeoutMs: 0, retries: 5 });
    // @ts-expect-error alreadyWithdrawnOk is withdraw's
    void client.push(request, { alreadyWithdrawnOk: true });
  });

  it('type withdrawMany', async () => {
    const { results, summary } = await client.withdrawMany(['1', '2'], { concurrency: 4, ratePerSecond: 100, onProgress: () => undefined });
    expectTypeOf(results).toEqualTypeOf<WithdrawOutcome[]>();
    expectTypeOf(summary).toEqualTypeOf<WithdrawSummary>();
    const first = results[0];
    if (first?.outcome === 'recalled') expectTypeOf(first.requestId).toEqualTypeOf<string | undefined>();
    if (first?.outcome === 'expired') expectTypeOf(first.error).toEqualTypeOf<unknown>();
    // @ts-expect-error ids are strings
    void client.withdrawMany([1828256757]);
  });

  it('type the options', () => {
    createPushClient({ appKey: 'k', masterSecret: 's', region: 'bra', retries: { retries: 1, maxElapsedMs: 10 } });
    // @ts-expect-error unknown region
    createPushClient({ appKey: 'k', masterSecret: 's', region: 'mars' });
    // @ts-expect-error masterSecret is required
    createPushClient({ appKey: 'k' });
    createPushClient({ appKey: 'k', masterSecret: 's', logLevel: 'debug', logger: console, dangerouslyAllowBrowser: true });
    // @ts-expect-error unknown log level
    createPushClient({ appKey: 'k', masterSecret: 's', logLevel: 'verbose' });
  });
});

describe('errors', () => {
  it('carry a code that is a known union, open to new numbers', () => {
    expectTypeOf<PushApiError['code']>().toEqualTypeOf<ErrorCode | (number & {}) | undefined>();
    expectTypeOf<21003>().toExtend<ErrorCode>();
    expectTypeOf<12345>().not.toExtend<ErrorCode>();
    expectTypeOf<PushApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<PushApiError['response']>().toEqualTypeOf<Response>();
  });

  it('expose boolean helpers', () => {
    expectTypeOf<PushApiError['isNotFound']>().toEqualTypeOf<boolean>();
    expectTypeOf<PushApiError['isAlreadyWithdrawn']>().toEqualTypeOf<boolean>();
    expectTypeOf<PushApiError['isExpired']>().toEqualTypeOf<boolean>();
    expectTypeOf<PushApiError['isRateLimited']>().toEqualTypeOf<boolean>();
    expectTypeOf<PushApiError['isAuth']>().toEqualTypeOf<boolean>();
    expectTypeOf<PushApiError['mayHaveSucceeded']>().toEqualTypeOf<boolean>();
  });

  it('narrow with isPushApiError', () => {
    const error: unknown = new Error('x');
    if (isPushApiError(error)) expectTypeOf(error).toEqualTypeOf<PushApiError>();
  });
});

describe("openapi-fetch with the package's paths (the { data, error, response } style)", () => {
  const raw = createClient<paths>({ baseUrl: 'http://127.0.0.1:8080' });
  it('types paths, params and responses', () => {
    void raw.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: { msg_id: '1' } } });
    // @ts-expect-error wrong path
    void raw.DELETE('/v4/push/withdrawn/{msg_id}', { params: { path: { msg_id: '1' } } });
    // @ts-expect-error missing msg_id
    void raw.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: {} } });
    // @ts-expect-error withdraw is not a GET
    void raw.GET('/v4/push/withdraw/{msg_id}', { params: { path: { msg_id: '1' } } });
  });
});
