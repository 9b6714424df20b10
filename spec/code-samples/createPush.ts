// Push a notification to every device with the typed client; print the answer.
// Env: BASE_URL (default: the local reference server), APP_KEY, MASTER_SECRET.
import { createPushClient, PushApiError } from '@push-api/client';

const client = createPushClient({
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080', // or `region: 'sgp'`
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
});

try {
  // With retries on (the default), the client adds an `options.cid`, so a retry never pushes twice.
  const { request_id, msg_id } = await client.push({
    from: 'push',
    to: 'all',
    body: { platform: 'all', notification: { alert: 'Hello, push!' } },
    request_id: 'req-0001',
  });
  console.log(JSON.stringify({ request_id, msg_id })); // msg_id is a string: keep it one
} catch (error) {
  if (error instanceof PushApiError) {
    console.error(`push failed: HTTP ${error.status}, code ${error.code}: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error; // PushNetworkError or PushTimeoutError, after the retries
  }
}
