// The fake as a client's tests use it: the client's own calls against `fake.fetch`, no port.
// Every rule of the API holds (recall once, within the window, the envelope), and what only a
// fake can do works: the clock, state put in place, failures on demand, a delay, a reset.
import { describe, expect, it } from 'vitest';
import { createPushClient, PushApiError } from '@push-api/client';
import { ERROR_MESSAGES, ErrorCodes } from '@push-api/types';
import { createFakePushApi, FIRST_MESSAGE_ID, TEST_APP, type FakePushApi } from '../src/index.js';

const DAY_MS = 86_400_000;
const notification = { to: 'all' as const, body: { platform: 'all' as const, notification: { alert: 'Hello' } } };
const clientOf = (fake: FakePushApi, retries = 0) => createPushClient({ ...fake.credentials, fetch: fake.fetch, retries });

async function refusal(promise: Promise<unknown>): Promise<PushApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof PushApiError)) throw new Error(`expected a PushApiError, got ${String(error)}`);
  return error;
}

describe('createFakePushApi', () => {
  it('pushes and recalls once, as the API does: the second recall has been withdrawn', async () => {
    const fake = createFakePushApi();
    const client = clientOf(fake);
    const { msg_id: msgId } = await client.push(notification);
    expect(msgId).toBe(FIRST_MESSAGE_ID);
    expect(await client.withdraw(msgId)).toEqual({ request_id: '', msg_id: msgId });
    const again = await refusal(client.withdraw(msgId));
    expect(again.isAlreadyWithdrawn).toBe(true);
    expect([again.status, again.code, again.message]).toEqual([400, ErrorCodes.INVALID_PARAMETER, ERROR_MESSAGES.msgIdWithdrawn]);
    expect(fake.requests.map(({ method, status }) => `${method} ${status}`)).toEqual(['POST 200', 'DELETE 200', 'DELETE 400']);
  });

  it('moves its clock: a message recalled a day after it was pushed has expired; a second before, it recalls', async () => {
    const fake = createFakePushApi();
    const client = clientOf(fake);
    const late = (await client.push(notification)).msg_id;
    const inTime = (await client.push(notification)).msg_id;
    fake.clock.advance(DAY_MS - 1000);
    expect((await client.withdraw(inTime)).msg_id).toBe(inTime);
    fake.clock.advance(1000);
    const expired = await refusal(client.withdraw(late));
    expect(expired.isExpired).toBe(true);
    expect(expired.message).toBe(ERROR_MESSAGES.msgIdExpired);
    fake.clock.set(Date.UTC(2030, 0, 1));
    expect(Math.abs(fake.clock.now() - Date.UTC(2030, 0, 1))).toBeLessThan(1000);
  });

  it('puts messages in place: one pushed 23 h 59 min ago recalls, one already recalled has been withdrawn', async () => {
    const fake = createFakePushApi();
    const client = clientOf(fake);
    const recent = await fake.addMessage({ pushedAgoMs: DAY_MS - 60_000 });
    const recalled = await fake.addMessage({ withdrawn: true });
    const old = await fake.addMessage({ pushedAgoMs: DAY_MS });
    expect((await client.withdraw(recent)).msg_id).toBe(recent);
    expect((await refusal(client.withdraw(recalled))).isAlreadyWithdrawn).toBe(true);
    expect((await refusal(client.withdraw(old))).isExpired).toBe(true);
    expect((await refusal(client.withdraw('1'))).isNotFound).toBe(true);
  });

  it("answers an error on demand once: a 429 with Retry-After, a 503 with the server's code", async () => {
    const fake = createFakePushApi();
    const client = clientOf(fake);
    const msgId = await fake.addMessage();
    fake.failNext('withdrawMessage', { status: 429, retryAfterMs: 1500 });
    const limited = await fetch429(fake, msgId);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(await limited.json()).toEqual({ error: { code: ErrorCodes.RATE_LIMITED, message: 'Request rate limit exceeded' } });
    fake.failNext('createPush', { status: 503, times: 2 });
    for (let i = 0; i < 2; i++) expect((await refusal(client.push(notification))).code).toBe(ErrorCodes.SERVICE_UNAVAILABLE);
    expect((await client.push(notification)).msg_id).toMatch(/^\d+$/);
    // The forced error was the withdraw's one call: the message is still there to recall.
    expect((await client.withdraw(msgId)).msg_id).toBe(msgId);
    expect(() => {
      fake.failNext('createPush', { status: 418 });
    }).toThrow(/no error code of the API has status 418/);
  });

  it("lets the client retry a forced 503 to success (the client's retries at work)", async () => {
    const fake = createFakePushApi();
    fake.failNext('validatePush', { status: 503, retryAfterMs: 0 });
    const client = createPushClient({ ...fake.credentials, fetch: fake.fetch, retries: { retries: 2, baseDelayMs: 1 } });
    expect((await client.validate(notification)).msg_id).toBe('0');
    expect(fake.requests.map(({ status }) => status)).toEqual([503, 200]);
  });

  it('refuses wrong credentials and a body that breaks the spec, in the envelope', async () => {
    const fake = createFakePushApi();
    const wrong = createPushClient({ appKey: TEST_APP.appKey, masterSecret: 'not-the-secret', fetch: fake.fetch, retries: 0 });
    expect((await refusal(wrong.push(notification))).status).toBe(401);
    const response = await fake.fetch('https://pushapi-sgp.engagelab.com/v4/push', {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${TEST_APP.appKey}:${TEST_APP.masterSecret}`)}`, 'content-type': 'application/json' },
      body: '{"to":"all","body":{"platform":"all","notification":{"alert":"x"},"message":{"msg_content":"y"}}}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(21306);
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('waits latencyMs before answering, and an abort stops the wait', async () => {
    const fake = createFakePushApi({ latencyMs: 120 });
    const started = performance.now();
    await clientOf(fake).validate(notification);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    const controller = new AbortController();
    const pending = fake.fetch('https://pushapi-sgp.engagelab.com/v4/push/validate', { method: 'POST', signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });

  it('reset() forgets messages, failures and requests, and puts the clock back', async () => {
    const fake = createFakePushApi({ now: Date.UTC(2026, 0, 1) });
    const client = clientOf(fake);
    const { msg_id: msgId } = await client.push(notification);
    fake.failNext('withdrawMessage', { status: 503 });
    fake.clock.advance(10 * DAY_MS);
    fake.reset();
    expect(fake.requests).toEqual([]);
    expect(Math.abs(fake.clock.now() - Date.UTC(2026, 0, 1))).toBeLessThan(1000);
    expect((await refusal(client.withdraw(msgId))).isNotFound).toBe(true);
    expect((await client.push(notification)).msg_id).toBe(FIRST_MESSAGE_ID);
  });
});

/** A recall through fake.fetch itself, to read the answer's headers. */
function fetch429(fake: FakePushApi, msgId: string): Promise<Response> {
  return fake.fetch(`https://pushapi-sgp.engagelab.com/v4/push/withdraw/${msgId}`, {
    method: 'DELETE',
    headers: { authorization: `Basic ${btoa(`${TEST_APP.appKey}:${TEST_APP.masterSecret}`)}` },
  });
}
