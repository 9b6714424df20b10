// Validate a push without sending it: the same checks as a push, nothing is delivered.
// Env: BASE_URL (default: the local reference server), APP_KEY, MASTER_SECRET.
import { createPushClient, PushApiError, type PushRequest } from '@push-api/client';

const client = createPushClient({
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
});

const push: PushRequest = {
  to: { alias: ['alice', 'bob'] },
  body: {
    platform: ['android', 'ios'],
    message: { title: 'Sync', msg_content: 'refresh' },
    options: { time_to_live: 3600 },
  },
};

try {
  const answer = await client.validate(push);
  console.log(JSON.stringify(answer)); // its msg_id is a placeholder that cannot be recalled
} catch (error) {
  if (!(error instanceof PushApiError)) throw error;
  // 400 with code 21002/21003/21005/21306/23006: the message names what is wrong.
  console.error(`invalid push: code ${error.code}: ${error.message}`);
  process.exitCode = 1;
}
