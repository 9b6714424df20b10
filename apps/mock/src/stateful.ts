// The stateful mock (`pnpm mock --stateful`): the reference server itself (its HTTP adapter
// and the API's engine) on the engine's in-memory store, with CORS open and one fixed test
// app — so a UI can push, recall (200), recall again ("has been withdrawn") and see a message
// expire, which examples cannot show.
// `Prefer: time-offset=<seconds>` judges a request as if that many seconds had passed, so
// expiry needs no day of waiting. Everything is forgotten when it stops.
import { tmpdir } from 'node:os';
import { createMemoryStore, systemClock } from '@push-api/engine';
import { FIRST_MESSAGE_ID, TEST_APP } from '@push-api/mock';
import { buildApp, loadConfig, provisionApps, type Logger } from '@push-api/server';
import { urlOf, type Running } from './prism.js';

export { FIRST_MESSAGE_ID, TEST_APP };

export interface StatefulMockOptions {
  host?: string;
  port: number;
  /** A pino logger for its request log; without one nothing is logged. */
  logger?: Logger;
  /** The apps it knows (default the one test app). */
  apps?: readonly { appKey: string; masterSecret: string }[];
  /** Requests per AppKey per second (default the API's 500). */
  rateLimitPerSecond?: number;
}

export async function startStatefulMock({
  host = '127.0.0.1',
  port,
  logger,
  apps = [TEST_APP],
  rateLimitPerSecond,
}: StatefulMockOptions): Promise<Running> {
  const config = loadConfig({
    PUSH_APPS: apps.map(({ appKey, masterSecret }) => `${appKey}:${masterSecret}`).join(','),
    CORS_ORIGINS: '*',
    AUTH_FAILURES_PER_MINUTE: '0',
    ...(rateLimitPerSecond === undefined ? {} : { RATE_LIMIT_PER_SECOND: String(rateLimitPerSecond) }),
  });
  const store = createMemoryStore({ firstMessageId: BigInt(FIRST_MESSAGE_ID) });
  // With PUSH_APPS set no development app is made, so nothing is written to the folder.
  await provisionApps(store, { dataDir: tmpdir(), pushApps: config.pushApps, production: false, clock: systemClock });
  const app = await buildApp({ store, config, docsDir: null, timeOffset: true, ...(logger ? { logger } : {}) });
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    await store.close();
    throw error;
  }
  return {
    url: urlOf(host, port),
    pid: process.pid,
    output: () => '',
    async close() {
      await app.close();
      await store.close();
    },
  };
}
