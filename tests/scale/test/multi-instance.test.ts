// Two server processes on one PostgreSQL database and one Redis are one API: a message pushed
// through one is recalled through the other, once; ids never collide; a cid stores one
// message; killing one instance under load loses no acknowledged write; the rate limit is
// one budget per AppKey across both; the database going away answers 503 until it returns.
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import {
  OTHER_APP,
  Tally,
  closeAfterEach,
  recordFigures,
  serverExecutable,
  startDedicatedPostgres,
  startRedis,
  useTestServer,
} from '@push-api/test-support';
import { ERROR_MESSAGES } from '@push-api/types';
import { describe, expect, inject, it } from 'vitest';
import { pool, push, recall, startInstances } from '@push-api/test-support/instances';

const SERVER_MAIN = serverExecutable(import.meta.resolve('@push-api/server/package.json'));
const FIGURES = fileURLToPath(new URL('../test-output/figures.json', import.meta.url));
const closing = closeAfterEach();
const redis = useTestServer(startRedis, { scope: 'all' });
const twoInstances = useTestServer(() => startInstances(SERVER_MAIN, inject('databaseUrl'), redis().url), { scope: 'all' });
const urls = () => twoInstances().instances.map((instance) => instance.url);
const through = (i: number) => urls()[i % urls().length]!;

describe('two instances on one PostgreSQL and one Redis', () => {
  it('a message pushed through one is recalled through the other, once', async () => {
    const [a, b] = urls() as [string, string];
    const pushed = await push(a);
    expect(pushed.status).toBe(200);
    const msgId = pushed.body.msg_id!;
    expect(await recall(b, msgId)).toEqual({ status: 200, body: { request_id: '', msg_id: msgId } });
    expect(await recall(a, msgId)).toEqual({ status: 400, body: { error: { code: 21003, message: ERROR_MESSAGES.msgIdWithdrawn } } });
  });

  it('200 concurrent recalls of each of 20 messages, spread over both: exactly 20 succeed', async () => {
    const ids = await pool(20, 10, async (i) => (await push(through(i))).body.msg_id!);
    const answers = await pool(20 * 200, 100, (i) => recall(through(i), ids[i % 20]!));
    const byStatus = new Tally();
    for (const answer of answers) byStatus.add(answer.status);
    const withdrawn = answers.filter(
      (answer) => answer.status === 400 && answer.body.error?.message === ERROR_MESSAGES.msgIdWithdrawn,
    ).length;
    recordFigures(FIGURES, 'concurrentRecalls', {
      messages: 20,
      recalls: answers.length,
      succeeded: byStatus.counts['200'] ?? 0,
      alreadyWithdrawn: withdrawn,
    });
    expect(byStatus.counts['200']).toBe(20);
    expect(withdrawn).toBe(20 * 200 - 20);
  });

  it('2000 pushes through both never share a msg_id', async () => {
    const answers = await pool(2000, 50, (i) => push(through(i)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const ids = new Set(answers.map((answer) => answer.body.msg_id));
    recordFigures(FIGURES, 'pushes', { pushes: answers.length, distinctIds: ids.size, duplicateIds: answers.length - ids.size });
    expect(ids.size).toBe(2000);
  });

  it('the same cid through both stores one message', async () => {
    const answers = await pool(40, 40, (i) => push(through(i), { request_id: `r${i}` }, { cid: 'scale-one-cid' }));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body.msg_id)).size).toBe(1);
    expect(new Set(answers.map((answer) => answer.body.request_id)).size).toBe(1);
  });
});

