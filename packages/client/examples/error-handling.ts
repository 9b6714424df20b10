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
    if (error.isAlreadyWithdrawn) console.log('already recalled:', error.code, error.message);
    else if (error.isNotFound) console.log('unknown msg_id');
    else if (error.isExpired) console.log('older than one day');
    else if (error.isAuth) console.log('check APP_KEY / MASTER_SECRET');
    else if (error.isRateLimited) console.log(`slow down for ${error.retryAfterMs} ms`);
    else throw error;
  } else if (error instanceof PushTimeoutError || error instanceof PushNetworkError) {
    console.log('no answer:', error.message);
  } else {
    throw error;
  }
}
