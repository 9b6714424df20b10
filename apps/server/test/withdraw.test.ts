// DELETE /v4/push/withdraw/{msg_id}: every row of the recall table (the spec's withdraw
// operation), the 24 h edge with an injected clock, isolation between apps, concurrency and
// restarts.
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, ErrorCodes, LIMITS } from '@push-api/types';
import {
  OTHER_APP,
  TEST_APP,
  authorization,
  createTestServer,
  errorOf,
  notificationPush,
  push,
  pushedMessageId,
  recall,
  storeWith,
  useServer,
} from './helpers.js';

const WINDOW_MS = LIMITS.recallWindowSeconds * 1000;

const current = useServer();
const closing = closeAfterEach();

function expectRecallError(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, message: string) {
  expect(response.statusCode).toBe(400);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.json()).toEqual({ error: { code: ErrorCodes.INVALID_PARAMETER, message } });
}

describe('a successful recall', () => {
  it('answers 200 with the recalled msg_id echoed and an empty request_id', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP, { request_id: 'push-request' });
    const response = await recall(current().app, TEST_APP, msgId);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toBe(`{"request_id":"","msg_id":"${msgId}"}`);
    const stored = await current().store.findMessage(TEST_APP.appKey, msgId);
    expect(stored?.withdrawnAt).toBe(current().clock.now());
  });

  it("accepts the SDKs' Content-Type: application/json; charset=utf-8 on the body-less DELETE", async () => {
    const first = await pushedMessageId(current().app, TEST_APP);
    const second = await pushedMessageId(current().app, TEST_APP);
    const headers = { ...authorization(TEST_APP), 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };
    const withLength = await current().app.inject({
      method: 'DELETE',
      url: `/v4/push/withdraw/${first}`,
      headers: { ...headers, 'content-length': '0' },
    });
    expect(withLength.statusCode).toBe(200);
    const withoutLength = await current().app.inject({ method: 'DELETE', url: `/v4/push/withdraw/${second}`, headers });
    expect(withoutLength.statusCode).toBe(200);
    expect(withoutLength.json()).toEqual({ request_id: '', msg_id: second });
  });
});

