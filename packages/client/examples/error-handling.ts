import { createPushClient, PushApiError, PushNetworkError, PushTimeoutError } from '@push-api/client';

const client = createPushClient({
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
});

const { msg_id } = await client.push({ to: 'all', body: { platform: 'all', message: { msg_content: 'sync' } } });
await client.withdraw(msg_id);

try {
  await client.withdraw(msg_id); // a message is recalled only once
} catch (error) {
  if (error instanceof PushApiError) {
    // `reason` is a stable name to branch on; each recall failure also has a predicate.
    switch (error.reason) {
      case 'msg-id-withdrawn':
        console.log('already recalled:', error.code, error.message);
        break;
      case 'msg-id-not-exist':
      case 'msg-id-not-numeric':
        console.log('no such message:', msg_id);
        break;
      case 'msg-id-expired':
        console.log('older than one day: too late to recall');
        break;
      case 'verification-failed':
        console.log('check APP_KEY / MASTER_SECRET');
        break;
      case 'rate-limited':
        console.log(`slow down for ${error.retryAfterMs} ms`);
        break;
      default:
        console.error(error); // one line: name, message, status, code, reason, requestId
        throw error;
    }
  } else if (error instanceof PushTimeoutError || error instanceof PushNetworkError) {
    console.log('no answer:', error.message);
  } else {
    throw error;
  }
}
