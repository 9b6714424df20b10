// withdrawMany against the reference server held to 50 requests a second: every one of 200
// ids is recalled, a 429 pauses every worker until its Retry-After (the test times each
// request the client sends, and counts them per second), and the summary is right.
import { describe, expect, it } from 'vitest';
import { createPushClient, type PushRequest } from '@push-api/client';
import { TEST_APP, useTestServer } from '@push-api/test-support';
import { startServer } from '../src/targets.js';

const LIMIT = 50;
const server = useTestServer(() => startServer({ RATE_LIMIT_PER_SECOND: String(LIMIT) }), { scope: 'all' });
const request: PushRequest = { to: 'all', body: { platform: 'all', notification: { alert: 'bulk' } } };

interface Attempt {
  sentAt: number;
  answeredAt: number;
  status: number;
  retryAfterMs: number;
}

describe('withdrawMany against a server limited to 50 requests a second', () => {
  it('recalls 200 ids, pausing every worker on a 429, with the right summary', { timeout: 60_000 }, async () => {
    // The messages, pushed within the limit (the client waits out each 429 it meets).
    const pusher = createPushClient({ ...TEST_APP, baseUrl: server().url, retries: { retries: 30, maxElapsedMs: 60_000 } });
    const ids: string[] = [];
    for (let i = 0; i < 200; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => pusher.push(request)));
      ids.push(...batch.map((pushed) => pushed.msg_id));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a fresh window for the recalls

    const attempts: Attempt[] = [];
    const client = createPushClient({
      ...TEST_APP,
      baseUrl: server().url,
      retries: 0,
      fetch: async (sent, init) => {
        const sentAt = Date.now();
        const answer = await fetch(sent, init);
        const retryAfter = Number(answer.headers.get('retry-after') ?? 0);
        attempts.push({ sentAt, answeredAt: Date.now(), status: answer.status, retryAfterMs: retryAfter * 1000 });
        return answer;
      },
    });
    const { results, summary } = await client.withdrawMany([...ids, ids[0]!, ids[1]!], { concurrency: 8 });

    expect(summary).toEqual({ total: 200, recalled: 200, alreadyRecalled: 0, expired: 0, notFound: 0, failed: 0 });
    expect(results.map((result) => result.msgId)).toEqual(ids);
    const refused = attempts.filter((attempt) => attempt.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    // Each 429 paused every worker: no request was sent after it came and before its Retry-After
    // ran out (50 ms of slack for the client's own work between the answer and the pause).
    for (const refusal of refused) {
      const resumeAt = refusal.answeredAt + refusal.retryAfterMs;
      const early = attempts.filter((attempt) => attempt.sentAt > refusal.answeredAt + 50 && attempt.sentAt < resumeAt - 50);
      expect(early, `requests sent during the pause after the 429 at ${refusal.answeredAt}`).toEqual([]);
    }
    // Only the requests already in flight when a window filled were refused: at most the workers, per window.
    const first = attempts[0]!.sentAt;
    const perSecond = new Map<number, number>();
    for (const attempt of attempts)
      perSecond.set(Math.floor((attempt.sentAt - first) / 1000), (perSecond.get(Math.floor((attempt.sentAt - first) / 1000)) ?? 0) + 1);
    console.log(
      `withdrawMany at ${LIMIT}/s: ${attempts.length} requests (${refused.length} answered 429), per second: ${[...perSecond.values()].join(', ')}`,
    );
    expect(refused.length).toBeLessThanOrEqual(8 * perSecond.size);
    expect(attempts.filter((attempt) => attempt.status === 200)).toHaveLength(200);
  });
});