describe('the recall error table', () => {
  it('unknown msg_id → 400 21003 "msg_id not exist"', async () => {
    expectRecallError(await recall(current().app, TEST_APP, '1828256757'), ERROR_MESSAGES.msgIdNotExist);
  });

  it("another AppKey's msg_id → exactly the same answer as an unknown one, and nothing changes", async () => {
    const msgId = await pushedMessageId(current().app, OTHER_APP);
    const foreign = await recall(current().app, TEST_APP, msgId);
    const unknown = await recall(current().app, TEST_APP, '999999');
    expectRecallError(foreign, ERROR_MESSAGES.msgIdNotExist);
    expect(foreign.body).toBe(unknown.body);
    expect((await current().store.findMessage(OTHER_APP.appKey, msgId))?.withdrawnAt).toBeNull();
    // The owner can still recall it.
    expect((await recall(current().app, OTHER_APP, msgId)).statusCode).toBe(200);
  });

  it('already recalled → 400 21003 "msg_id has been withdrawn"', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP);
    expect((await recall(current().app, TEST_APP, msgId)).statusCode).toBe(200);
    expectRecallError(await recall(current().app, TEST_APP, msgId), ERROR_MESSAGES.msgIdWithdrawn);
  });

  it('recall window: one second before 86 400 s → 200; at 86 400 s → "expired"', async () => {
    const young = await pushedMessageId(current().app, TEST_APP);
    const old = await pushedMessageId(current().app, TEST_APP);
    current().clock.advance(WINDOW_MS - 1000);
    expect((await recall(current().app, TEST_APP, young)).statusCode).toBe(200);
    current().clock.advance(1000);
    expectRecallError(await recall(current().app, TEST_APP, old), ERROR_MESSAGES.msgIdExpired);
    // Expiry does not change the message.
    expect((await current().store.findMessage(TEST_APP.appKey, old))?.withdrawnAt).toBeNull();
  });

  it('a message both recalled and expired says "has been withdrawn"', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP);
    await recall(current().app, TEST_APP, msgId);
    current().clock.advance(WINDOW_MS * 2);
    expectRecallError(await recall(current().app, TEST_APP, msgId), ERROR_MESSAGES.msgIdWithdrawn);
  });

  it.each([
    ['letters', 'abc'],
    ['a negative number', '-1'],
    ['a decimal', '1.5'],
    ['21 digits', '123456789012345678901'],
    ['an exponent', '1e5'],
    ['a space', '%201'],
    ['an empty id', ''],
    ['a very long id', 'x'.repeat(300)],
  ])('msg_id as %s → 400 21003 "must be a numeric string"', async (_label, msgId) => {
    expectRecallError(await recall(current().app, TEST_APP, msgId), ERROR_MESSAGES.msgIdNotNumeric);
  });

  it.each([
    ['20 digits above the 64-bit range', '99999999999999999999'],
    ['leading zeros of an existing id', '01'],
    ['zero (the validate placeholder)', '0'],
  ])('msg_id as %s (numeric, but no message can have it) → "msg_id not exist"', async (_label, msgId) => {
    await pushedMessageId(current().app, TEST_APP); // msg_id 1 exists
    expectRecallError(await recall(current().app, TEST_APP, msgId), ERROR_MESSAGES.msgIdNotExist);
  });

  it('missing or malformed Authorization → 401 21004 with WWW-Authenticate, before the id is looked at', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP);
    for (const headers of [
      {},
      { authorization: 'Bearer abc' },
      { authorization: 'Basic !!!' },
      { authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` },
    ]) {
      const response = await current().app.inject({ method: 'DELETE', url: `/v4/push/withdraw/${msgId}`, headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Basic realm="push-api"');
      expect(errorOf(response)).toEqual({ code: ErrorCodes.VERIFICATION_FAILED, message: 'Verification failed' });
    }
    expect((await current().store.findMessage(TEST_APP.appKey, msgId))?.withdrawnAt).toBeNull();
  });

  it('wrong master secret or unknown AppKey → the same 401', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP);
    const wrongSecret = await recall(current().app, { appKey: TEST_APP.appKey, masterSecret: OTHER_APP.masterSecret }, msgId);
    const unknownKey = await recall(current().app, { appKey: 'ffffffffffffffffffffffff', masterSecret: TEST_APP.masterSecret }, msgId);
    for (const response of [wrongSecret, unknownKey]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Basic realm="push-api"');
    }
    expect(wrongSecret.body).toBe(unknownKey.body);
    expect((await current().store.findMessage(TEST_APP.appKey, msgId))?.withdrawnAt).toBeNull();
  });

  it('another method on the withdraw path → 405 21001 with Allow: DELETE (no auth needed)', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH'] as const) {
      const response = await current().app.inject({ method, url: '/v4/push/withdraw/1' });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('DELETE');
      expect(errorOf(response).code).toBe(ErrorCodes.METHOD_NOT_ALLOWED);
    }
  });

  it('an unexpected store fault → 500 27000, no internals', async () => {
    const faulty = closing(
      await createTestServer({
        wrapStore: (store) =>
          storeWith(store, {
            withdrawMessage: () => Promise.reject(new Error('disk I/O error at /secret/path')),
          }),
      }),
    );
    // Authentication still works (it reads the store); only the recall fails.
    expect((await push(faulty.app, TEST_APP, notificationPush())).statusCode).toBe(200);
    const response = await recall(faulty.app, TEST_APP, '1');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: ErrorCodes.SERVER_ERROR, message: 'Internal server error' } });
    expect(response.body).not.toContain('secret');
    expect(response.headers['x-request-id']).toBeTruthy();
  });
});

describe('atomic recall', () => {
  it('50 concurrent recalls of one message: exactly one 200, the others "has been withdrawn"', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP);
    const responses = await Promise.all(Array.from({ length: 50 }, () => recall(current().app, TEST_APP, msgId)));
    const ok = responses.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    for (const response of responses.filter((r) => r.statusCode !== 200)) {
      expectRecallError(response, ERROR_MESSAGES.msgIdWithdrawn);
    }
  });

  it('two stores on one database file (two instances): one recall wins', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP);
    const second = closing(await current().openSecondStore());
    const request = { appKey: TEST_APP.appKey, msgId, now: current().clock.now(), windowMs: WINDOW_MS };
    const outcomes = await Promise.all([
      current().store.withdrawMessage(request),
      second.withdrawMessage(request),
      current().store.withdrawMessage(request),
      second.withdrawMessage(request),
    ]);
    expect(outcomes.filter((o) => o === 'withdrawn')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-withdrawn')).toHaveLength(3);
  });
});

describe('durability across restarts', () => {
  it('a restart keeps messages and their recalled state', async () => {
    const { location, clock } = current();
    const recalled = await pushedMessageId(current().app, TEST_APP);
    const pending = await pushedMessageId(current().app, TEST_APP);
    expect((await recall(current().app, TEST_APP, recalled)).statusCode).toBe(200);
    await current().app.close();
    await current().store.close();

    const restarted = closing(await createTestServer({ location, clock }));
    expectRecallError(await recall(restarted.app, TEST_APP, recalled), ERROR_MESSAGES.msgIdWithdrawn);
    expect((await recall(restarted.app, TEST_APP, pending)).statusCode).toBe(200);
    // New pushes continue the sequence: ids are never reused.
    const next = await pushedMessageId(restarted.app, TEST_APP);
    expect(BigInt(next)).toBeGreaterThan(BigInt(pending));
  });
});

describe('msg_id above 2^53', () => {
  it('round-trips exactly through push and recall', async () => {
    const server = closing(await createTestServer({ firstMessageId: 2n ** 60n + 1n }));
    const msgId = await pushedMessageId(server.app, TEST_APP);
    expect(msgId).toBe((2n ** 60n + 1n).toString());
    expect(BigInt(Number(msgId))).not.toBe(BigInt(msgId)); // a JS number would have lost it
    const response = await recall(server.app, TEST_APP, msgId);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(`{"request_id":"","msg_id":"1152921504606846977"}`);
    // The neighbour a double would round to is a different, unknown id.
    expectRecallError(await recall(server.app, TEST_APP, '1152921504606846976'), ERROR_MESSAGES.msgIdNotExist);
  });
});

describe('a store that cannot serve', () => {
  it('answers 503 27004 with Retry-After, for every operation, and /healthz says why', async () => {
    const { StoreUnavailableError } = await import('../src/store/types.js');
    const down = () => Promise.reject(new StoreUnavailableError('the database is unreachable'));
    const server = closing(
      await createTestServer({
        wrapStore: (store) => storeWith(store, { insertMessage: down, withdrawMessage: down, findMessage: down, ping: down }),
      }),
    );
    const answers = [
      await push(server.app, TEST_APP, notificationPush()),
      await push(server.app, TEST_APP, notificationPush({}, { override_msg_id: '1' }), '/v4/push/validate'),
      await recall(server.app, TEST_APP, '1'),
    ];
    for (const response of answers) {
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json()).toEqual({
        error: { code: ErrorCodes.SERVICE_UNAVAILABLE, message: 'Service temporarily unavailable, please retry' },
      });
    }
    const health = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toEqual({ status: 'unavailable', store: 'the database is unreachable' });
  });
});
