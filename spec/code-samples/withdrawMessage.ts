// Recall a message: push one, then withdraw it by the msg_id the push answered.
// Env: BASE_URL (default: the local reference server), APP_KEY, MASTER_SECRET.
import { createPushClient, PushApiError } from '@push-api/client';

const client = createPushClient({
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
});

const { msg_id } = await client.push({
  to: 'all',
  body: { platform: 'all', notification: { alert: 'Sale ends at noon' } },
});

try {
  const answer = await client.withdraw(msg_id); // a string, never a number
  console.log(JSON.stringify(answer));
} catch (error) {
  if (!(error instanceof PushApiError)) throw error; // network error or timeout
  if (error.isAlreadyWithdrawn) {
    // Recalled before; `mayHaveSucceeded` is true when our own lost attempt did it.
    console.log(`already recalled${error.mayHaveSucceeded ? ' (by this call)' : ''}`);
  } else if (error.isExpired) {
    console.error('too old: recall works only within one day of the push');
    process.exitCode = 1;
  } else if (error.isNotFound) {
    console.error('unknown msg_id (or one of another app)');
    process.exitCode = 1;
  } else {
    console.error(`recall failed: HTTP ${error.status}, code ${error.code}: ${error.message}`);
    process.exitCode = 1;
  }
}
