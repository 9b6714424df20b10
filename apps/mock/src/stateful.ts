// The stateful mock (`pnpm mock --stateful`): the reference server itself, on a throwaway
// in-memory store, with CORS open and one fixed test app — so a UI can push, recall (200),
// recall again ("has been withdrawn") and see a message expire, which examples cannot show.
// `Prefer: time-offset=<seconds>` judges a request as if that many seconds had passed, so
// expiry needs no day of waiting. Everything is forgotten when it stops.
import { tmpdir } from 'node:os';
import { systemClock } from '@push-api/engine';
import { buildApp, loadConfig, openSqliteStore, provisionApps, type Logger } from '@push-api/server';
import { urlOf, type Running } from './prism.js';

/** The documentation's public test pair: the one app of the stateful mock. */
export const TEST_APP = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' } as const;

/**
 * The first msg_id: 2^53 + 1, which a JavaScript number cannot hold, so a UI that parses ids
 * as numbers shows its bug at once (ids are strings of up to 20 digits).
 */
export const FIRST_MESSAGE_ID = 9_007_199_254_740_993n;

export interface StatefulMockOptions {
  host?: string;
  port: number;
  /** A pino logger for its request log; without one nothing is logged. */
  logger?: Logger;
}

export async function startStatefulMock({ host = '127.0.0.1', port, logger }: StatefulMockOptions): Promise<Running> {
  const config = loadConfig({ PUSH_APPS: `${TEST_APP.appKey}:${TEST_APP.masterSecret}`, CORS_ORIGINS: '*', AUTH_FAILURES_PER_MINUTE: '0' });
  const store = openSqliteStore({ dataDir: '', memory: true, firstMessageId: FIRST_MESSAGE_ID });
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
