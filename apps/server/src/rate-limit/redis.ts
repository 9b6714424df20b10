// The rate limit's counters in Redis, shared by every instance: one atomic Lua script per
// request counts it in the current one-second window of Redis's own clock (so instances with
// skewed clocks still share windows) and answers whether it is over the limit. Written with
// ioredis rather than @fastify/rate-limit's Redis store because that plugin names its headers
// x-ratelimit-* and starts each key's window at its first request: the answers (429 body,
// Retry-After, X-Rate-Limit-*) would change, and they must stay as the spec declares them.
// If Redis cannot answer, requests are served (fail open) and a warning is logged once per outage.
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { RateLimiter } from '@push-api/engine';
import { failOpenChannel } from '../metrics/channels.js';

const TAKE = `
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local key = KEYS[1] .. ':' .. math.floor(ms / 1000)
local count = redis.call('INCR', key)
if count == 1 then redis.call('PEXPIRE', key, 2000) end
if count > tonumber(ARGV[1]) then return 1000 - (ms % 1000) end
return -1
`;

type RedisWithTake = Redis & { pushApiTake(key: string, limit: number): Promise<number> };

export interface RedisRateLimiterOptions {
  url: string;
  limit: number;
  /** Without one, nothing is logged. */
  logger: Logger | undefined;
  /** A command slower than this counts as Redis being down (default 250 ms). */
  commandTimeoutMs?: number;
}

export class RedisRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly #redis: RedisWithTake;
  readonly #logger: Logger | undefined;
  #down = false;

  constructor(options: RedisRateLimiterOptions) {
    this.limit = options.limit;
    this.#logger = options.logger;
    const redis = new Redis(options.url, {
      // Fail fast instead of queueing while disconnected; reconnect in the background.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      commandTimeout: options.commandTimeoutMs ?? 250,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    });
    redis.defineCommand('pushApiTake', { numberOfKeys: 1, lua: TAKE });
    redis.on('error', (error: Error) => {
      this.#outage(error);
    });
    this.#redis = redis as RedisWithTake;
  }

  async take(key: string): Promise<number> {
    try {
      const wait = await this.#redis.pushApiTake(`push-api:rate:${key}`, this.limit);
      if (this.#down) {
        this.#down = false;
        this.#logger?.info('the rate limit store (Redis) answers again: the limit applies again');
      }
      return wait;
    } catch (error) {
      this.#outage(error as Error);
      if (failOpenChannel.hasSubscribers) failOpenChannel.publish(undefined);
      return -1;
    }
  }

  #outage(error: Error): void {
    if (this.#down) return;
    this.#down = true;
    this.#logger?.warn(
      { err: { message: error.message } },
      'the rate limit store (Redis) does not answer: requests are served without the limit until it does',
    );
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
    return Promise.resolve();
  }
}
