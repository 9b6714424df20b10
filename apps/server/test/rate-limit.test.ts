// The per-AppKey rate limit at its edge: N requests in a one-second window pass, the
// N+1st gets 429 / 23008 with the spec's headers; the next window starts afresh.
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, LIMITS } from '@push-api/types';
import { loadConfig } from '../src/config.js';
import { OTHER_APP, TEST_APP, createTestServer, errorOf, recall } from './helpers.js';

const closing = closeAfterEach();

describe('rate limit', () => {
  it('limit N: N requests pass, the N+1st is refused with 429 and the headers', async () => {
    const limit = 5;
    const server = closing(await createTestServer({ rateLimitPerSecond: limit }));
    server.clock.ms = Math.ceil(server.clock.ms / 1000) * 1000 + 250; // 250 ms into a window
    for (let i = 0; i < limit; i++) {
      expect((await recall(server.app, TEST_APP, '1')).statusCode).toBe(400); // unknown id, but not limited
    }
    const refused = await recall(server.app, TEST_APP, '1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ error: { code: ErrorCodes.RATE_LIMITED, message: 'Request rate limit exceeded' } });
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['x-rate-limit-limit']).toBe(String(limit));
    expect(refused.headers['x-rate-limit-remaining']).toBe('0');
    expect(refused.headers['x-rate-limit-reset']).toBe('1');
    expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');

    // Another AppKey has its own budget.
    expect((await recall(server.app, OTHER_APP, '1')).statusCode).toBe(400);
    // 749 ms later the window has not ended; 1 ms after that it has.
    server.clock.advance(749);
    expect((await recall(server.app, TEST_APP, '1')).statusCode).toBe(429);
    server.clock.advance(1);
    expect((await recall(server.app, TEST_APP, '1')).statusCode).toBe(400);
  });

  it('does not count requests that fail authentication against the app', async () => {
    const server = closing(await createTestServer({ rateLimitPerSecond: 2 }));
    for (let i = 0; i < 5; i++) {
      expect((await recall(server.app, { ...TEST_APP, masterSecret: 'wrong-secret' }, '1')).statusCode).toBe(401);
    }
    expect((await recall(server.app, TEST_APP, '1')).statusCode).toBe(400);
  });

  it('0 disables it', async () => {
    const server = closing(await createTestServer({ rateLimitPerSecond: 0 }));
    const responses = await Promise.all(Array.from({ length: 50 }, () => recall(server.app, TEST_APP, '1')));
    expect(responses.every((r) => errorOf(r).code === ErrorCodes.INVALID_PARAMETER)).toBe(true);
  });

  it("defaults to the spec's x-rate-limit-per-second", () => {
    expect(loadConfig({}).rateLimitPerSecond).toBe(LIMITS.rateLimitPerSecond);
    expect(LIMITS.rateLimitPerSecond).toBe(500);
  });
});
