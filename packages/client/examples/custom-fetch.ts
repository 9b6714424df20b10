import { createPushClient } from '@push-api/client';

// Any fetch-compatible function: instrumentation, a proxy agent, a test double.
let calls = 0;
const client = createPushClient({
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
  userAgent: 'my-service/1.0',
  fetch: async (request) => {
    calls++;
    const started = Date.now();
    const response = await fetch(request);
    console.log(`${request.method} ${new URL(request.url).pathname} → ${response.status} in ${Date.now() - started} ms`);
    return response;
  },
});

await client.validate({ to: 'all', body: { platform: 'all', notification: { alert: 'x' } } }, { signal: AbortSignal.timeout(10_000) });
console.log('calls made:', calls);

// The openapi-fetch client stays available for the { data, error, response } style.
const { data, error, response } = await client.raw.DELETE('/v4/push/withdraw/{msg_id}', {
  params: { path: { msg_id: '1828256757' } },
});
console.log(response.status, data ?? error);
