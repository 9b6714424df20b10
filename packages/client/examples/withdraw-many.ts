import { createPushClient, isPushApiError } from '@push-api/client';

const client = createPushClient({
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
});

// Three messages pushed by mistake.
const push = (alert: string) => client.push({ to: 'all', body: { platform: 'all', notification: { alert } } });
const [noon, one, two] = await Promise.all([push('Sale ends at noon'), push('Sale ends at 1 pm'), push('Sale ends at 2 pm')]);

// A recall script that may run twice: "msg_id has been withdrawn" resolves, with alreadyWithdrawn.
await client.withdraw(noon.msg_id);
const again = await client.withdraw(noon.msg_id, { alreadyWithdrawnOk: true });
console.log('already withdrawn:', again.alreadyWithdrawn === true);

// Many at once: each distinct id once, `concurrency` in flight, at most `ratePerSecond` started
// a second, and a 429 pauses every worker until its Retry-After. It never rejects for one id:
// each gets an outcome, and the summary counts them.
const { results, summary } = await client.withdrawMany([noon.msg_id, one.msg_id, two.msg_id, two.msg_id, '999999999999999999'], {
  concurrency: 4,
  ratePerSecond: 100,
  signal: AbortSignal.timeout(60_000),
  onProgress: (result, { done, total }) => console.log(`${done}/${total} ${result.msgId}: ${result.outcome}`),
});
for (const result of results) {
  if (!('error' in result)) continue;
  // isPushApiError() narrows the `unknown` error (and works across the ESM and CommonJS builds).
  const why = isPushApiError(result.error) ? result.error.reason : String(result.error);
  console.log(`not recalled ${result.msgId}: ${why}`);
}
console.log('summary', JSON.stringify(summary));
