import { createPushClient, REGIONS } from '@push-api/client';

// Six isolated data centres; Singapore is the default. `baseUrl` wins over `region`.
console.log(Object.keys(REGIONS).join(' '));

export const frankfurt = createPushClient({ appKey: 'your-app-key', masterSecret: 'your-master-secret', region: 'defra' });
const local = createPushClient({
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
  region: 'defra',
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
});
const checked = await local.validate({ to: 'all', body: { platform: 'all', notification: { alert: 'dry run' } } });
console.log('valid, placeholder id', checked.msg_id);
