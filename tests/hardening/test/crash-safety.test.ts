// Crash safety: pushes and recalls from several concurrent loops over real HTTP, the server
// killed with SIGKILL in the middle of it, restarted on the same DATA_DIR; then every write
// that was acknowledged (a 200) must be there: each acknowledged push can be found, each
// acknowledged recall stays recalled. For both DB_SYNCHRONOUS modes.
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '@push-api/types';
import { TEST_APP, basicAuthorization, closeAfterEach, removeTempDirs, tempDir, type ServerProcess } from '@push-api/test-support';
import { recordFigures } from '../src/figures.js';
import { startApiServer } from '../src/server.js';

const AUTHORIZATION = basicAuthorization(TEST_APP);
const LOOPS = 8;
/** Kill once this many pushes are acknowledged (or after KILL_AFTER_MS, whichever is first). */
const KILL_AFTER_PUSHES = 250;
const KILL_AFTER_MS = 4000;

const closing = closeAfterEach();
afterAll(removeTempDirs);

interface Ledger {
  /** Pushes answered 200: msg_id → whether a recall of it was acknowledged (200). */
  pushed: Map<string, 'not recalled' | 'recall sent, no answer' | 'recalled'>;
  pushesSent: number;
  recallsSent: number;
  recallsAcknowledged: number;
  /** Requests that failed (reset, refused) once the server was killed. */
  failedRequests: number;
  /** Failures before the kill (there must be none). */
  errors: string[];
}

async function request(
  server: ServerProcess,
  method: 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: AUTHORIZATION, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, json: await response.json() };
}

/** One client: push, and recall every other message it pushed, until a request fails. */
async function loop(server: ServerProcess, ledger: Ledger, id: number, state: { killed: boolean }): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      ledger.pushesSent++;
      const pushed = await request(server, 'POST', '/v4/push', {
        to: 'all',
        body: { platform: 'all', notification: { alert: `loop ${id} push ${i}` } },
      });
      if (pushed.status !== 200) throw new Error(`push answered ${pushed.status} ${JSON.stringify(pushed.json)}`);
      const msgId = (pushed.json as { msg_id: string }).msg_id;
      ledger.pushed.set(msgId, 'not recalled');
      if (i % 2 === 1) {
        ledger.pushed.set(msgId, 'recall sent, no answer');
        ledger.recallsSent++;
        const recalled = await request(server, 'DELETE', `/v4/push/withdraw/${msgId}`);
        if (recalled.status !== 200) throw new Error(`recall answered ${recalled.status} ${JSON.stringify(recalled.json)}`);
        ledger.pushed.set(msgId, 'recalled');
        ledger.recallsAcknowledged++;
      }
    } catch (error) {
      // Once the server is killed, requests fail (reset, refused): that ends the loop. Before, it is a failure.
      if (state.killed) ledger.failedRequests++;
      else ledger.errors.push(`loop ${id}: ${String(error)}`);
      return;
    }
  }
}

async function crashAndVerify(synchronous: 'NORMAL' | 'FULL') {
  const dataDir = tempDir('push-api-crash-');
  const env = { DB_SYNCHRONOUS: synchronous };
  const first = closing(await startApiServer(env, { dataDir }));
  const ledger: Ledger = { pushed: new Map(), pushesSent: 0, recallsSent: 0, recallsAcknowledged: 0, failedRequests: 0, errors: [] };
  const state = { killed: false };
  const loops = Array.from({ length: LOOPS }, (_, id) => loop(first, ledger, id, state));

  // Kill while the loops are running: once enough pushes are acknowledged (polling).
  const started = Date.now();
  while (ledger.pushed.size < KILL_AFTER_PUSHES && Date.now() - started < KILL_AFTER_MS)
    await new Promise((resolve) => setTimeout(resolve, 5));
  const inFlight = ledger.pushesSent + ledger.recallsSent - ledger.pushed.size - ledger.recallsAcknowledged;
  state.killed = true;
  first.kill('SIGKILL');
  expect(await first.exited).toBeNull();
  expect(first.child.signalCode).toBe('SIGKILL');
  // Every loop ends with its first failed request.
  await Promise.all(loops);
  expect(ledger.errors, 'requests failed before the kill').toEqual([]);
  expect(ledger.pushed.size, 'the load ran before the kill').toBeGreaterThan(50);

  const second = closing(await startApiServer(env, { dataDir }));
  const outcomes = { pushLost: 0, recallLost: 0, inFlightRecallsApplied: 0, inFlightRecallsNotApplied: 0 };
  const problems: string[] = [];
  for (const [msgId, state] of ledger.pushed) {
    const { status, json } = await request(second, 'DELETE', `/v4/push/withdraw/${msgId}`);
    const message = (json as { error?: { message?: string } }).error?.message;
    const withdrawn = status === 400 && message === ERROR_MESSAGES.msgIdWithdrawn;
    if (status === 400 && message === ERROR_MESSAGES.msgIdNotExist) {
      outcomes.pushLost++;
      problems.push(`push ${msgId} was acknowledged but is gone`);
    } else if (state === 'recalled') {
      if (!withdrawn) {
        outcomes.recallLost++;
        problems.push(`recall of ${msgId} was acknowledged, but a recall now answers ${status} ${JSON.stringify(json)}`);
      }
    } else if (state === 'not recalled') {
      if (status !== 200) problems.push(`push ${msgId} was never recalled, but a recall answers ${status} ${JSON.stringify(json)}`);
    } else if (withdrawn) {
      outcomes.inFlightRecallsApplied++;
    } else if (status === 200) {
      outcomes.inFlightRecallsNotApplied++;
    } else {
      problems.push(`recall of ${msgId} (in flight at the kill) answers ${status} ${JSON.stringify(json)}`);
    }
  }
  // Ids are never reused: a new push gets an id above every acknowledged one.
  const after = await request(second, 'POST', '/v4/push', {
    to: 'all',
    body: { platform: 'all', notification: { alert: 'after the crash' } },
  });
  expect(after.status).toBe(200);
  const highest = [...ledger.pushed.keys()].map(BigInt).reduce((a, b) => (a > b ? a : b), 0n);
  expect(BigInt((after.json as { msg_id: string }).msg_id)).toBeGreaterThan(highest);

  const figures = {
    pushesAcknowledged: ledger.pushed.size,
    recallsAcknowledged: ledger.recallsAcknowledged,
    lost: outcomes.pushLost + outcomes.recallLost,
    requestsInFlightAtKill: inFlight,
    inFlightRecallsApplied: outcomes.inFlightRecallsApplied,
    inFlightRecallsNotApplied: outcomes.inFlightRecallsNotApplied,
    failedRequestsAfterKill: ledger.failedRequests,
  };
  recordFigures('crashSafety', { [synchronous]: figures });
  expect(problems).toEqual([]);
  expect(figures.lost).toBe(0);
  return figures;
}

describe('SIGKILL under load loses no acknowledged write', () => {
  it('with DB_SYNCHRONOUS=NORMAL (the default)', async () => {
    const figures = await crashAndVerify('NORMAL');
    expect(figures.recallsAcknowledged).toBeGreaterThan(10);
  });

  it('with DB_SYNCHRONOUS=FULL', async () => {
    const figures = await crashAndVerify('FULL');
    expect(figures.recallsAcknowledged).toBeGreaterThan(10);
  });
});
