import { createPushClient, PushApiError } from '@push-api/client';

// Retries cover network errors, timeouts and 408/429/502/503/504, honouring Retry-After.
// A push is retried only with an idempotency key: the client adds `options.cid` when you
// give none, so the server stores a retried push once.
const client = createPushClient({
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
  timeoutMs: 5_000,
  retries: { retries: 3, baseDelayMs: 200, maxDelayMs: 2_000, maxElapsedMs: 15_000 },
});

const first = await client.push({
  to: { alias: ['alice'] },
  body: { platform: ['android', 'ios'], notification: { alert: 'Hi Alice' }, options: { cid: 'welcome-alice-2026-11-25' } },
});
const again = await client.push({
  to: { alias: ['alice'] },
  body: { platform: ['android', 'ios'], notification: { alert: 'Hi Alice' }, options: { cid: 'welcome-alice-2026-11-25' } },
});
console.log('same message:', first.msg_id === again.msg_id);

try {
  await client.withdraw(first.msg_id);
} catch (error) {
  // After a lost answer, "has been withdrawn" on the retry may mean our first attempt worked.
  if (error instanceof PushApiError && error.isAlreadyWithdrawn && error.mayHaveSucceeded) console.log('recalled');
  else throw error;
}
console.log('recall done');
