// The rate limit shared through Redis (REDIS_URL): two instances together allow the limit
// once, per AppKey, with the same 429 as the in-process limit; with Redis down, requests are
// served and one warning is logged per outage.
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { closeAfterEach, startRedis } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '@push-api/types';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics/metrics.js';
import { OTHER_APP, TEST_APP, createTestServer, recall, type TestServer } from './helpers.js';

const closing = closeAfterEach();

/** Waits until Redis's clock is just past a second, so that a burst falls in one window. */
async function startOfRedisSecond(url: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const [, micros] = await redis.time();
    const msIntoSecond = Math.floor(Number(micros) / 1000);
    await new Promise((resolve) => setTimeout(resolve, 1000 - msIntoSecond + 20));
  } finally {
    redis.disconnect();
  }
}

const statusesOf = (servers: TestServer[], count: number, app = TEST_APP) =>
  Promise.all(Array.from({ length: count }, (_, i) => recall(servers[i % servers.length]!.app, app, '1').then((r) => r.statusCode)));

describe('the rate limit in Redis', () => {
  it('is one budget per AppKey for every instance, answered exactly as in one process', async () => {
    const redis = closing(await startRedis());
    const limit = 10;
    const servers = [
      closing(await createTestServer({ rateLimitPerSecond: limit, config: { redisUrl: redis.url } })),
      closing(await createTestServer({ rateLimitPerSecond: limit, config: { redisUrl: redis.url } })),
    ];
    await startOfRedisSecond(redis.url);
    const statuses = await statusesOf(servers, 30);
    expect(statuses.filter((status) => status !== 429)).toHaveLength(limit);
    // Another app has its own budget.
    expect((await statusesOf(servers, limit, OTHER_APP)).every((status) => status === 400)).toBe(true);

    const refused = await recall(servers[0]!.app, TEST_APP, '1');
    if (refused.statusCode === 429) {
      expect(refused.json()).toEqual({ error: { code: ErrorCodes.RATE_LIMITED, message: 'Request rate limit exceeded' } });
      expect(refused.headers).toMatchObject({
        'retry-after': '1',
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': '1',
      });
    }
  });

  it('with Redis down, serves every request and warns once; the limit applies again when it returns', async () => {
    const redis = closing(await startRedis());
    if (redis.pid === null) return; // a Redis given by the environment cannot be stopped here
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      }),
    );
    const server = closing(await createTestServer({ rateLimitPerSecond: 2, logger, config: { redisUrl: redis.url } }));
    await redis.close();
    const metrics = createMetrics();
    const during = await statusesOf([server], 20);
    expect(during.every((status) => status === 400)).toBe(true);
    expect(lines.filter((line) => line.includes('does not answer'))).toHaveLength(1);
    // Each request served without the limit is counted (METRICS_PORT's push_api_rate_limit_fail_open_total).
    expect(await metrics.registry.metrics()).toMatch(/^push_api_rate_limit_fail_open_total 20$/m);
  });
});
