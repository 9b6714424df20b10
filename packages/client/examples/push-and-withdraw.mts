import { createPushClient } from '@push-api/client';

const client = createPushClient({
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
});

const { msg_id } = await client.push({
  to: 'all',
  body: { platform: 'all', notification: { alert: 'Your order has shipped' } },
});
console.log('pushed', msg_id);

const recalled = await client.withdraw(msg_id);
console.log('recalled', recalled.msg_id);
