// CORS (CORS_ORIGINS): browsers on another origin may call the API, preflights included;
// every answer, errors too, carries the headers a page needs to read it.
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { TEST_APP, authorization, createTestServer, notificationPush } from './helpers.js';

const closing = closeAfterEach();
const preflight = {
  origin: 'http://app.example',
  'access-control-request-method': 'DELETE',
  'access-control-request-headers': 'authorization,content-type',
};

describe('CORS', () => {
  it('by default (every origin): a preflight answers 204 allowing Authorization and Content-Type', async () => {
    const server = closing(await createTestServer());
    const response = await server.app.inject({ method: 'OPTIONS', url: '/v4/push/withdraw/1', headers: preflight });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-methods']).toBe('POST, DELETE');
    expect(String(response.headers['access-control-allow-headers'])).toMatch(/Authorization/);
    expect(String(response.headers['access-control-allow-headers'])).toMatch(/Content-Type/);
  });

  it("answers, errors included, say which origin may read them and expose the API's headers", async () => {
    const server = closing(await createTestServer({ rateLimitPerSecond: 0 }));
    const ok = await server.app.inject({
      method: 'POST',
      url: '/v4/push',
      headers: { ...authorization(TEST_APP), origin: 'http://app.example' },
      payload: notificationPush(),
    });
    const refused = await server.app.inject({
      method: 'POST',
      url: '/v4/push',
      headers: { origin: 'http://app.example' },
      payload: notificationPush(),
    });
    expect([ok.statusCode, refused.statusCode]).toEqual([200, 401]);
    for (const response of [ok, refused]) {
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(String(response.headers['access-control-expose-headers'])).toMatch(/X-Request-Id.*Retry-After.*X-Rate-Limit-Limit/);
    }
  });

  it('a request without Origin (not a CORS request: an SDK, curl) gets no CORS headers, only Vary: Origin', async () => {
    const server = closing(await createTestServer({ rateLimitPerSecond: 0 }));
    const plain = await server.app.inject({
      method: 'POST',
      url: '/v4/push',
      headers: authorization(TEST_APP),
      payload: notificationPush(),
    });
    const health = await server.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'http://app.example' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    expect(plain.headers['access-control-expose-headers']).toBeUndefined();
    expect(plain.headers.vary).toBe('Origin');
    // The same answer to a browser's request names the origins that may read it.
    expect(health.headers['access-control-allow-origin']).toBe('*');
    expect(health.headers.vary).toBe('Origin');
  });

  it('a list of origins: only those are named; others get no CORS headers', async () => {
    const server = closing(await createTestServer({ config: { corsOrigins: ['http://app.example'] } }));
    const allowed = await server.app.inject({
      method: 'OPTIONS',
      url: '/v4/push',
      headers: { ...preflight, 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://app.example');
    const other = await server.app.inject({ method: 'OPTIONS', url: '/v4/push', headers: { ...preflight, origin: 'http://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('off (production by default): OPTIONS is a method the paths do not take → 405', async () => {
    expect(loadConfig({ NODE_ENV: 'production' }).corsOrigins).toBeNull();
    const server = closing(await createTestServer({ config: { corsOrigins: null } }));
    const response = await server.app.inject({ method: 'OPTIONS', url: '/v4/push', headers: preflight });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
