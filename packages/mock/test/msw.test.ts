// MSW in Node (setupServer: no port) with the fake's handlers: the client, unchanged and on
// its default base URL, meets the API's real behaviour; one operation overridden with a
// handler typed from the spec's `paths` (openapi-msw) answers its own, the rest stay real.
import { setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPushClient, PushApiError } from '@push-api/client';
import type { paths } from '@push-api/types';
import { createFakePushApi } from '../src/index.js';
import { DEFAULT_BASE_URL, pushApiHandlers } from '../src/msw.js';

const fake = createFakePushApi();
const server = setupServer(...pushApiHandlers(fake));
// An unhandled request fails the test instead of going out (msw 2 and 3 name the option differently).
const strict = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const;
beforeAll(() => {
  server.listen(strict);
});
afterEach(() => {
  server.resetHandlers();
  fake.reset();
});
afterAll(() => {
  server.close();
});

const client = () => createPushClient({ ...fake.credentials, retries: 0 });
const notification = { to: 'all' as const, body: { platform: 'all' as const, notification: { alert: 'Hello' } } };

describe('pushApiHandlers with setupServer', () => {
  it('the client on its default data centre pushes, recalls, and is refused a second recall', async () => {
    const { msg_id: msgId } = await client().push(notification);
    expect((await client().withdraw(msgId)).msg_id).toBe(msgId);
    const again: unknown = await client()
      .withdraw(msgId)
      .catch((error: unknown) => error);
    expect(again).toBeInstanceOf(PushApiError);
    expect((again as PushApiError).isAlreadyWithdrawn).toBe(true);
    expect(fake.requests.map(({ url }) => url)).toEqual(['/v4/push', `/v4/push/withdraw/${msgId}`, `/v4/push/withdraw/${msgId}`]);
  });

  it('answers paths and methods the API has not as the API does (404, 405 with Allow)', async () => {
    const unknown = await fetch(`${DEFAULT_BASE_URL}/v4/nothing`);
    expect(unknown.status).toBe(404);
    const wrongMethod = await fetch(`${DEFAULT_BASE_URL}/v4/push`, { method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('one operation overridden with a typed handler; the others keep the real behaviour', async () => {
    const http = createOpenApiHttp<paths>({ baseUrl: DEFAULT_BASE_URL });
    server.use(http.post('/v4/push', ({ response }) => response(200).json({ request_id: 'from-override', msg_id: '42' })));
    expect(await client().push(notification)).toEqual({ request_id: 'from-override', msg_id: '42' });
    const real: unknown = await client()
      .withdraw('42')
      .catch((error: unknown) => error);
    expect((real as PushApiError).isNotFound).toBe(true);
  });

  it('serves another base URL, given with or without its trailing slash', async () => {
    const local = createFakePushApi();
    for (const baseUrl of ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/']) {
      server.use(...pushApiHandlers(local, { baseUrl }));
      const other = createPushClient({ ...local.credentials, baseUrl: 'http://127.0.0.1:8080', retries: 0 });
      expect((await other.validate(notification)).msg_id).toBe('0');
      server.resetHandlers();
    }
  });
});