describe('kill -9 of one instance under load', () => {
  it('loses no acknowledged push or recall', async () => {
    const cluster = closing(await startInstances(SERVER_MAIN, inject('databaseUrl'), redis().url));
    const [victim, survivor] = cluster.instances as [(typeof cluster.instances)[0], (typeof cluster.instances)[0]];
    const acknowledgedPushes: string[] = [];
    const acknowledgedRecalls = new Set<string>();
    let failures = 0;
    let running = true;
    const worker = async (i: number) => {
      while (running) {
        const url = i % 2 === 0 ? victim.url : survivor.url;
        try {
          const pushed = await push(url);
          if (pushed.status !== 200) continue;
          acknowledgedPushes.push(pushed.body.msg_id!);
          if (acknowledgedPushes.length % 3 === 0) {
            const recalled = await recall(url, pushed.body.msg_id!);
            if (recalled.status === 200) acknowledgedRecalls.add(pushed.body.msg_id!);
          }
        } catch {
          failures++; // the killed instance: nothing acknowledged, nothing counted
          if (url === victim.url) await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, i) => worker(i)));
    while (acknowledgedPushes.length < 600) await new Promise((resolve) => setTimeout(resolve, 20));
    victim.kill('SIGKILL');
    await victim.exited;
    const atKill = acknowledgedPushes.length;
    while (acknowledgedPushes.length < atKill + 300) await new Promise((resolve) => setTimeout(resolve, 20));
    running = false;
    await load;

    // Every acknowledged write is there, through the survivor.
    const checks = await pool(acknowledgedPushes.length, 50, (i) => recall(survivor.url, acknowledgedPushes[i]!));
    let lost = 0;
    checks.forEach((answer, i) => {
      const wasRecalled = acknowledgedRecalls.has(acknowledgedPushes[i]!);
      const ok = wasRecalled
        ? answer.status === 400 && answer.body.error?.message === ERROR_MESSAGES.msgIdWithdrawn
        : answer.status === 200 || (answer.status === 400 && answer.body.error?.message === ERROR_MESSAGES.msgIdWithdrawn);
      if (!ok) lost++;
    });
    recordFigures(FIGURES, 'killOneInstance', {
      pushesAcknowledged: acknowledgedPushes.length,
      recallsAcknowledged: acknowledgedRecalls.size,
      failedRequestsWhileKilled: failures,
      lost,
    });
    expect(lost).toBe(0);
  });
});

describe('the rate limit across instances', () => {
  it('RATE_LIMIT_PER_SECOND=50: 300 requests of one app over both get 50 through per second of Redis; another app is unaffected', async () => {
    const cluster = closing(
      await startInstances(SERVER_MAIN, inject('databaseUrl'), redis().url, { env: { RATE_LIMIT_PER_SECOND: '50' } }),
    );
    const limited = cluster.instances.map((instance) => instance.url);
    const client = new Redis(redis().url);
    /** Redis's clock, in whole seconds: the limit's windows. */
    const second = async () => Number((await client.time())[0]);
    try {
      const first = await second();
      const [mine, theirs] = await Promise.all([
        pool(300, 60, (i) => recall(limited[i % 2]!, '1')),
        pool(40, 10, (i) => recall(limited[i % 2]!, '1', OTHER_APP)),
      ]);
      const windows = (await second()) - first + 1;
      const through = mine.filter((answer) => answer.status !== 429).length;
      recordFigures(FIGURES, 'rateLimit', {
        limitPerSecond: 50,
        requests: 300,
        windows,
        through,
        refused: 300 - through,
        otherAppThrough: theirs.filter((a) => a.status !== 429).length,
      });
      // One budget for both instances: 50 per window at most (two separate budgets would let up to 100 through).
      expect(through).toBeGreaterThanOrEqual(50);
      expect(through).toBeLessThanOrEqual(50 * windows);
      expect(theirs.every((answer) => answer.status === 400)).toBe(true);
      expect(mine.find((answer) => answer.status === 429)?.body).toEqual({
        error: { code: 23008, message: 'Request rate limit exceeded' },
      });
    } finally {
      client.disconnect();
    }
  });
});

describe('the database going away', () => {
  it('answers 503 on every instance (never a hang), and they recover by themselves when it returns', async () => {
    const database = closing(await startDedicatedPostgres());
    const cluster = closing(await startInstances(SERVER_MAIN, database.url, redis().url, { env: { DB_CONNECT_TIMEOUT_MS: '1000' } }));
    const before = await push(cluster.instances[0]!.url);
    expect(before.status).toBe(200);
    await database.stop();
    for (const instance of cluster.instances) {
      const started = Date.now();
      const answer = await push(instance.url);
      expect(answer).toEqual({ status: 503, body: { error: { code: 27004, message: 'Service temporarily unavailable, please retry' } } });
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await fetch(`${instance.url}/healthz`)).status).toBe(503);
    }
    await database.start();
    const deadline = Date.now() + 15_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      recovered = (await fetch(`${cluster.instances[1]!.url}/healthz`)).status === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toBe(true);
    expect((await recall(cluster.instances[1]!.url, before.body.msg_id!)).status).toBe(200);
  });
});
