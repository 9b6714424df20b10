// A vitest file for code that recalls messages: MSW answers the client's requests with the
// fake's real behaviour (recall once, within one day), in this process, with no server and no
// port.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createPushClient, PushApiError, type PushClient } from '@push-api/client';
import { createFakePushApi } from '@push-api/mock';
import { pushApiHandlers } from '@push-api/mock/msw';

/** The code under test (in your app: imported from your own module). */
async function recall(client: PushClient, msgId: string): Promise<'recalled' | 'already-recalled' | 'too-late' | 'unknown'> {
  try {
    await client.withdraw(msgId);
    return 'recalled';
  } catch (error) {
    if (!(error instanceof PushApiError)) throw error;
    if (error.isAlreadyWithdrawn) return error.mayHaveSucceeded ? 'recalled' : 'already-recalled';
    if (error.isExpired) return 'too-late';
    if (error.isNotFound) return 'unknown';
    throw error;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const fake = createFakePushApi();
// The handlers answer every request to the client's default data centre (or pass { baseUrl }).
const server = setupServer(...pushApiHandlers(fake));
// A request no handler answers fails the test instead of going out (msw 2 reads
// onUnhandledRequest, msw 3 onUnhandledFrame).
const strict = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const;
beforeAll(() => {
  server.listen(strict);
});
afterEach(() => {
  server.resetHandlers();
  fake.reset(); // no message, forced failure or clock move leaks into the next test
});
afterAll(() => {
  server.close();
});

// The client as your app makes it; only the credentials are the fake's.
const client = createPushClient({ ...fake.credentials, retries: 0 });
const notification = { to: 'all', body: { platform: 'all', notification: { alert: 'Your order has shipped' } } } as const;

test('a message is recalled once; the second recall is refused', async () => {
  const { msg_id } = await client.push(notification);
  expect(await recall(client, msg_id)).toBe('recalled');
  expect(await recall(client, msg_id)).toBe('already-recalled');
});

test('a day after its push, a message can no longer be recalled', async () => {
  const { msg_id } = await client.push(notification);
  fake.clock.advance(DAY_MS - 1000);
  const { msg_id: other } = await client.push(notification);
  fake.clock.advance(1000);
  expect(await recall(client, msg_id)).toBe('too-late'); // exactly one day old
  expect(await recall(client, other)).toBe('recalled'); // one second younger
});

test('state put in place: a message recalled already, one pushed a day ago, an unknown id', async () => {
  const recalled = await fake.addMessage({ withdrawn: true });
  const old = await fake.addMessage({ pushedAgoMs: DAY_MS });
  expect(await recall(client, recalled)).toBe('already-recalled');
  expect(await recall(client, old)).toBe('too-late');
  expect(await recall(client, '1828256757')).toBe('unknown');
});

test('a rate limit, on demand: 429 with Retry-After', async () => {
  const msgId = await fake.addMessage();
  fake.failNext('withdrawMessage', { status: 429, retryAfterMs: 2000 });
  const error = await recall(client, msgId).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(PushApiError);
  expect(error).toMatchObject({ status: 429, isRateLimited: true, retryAfterMs: 2000 });
  expect(await recall(client, msgId)).toBe('recalled'); // only the next call failed
});
