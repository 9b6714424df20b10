// POST /v4/push and /v4/push/validate: what is stored and answered, cid idempotency, and
// the 4000-byte notification + message limit at its edge.
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, LIMITS } from '@push-api/types';
import { OTHER_APP, TEST_APP, authorization, errorOf, notificationPush, push, useServer } from './helpers.js';

const current = useServer();
const closing = closeAfterEach();

/** Messages stored for both test apps. */
const messageCount = async () =>
  (await current().store.countMessages(TEST_APP.appKey)) + (await current().store.countMessages(OTHER_APP.appKey));
const MSG_ID = new RegExp(LIMITS.msgIdPattern);

describe('POST /v4/push', () => {
  it('stores the message and answers {request_id, msg_id} with a decimal-string msg_id', async () => {
    const payload = notificationPush({ request_id: 'req-2026-11-25-0001', from: 'push' });
    const response = await push(current().app, TEST_APP, payload);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = response.json<{ request_id: string; msg_id: string }>();
    expect(Object.keys(body)).toEqual(['request_id', 'msg_id']);
    expect(body.request_id).toBe('req-2026-11-25-0001');
    expect(body.msg_id).toMatch(MSG_ID);

    const stored = await current().store.findMessage(TEST_APP.appKey, body.msg_id);
    expect(stored).toMatchObject({
      msgId: body.msg_id,
      appKey: TEST_APP.appKey,
      requestId: 'req-2026-11-25-0001',
      sentAt: current().clock.now(),
      withdrawnAt: null,
      cid: null,
    });
    expect(JSON.parse(stored!.payload)).toEqual(payload);
  });

  it('answers an empty request_id when none was sent', async () => {
    const response = await push(current().app, TEST_APP, notificationPush());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ request_id: '' });
  });

  it('gives every push a new, increasing msg_id', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await push(current().app, TEST_APP, notificationPush())).json<{ msg_id: string }>().msg_id);
    expect(new Set(ids).size).toBe(5);
    const numeric = ids.map((id) => BigInt(id));
    expect([...numeric].sort((a, b) => (a < b ? -1 : 1))).toEqual(numeric);
  });

  it('keeps two apps apart: a message is found only under its own AppKey', async () => {
    const mine = (await push(current().app, TEST_APP, notificationPush())).json<{ msg_id: string }>().msg_id;
    expect(await current().store.findMessage(TEST_APP.appKey, mine)).toBeDefined();
    expect(await current().store.findMessage(OTHER_APP.appKey, mine)).toBeUndefined();
  });

  it('pushes every kind of content the spec allows (message, live_activity, voip)', async () => {
    for (const body of [
      { platform: ['android', 'ios'], message: { title: 'Sync', msg_content: { op: 'refresh' } } },
      { platform: ['ios'], live_activity: { event: 'update' } },
      { platform: ['ios'], voip: { caller: 'alice' } },
    ]) {
      const response = await push(current().app, TEST_APP, { to: { alias: ['alice', 'bob'] }, body });
      expect(response.statusCode, response.body).toBe(200);
    }
    expect(await messageCount()).toBe(3);
  });
});

describe('POST /v4/push/validate', () => {
  it('answers the same shape and stores nothing', async () => {
    const before = await messageCount();
    const response = await push(current().app, TEST_APP, notificationPush({ request_id: 'check-1' }), '/v4/push/validate');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ request_id: string; msg_id: string }>();
    expect(body.request_id).toBe('check-1');
    expect(body.msg_id).toMatch(MSG_ID);
    expect(await messageCount()).toBe(before);
    // Its placeholder id cannot be recalled.
    const recall = await current().app.inject({
      method: 'DELETE',
      url: `/v4/push/withdraw/${body.msg_id}`,
      headers: authorization(TEST_APP),
    });
    expect(recall.statusCode).toBe(400);
  });

  it('runs the same checks as a push', async () => {
    const bad = notificationPush({}, { big_push_duration: 1441 });
    const viaPush = await push(current().app, TEST_APP, bad);
    const viaValidate = await push(current().app, TEST_APP, bad, '/v4/push/validate');
    expect(viaValidate.statusCode).toBe(400);
    expect(viaValidate.body).toBe(viaPush.body);
  });

  it('does not consume a cid', async () => {
    await push(current().app, TEST_APP, notificationPush({}, { cid: 'validate-first' }), '/v4/push/validate');
    const real = await push(current().app, TEST_APP, notificationPush({ request_id: 'real' }, { cid: 'validate-first' }));
    expect(real.json()).toMatchObject({ request_id: 'real' });
    expect(await messageCount()).toBe(1);
  });
});

