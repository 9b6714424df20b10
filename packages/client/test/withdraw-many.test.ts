// withdrawMany against a small fake of the recall rules (recalled once, then "has been
// withdrawn"; expired; unknown), which also counts what is in flight and can refuse with 429.
import { TEST_APP } from '@push-api/test-support';
import { ERROR_MESSAGES } from '@push-api/types';
import { describe, expect, it } from 'vitest';
import { createPushClient, PushApiError, type WithdrawOutcome } from '../src/index.js';
import { apiError, json } from './fake-fetch.js';

interface FakeOptions {
  expired?: string[];
  unknown?: string[];
  /** Answers 429 to these requests (1-based), with this Retry-After (seconds). */
  refuse?: { requests: number[]; retryAfter: string };
  latencyMs?: number;
}

function recallServer({ expired = [], unknown = [], refuse, latencyMs = 2 }: FakeOptions = {}) {
  const recalled = new Set<string>();
  const sent: { at: number; msgId: string }[] = [];
  const refusals: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = async (request: Request): Promise<Response> => {
    const msgId = decodeURIComponent(new URL(request.url).pathname.split('/').at(-1)!);
    const index = sent.push({ at: Date.now(), msgId });
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    inFlight--;
    if (refuse?.requests.includes(index)) {
      refusals.push(Date.now());
      return apiError(429, 23008, 'Too many requests', { 'retry-after': refuse.retryAfter });
    }
    if (unknown.includes(msgId)) return apiError(400, 21003, ERROR_MESSAGES.msgIdNotExist);
    if (expired.includes(msgId)) return apiError(400, 21003, ERROR_MESSAGES.msgIdExpired);
    if (recalled.has(msgId)) return apiError(400, 21003, ERROR_MESSAGES.msgIdWithdrawn);
    recalled.add(msgId);
    return json(200, { request_id: '', msg_id: msgId }, { 'x-request-id': `req-${msgId}` });
  };
  return {
    fetch,
    sent,
    refusals,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

const ids = (count: number, from = 1) => Array.from({ length: count }, (_, i) => String(from + i));

describe('withdrawMany', () => {
  it('recalls each distinct id once, in their order, with one outcome each and a summary', async () => {
    const server = recallServer({ expired: ['3'], unknown: ['4'] });
    const client = createPushClient({ ...TEST_APP, fetch: server.fetch, retries: 0 });
    await client.withdraw('2');
    const progress: [string, number, number][] = [];
    const { results, summary } = await client.withdrawMany(['1', '2', '1', '3', '4', 'abc', '5'], {
      onProgress: (outcome, { done, total }) => progress.push([outcome.msgId, done, total]),
    });
    expect(results.map((result) => [result.msgId, result.outcome])).toEqual([
      ['1', 'recalled'],
      ['2', 'already-recalled'],
      ['3', 'expired'],
      ['4', 'not-found'],
      ['abc', 'recalled'],
      ['5', 'recalled'],
    ]);
    expect(results[0]).toEqual({ msgId: '1', outcome: 'recalled', requestId: 'req-1' });
    expect((results[1] as Extract<WithdrawOutcome, { error: unknown }>).error).toBeInstanceOf(PushApiError);
    expect(summary).toEqual({ total: 6, recalled: 3, alreadyRecalled: 1, expired: 1, notFound: 1, failed: 0 });
    expect(progress.map(([, done]) => done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(progress.map(([msgId]) => msgId))).toEqual(new Set(['1', '2', '3', '4', 'abc', '5']));
    expect(progress.every(([, , total]) => total === 6)).toBe(true);
    expect(server.sent.filter((entry) => entry.msgId === '1')).toHaveLength(1);
  });

  it('keeps at most `concurrency` recalls in flight', async () => {
    const server = recallServer({ latencyMs: 5 });
    const client = createPushClient({ ...TEST_APP, fetch: server.fetch });
    const { summary } = await client.withdrawMany(ids(40), { concurrency: 3, ratePerSecond: 0 });
    expect(summary.recalled).toBe(40);
    expect(server.maxInFlight).toBe(3);
  });

  it('one 429 pauses every worker until Retry-After, and the refused id is sent again without using a retry', async () => {
    const server = recallServer({ refuse: { requests: [5], retryAfter: '0.3' }, latencyMs: 3 });
    const client = createPushClient({ ...TEST_APP, fetch: server.fetch, retries: 0 });
    const { summary } = await client.withdrawMany(ids(30), { concurrency: 4, ratePerSecond: 0 });
    expect(summary).toMatchObject({ total: 30, recalled: 30, failed: 0 });
    const [refusedAt] = server.refusals;
    // Those in flight when the 429 came finish; none starts until Retry-After has passed.
    const during = server.sent.filter((entry) => entry.at > refusedAt! + 30 && entry.at < refusedAt! + 300);
    expect(during).toEqual([]);
    expect(server.sent.filter((entry) => entry.at >= refusedAt! + 300).length).toBeGreaterThan(20);
    expect(server.sent).toHaveLength(31);
  });

  it('caps the rate of requests across the workers', async () => {
    const server = recallServer({ latencyMs: 0 });
    const client = createPushClient({ ...TEST_APP, fetch: server.fetch });
    const started = Date.now();
    await client.withdrawMany(ids(21), { concurrency: 8, ratePerSecond: 100 });
    // 21 starts at most 100 a second: the last no sooner than 200 ms after the first.
    expect(server.sent.at(-1)!.at - server.sent[0]!.at).toBeGreaterThanOrEqual(195);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('stops on the signal: what was not sent says so, and it resolves with the rest', async () => {
    const server = recallServer({ latencyMs: 5 });
    const client = createPushClient({ ...TEST_APP, fetch: server.fetch });
    const controller = new AbortController();
    const { results, summary } = await client.withdrawMany(ids(50), {
      concurrency: 2,
      ratePerSecond: 0,
      signal: controller.signal,
      onProgress: (_, { done }) => {
        if (done === 4) controller.abort(new Error('stop'));
      },
    });
    const notSent = results.filter((result) => result.outcome === 'not-sent');
    expect(summary.total).toBe(50);
    expect(summary.recalled).toBeGreaterThanOrEqual(4);
    expect(notSent.length).toBeGreaterThanOrEqual(40);
    expect(summary.failed).toBe(50 - summary.recalled);
    expect(server.sent.length).toBeLessThanOrEqual(50 - notSent.length);
  });

  it('stops at the first 401: refused credentials would refuse every id', async () => {
    let sent = 0;
    const refusing = () => {
      sent++;
      return Promise.resolve(apiError(401, 21004, 'Verification failed'));
    };
    const client = createPushClient({ ...TEST_APP, fetch: refusing, retries: 0 });
    const { results, summary } = await client.withdrawMany(ids(100), { concurrency: 4, ratePerSecond: 0 });
    expect(sent).toBe(4);
    expect(results.slice(0, 4).map((result) => result.outcome)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(results.slice(4).every((result) => result.outcome === 'not-sent')).toBe(true);
    expect(summary).toMatchObject({ total: 100, recalled: 0, failed: 100 });
  });

  it('refuses bad arguments before sending anything', async () => {
    const server = recallServer();
    const client = createPushClient({ ...TEST_APP, fetch: server.fetch });
    await expect(client.withdrawMany(['1'], { concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(client.withdrawMany(['1'], { concurrency: 1.5 })).rejects.toThrow('concurrency must be a whole number from 1 to 256');
    await expect(client.withdrawMany(['1'], { ratePerSecond: -1 })).rejects.toThrow(RangeError);
    await expect(client.withdrawMany([1828256757 as unknown as string])).rejects.toThrow(TypeError);
    expect(server.sent).toEqual([]);
    expect(await client.withdrawMany([])).toEqual({
      results: [],
      summary: { total: 0, recalled: 0, alreadyRecalled: 0, expired: 0, notFound: 0, failed: 0 },
    });
  });
});
