import { createPushClient, type paths } from '@push-api/client';
import createClient from 'openapi-fetch';

// Any fetch-compatible function: a proxy agent, a test double, instrumentation.
let calls = 0;
const client = createPushClient({
  appKey: process.env.APP_KEY ?? '',
  masterSecret: process.env.MASTER_SECRET ?? '',
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
  userAgent: 'my-service/1.0',
  // It is called as fetch(request, { signal }): pass init on, so a timeout aborts the request.
  fetch: (request, init) => {
    calls++;
    return fetch(request, init);
  },
  // Tracing hooks: before each attempt, and with each answer (retries included).
  onRequest: (request) => request.headers.set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
  onResponse: (response, request, durationMs) => {
    console.log(`${request.method} ${new URL(request.url).pathname} → ${response.status} in ${Math.round(durationMs)} ms`);
  },
});

await client.validate({ to: 'all', body: { platform: 'all', notification: { alert: 'x' } } }, { signal: AbortSignal.timeout(10_000) });
console.log('calls made:', calls);

// For the { data, error, response } style, openapi-fetch takes the package's `paths` type:
// every path, parameter and answer typed from the spec (npm install openapi-fetch).
const raw = createClient<paths>({
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
  headers: { Authorization: `Basic ${btoa(`${process.env.APP_KEY ?? ''}:${process.env.MASTER_SECRET ?? ''}`)}` },
});
const { data, error, response } = await raw.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: { msg_id: '1828256757' } } });
console.log(response.status, data ?? error);