describe('options.cid idempotency', () => {
  it("a repeated cid answers the first push's result and stores nothing new", async () => {
    const first = await push(current().app, TEST_APP, notificationPush({ request_id: 'first' }, { cid: 'order-A-1001' }));
    const again = await push(current().app, TEST_APP, notificationPush({ request_id: 'retry' }, { cid: 'order-A-1001' }));
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.json()).toMatchObject({ request_id: 'first' });
    expect(await messageCount()).toBe(1);
  });

  it('is per AppKey: the same cid in two apps gives two messages', async () => {
    const mine = await push(current().app, TEST_APP, notificationPush({}, { cid: 'shared-cid' }));
    const theirs = await push(current().app, OTHER_APP, notificationPush({}, { cid: 'shared-cid' }));
    expect(mine.json<{ msg_id: string }>().msg_id).not.toBe(theirs.json<{ msg_id: string }>().msg_id);
    expect(await messageCount()).toBe(2);
  });

  it('20 concurrent pushes with one cid store one message and all answer its msg_id', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => push(current().app, TEST_APP, notificationPush({ request_id: `r${i}` }, { cid: 'burst' }))),
    );
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(new Set(responses.map((r) => r.json<{ msg_id: string }>().msg_id)).size).toBe(1);
    expect(await messageCount()).toBe(1);
  });

  it('holds across two stores on one database (two instances)', async () => {
    const second = closing(await current().openSecondStore());
    const message = { appKey: TEST_APP.appKey, cid: 'two-instances', requestId: 'a', payload: '{}', sentAt: 1 };
    const [a, b] = await Promise.all([current().store.insertMessage(message), second.insertMessage({ ...message, requestId: 'b' })]);
    expect(a.msgId).toBe(b.msgId);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    // Whichever instance stored it first, the other answers that first push's request_id.
    const [first, repeat] = a.duplicate ? [b, a] : [a, b];
    expect(repeat.requestId).toBe(first.requestId);
    expect(await messageCount()).toBe(1);
  });
});

describe('the 4000-byte limit of notification + message', () => {
  // JSON of {"alert":"<n × é>"} is 12 + 2n bytes but only 12 + n characters: the limit is in bytes.
  const notificationOfBytes = (bytes: number) => {
    const overhead = Buffer.byteLength(JSON.stringify({ alert: '' }));
    const twoByteChars = Math.floor((bytes - overhead) / 2);
    const alert = 'é'.repeat(twoByteChars) + 'a'.repeat(bytes - overhead - twoByteChars * 2);
    const notification = { alert };
    expect(Buffer.byteLength(JSON.stringify(notification))).toBe(bytes);
    return notification;
  };

  it(`accepts exactly ${LIMITS.maxPayloadBytes} bytes and refuses ${LIMITS.maxPayloadBytes + 1} with 21005`, async () => {
    const atLimit = await push(current().app, TEST_APP, {
      to: 'all',
      body: { platform: 'all', notification: notificationOfBytes(LIMITS.maxPayloadBytes) },
    });
    expect(atLimit.statusCode, atLimit.body).toBe(200);
    const over = await push(current().app, TEST_APP, {
      to: 'all',
      body: { platform: 'all', notification: notificationOfBytes(LIMITS.maxPayloadBytes + 1) },
    });
    expect(over.statusCode).toBe(400);
    expect(errorOf(over)).toEqual({
      code: ErrorCodes.BODY_TOO_LARGE,
      message: `Message body too large,notification and message exceed ${LIMITS.maxPayloadBytes} bytes`,
    });
    expect(await messageCount()).toBe(1);
  });

  it('counts a custom message too', async () => {
    const overhead = Buffer.byteLength(JSON.stringify({ msg_content: { k: '' } }));
    const message = (bytes: number) => ({ msg_content: { k: 'x'.repeat(bytes - overhead) } });
    const atLimit = await push(current().app, TEST_APP, { to: 'all', body: { platform: 'all', message: message(LIMITS.maxPayloadBytes) } });
    expect(atLimit.statusCode).toBe(200);
    const over = await push(current().app, TEST_APP, {
      to: 'all',
      body: { platform: 'all', message: message(LIMITS.maxPayloadBytes + 1) },
    });
    expect(errorOf(over).code).toBe(ErrorCodes.BODY_TOO_LARGE);
  });
});
