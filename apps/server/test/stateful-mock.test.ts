// What the stateful mock (apps/mock, `pnpm mock --stateful`) builds on: `Prefer: time-offset`
// (honoured only when the app is built for it, refused by every other server) and the
// in-memory store; and the forward mode of the stateless mock's front.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, LIMITS } from '@push-api/types';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { MAX_TIME_OFFSET_SECONDS, createMemoryStore, preferredTimeOffset } from '@push-api/engine';
import { provisionApps } from '../src/provision-apps.js';
import { TEST_APP, authorization, errorOf, pushedMessageId, tempDir, useServer } from './helpers.js';

const WINDOW_SECONDS = LIMITS.recallWindowSeconds;

const recallAt = (server: ReturnType<ReturnType<typeof useServer>>, msgId: string, prefer: string) =>
  server.app.inject({ method: 'DELETE', url: `/v4/push/withdraw/${msgId}`, headers: { ...authorization(TEST_APP), prefer } });

describe('Prefer: time-offset where it is honoured', () => {
  const current = useServer({ timeOffset: true });

  it('judges the recall as if that many seconds had passed: the last second of the window, then expiry', async () => {
    const inWindow = await pushedMessageId(current().app, TEST_APP);
    expect((await recallAt(current(), inWindow, `time-offset=${WINDOW_SECONDS - 1}`)).statusCode).toBe(200);
    const late = await pushedMessageId(current().app, TEST_APP);
    const response = await recallAt(current(), late, `time-offset=${WINDOW_SECONDS}`);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toBe(ERROR_MESSAGES.msgIdExpired);
  });

  it('reads it among other preferences and ignores those', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP);
    const response = await recallAt(current(), msgId, `return=minimal, time-offset="${WINDOW_SECONDS}"; x=1`);
    expect(errorOf(response).message).toBe(ERROR_MESSAGES.msgIdExpired);
  });

  it.each(['-1', '1.5', 'a day', '', String(MAX_TIME_OFFSET_SECONDS + 1)])('refuses time-offset=%s', async (value) => {
    const response = await recallAt(current(), '1', `time-offset=${value}`);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      code: 21003,
      message: `Parameter value is invalid,Prefer: time-offset must be whole seconds from 0 to ${MAX_TIME_OFFSET_SECONDS}`,
    });
  });

  it('accepts the largest offset', () => {
    expect(preferredTimeOffset(`time-offset=${MAX_TIME_OFFSET_SECONDS}`)).toBe(MAX_TIME_OFFSET_SECONDS);
    expect(preferredTimeOffset('code=400, example=msgIdWithdrawn')).toBeUndefined();
    expect(preferredTimeOffset(undefined)).toBeUndefined();
  });
});

describe('Prefer: time-offset anywhere else', () => {
  const current = useServer();

  it('is refused, so nobody believes a real server honours it', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP);
    const response = await recallAt(current(), msgId, 'time-offset=0');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toBe(
      'Parameter value is invalid,Prefer: time-offset is honoured only by the stateful mock (pnpm mock --stateful)',
    );
    // Nothing happened: the message can still be recalled.
    expect(
      (await current().app.inject({ method: 'DELETE', url: `/v4/push/withdraw/${msgId}`, headers: authorization(TEST_APP) })).statusCode,
    ).toBe(200);
  });

  it('leaves Prism’s own preferences alone', async () => {
    const msgId = await pushedMessageId(current().app, TEST_APP);
    expect((await recallAt(current(), msgId, 'code=400, example=msgIdWithdrawn')).statusCode).toBe(200);
  });
});

describe("the engine's in-memory store under the server", () => {
  it('stores and recalls without writing a file', async () => {
    const dataDir = tempDir();
    const store = createMemoryStore({ firstMessageId: 9_007_199_254_740_993n });
    try {
      const app = await buildApp({
        store,
        config: loadConfig({ PUSH_APPS: `${TEST_APP.appKey}:${TEST_APP.masterSecret}` }),
        docsDir: null,
      });
      await provisionApps(store, { dataDir, pushApps: [TEST_APP], production: false, clock: { now: Date.now } });
      const msgId = await pushedMessageId(app, TEST_APP);
      expect(msgId).toBe('9007199254740993');
      expect((await app.inject({ method: 'DELETE', url: `/v4/push/withdraw/${msgId}`, headers: authorization(TEST_APP) })).statusCode).toBe(
        200,
      );
      expect(store.engine).toBe('memory');
      expect(existsSync(`${dataDir}/push-api.sqlite`)).toBe(false);
      await app.close();
    } finally {
      await store.close();
    }
  });
});

describe('forward mode (the stateless mock’s front)', () => {
  it('checks a request as the server does, then hands it to `forward` instead of the store', async () => {
    const store = createMemoryStore();
    const forwarded: string[] = [];
    const app = await buildApp({
      store,
      config: loadConfig({}),
      docsDir: null,
      forward: (call) => {
        forwarded.push(`${call.request.method} ${call.request.url} ${call.rawBody}`);
        return Promise.resolve({ status: 299, json: { forwarded: true } });
      },
    });
    try {
      // Any well-formed credentials pass, as with Prism; a malformed body never reaches forward.
      const headers = {
        authorization: `Basic ${Buffer.from('any-key:any-secret').toString('base64')}`,
        'content-type': 'application/json',
      };
      const bad = await app.inject({ method: 'POST', url: '/v4/push', headers, payload: '{"to":' });
      expect(bad.statusCode).toBe(400);
      const good = await app.inject({
        method: 'POST',
        url: '/v4/push/validate',
        headers,
        payload: '{"to":"all","body":{"platform":"all","notification":{"alert":"x"}}}',
      });
      expect(good.statusCode).toBe(299);
      const unauthenticated = await app.inject({ method: 'DELETE', url: '/v4/push/withdraw/1' });
      expect(unauthenticated.statusCode).toBe(401);
      expect(forwarded).toEqual(['POST /v4/push/validate {"to":"all","body":{"platform":"all","notification":{"alert":"x"}}}']);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
