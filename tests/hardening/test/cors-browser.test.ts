// CORS in a real browser (Debian's Chromium through playwright-core): a page served from
// another origin (another 127.0.0.1 port) pushes with Basic auth and JSON, recalls the message,
// recalls it again, reading each status and X-Request-Id: 200, 200, 400 / 21003. With
// CORS_ORIGINS naming one origin, a page on a third origin is blocked (its fetch rejects, and
// no push reaches the server), while the named origin still works.
//
// Every request of the page goes through a Fetch-domain interception (CDP) that lets through
// only the local origins of the test and fails the rest. Playwright's own context.route is not
// used on purpose: while a route is set, Playwright answers every CORS preflight itself with
// "allow everything" (crNetworkManager), so the server's preflight answers would never be
// tested. The server's log shows that its OPTIONS answers were the ones the browser used.
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '@push-api/types';
import { TEST_APP, basicAuthorization, closeAfterEach, freePort, type ServerProcess } from '@push-api/test-support';
import { launchChromium } from '@push-api/test-support/browser';
import { recordFigures } from '../src/figures.js';
import { startApiServer } from '../src/server.js';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>push from another origin</title></head><body>
<script>
  async function call(api, authorization, method, path, body) {
    const headers = { Authorization: authorization, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, requestId: response.headers.get('X-Request-Id'), body: await response.json() };
  }
  window.pushAndRecall = async (api, authorization) => {
    const pushed = await call(api, authorization, 'POST', '/v4/push', { to: 'all', body: { platform: 'all', notification: { alert: 'from ' + location.origin } } });
    const first = await call(api, authorization, 'DELETE', '/v4/push/withdraw/' + pushed.body.msg_id);
    const second = await call(api, authorization, 'DELETE', '/v4/push/withdraw/' + pushed.body.msg_id);
    return { pushed, first, second };
  };
  window.tryFetch = async (url, init) => {
    try {
      const response = await fetch(url, init);
      return { ok: true, status: response.status };
    } catch (error) {
      return { ok: false, error: String(error) };
    }
  };
</script>
</body></html>`;

interface Answer {
  status: number;
  requestId: string | null;
  body: { msg_id?: string; error?: { code: number; message: string } };
}
interface PageApi {
  pushAndRecall(api: string, authorization: string): Promise<{ pushed: Answer; first: Answer; second: Answer }>;
  tryFetch(url: string, init?: RequestInit): Promise<{ ok: true; status: number } | { ok: false; error: string }>;
}

/** A tiny site on its own 127.0.0.1 port (its own origin) serving PAGE. */
async function startSite(): Promise<{ origin: string; close(): Promise<void> }> {
  const port = await freePort();
  const server: Server = createServer((request, response) => {
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(PAGE);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const closing = closeAfterEach();
const AUTHORIZATION = basicAuthorization(TEST_APP);
let browser: Browser;
const blocked: string[] = [];
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  recordFigures('corsBrowser', { ...figures, blockedRequests: blocked.length });
});

/** A page of `site`, whose requests may go only to `origins`; the rest fail (and are recorded). */
async function openPage(site: string, origins: string[]): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext();
  closing({ close: () => context.close() });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const allowed = new Set([site, ...origins]);
  cdp.on('Fetch.requestPaused', (event) => {
    const origin = new URL(event.request.url).origin;
    if (allowed.has(origin)) {
      void cdp.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => undefined);
    } else {
      blocked.push(event.request.url);
      void cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
    }
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  await page.goto(`${site}/`);
  return { page, context };
}

/**
 * Waits until the server has logged everything it answered so far: its log is read through a
 * pipe, so a line can come after the answer. A marked /healthz request is logged after them.
 */
async function logsCaughtUp(api: ServerProcess): Promise<string> {
  const marker = `flush-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await fetch(`${api.url}/healthz`, { headers: { 'x-request-id': marker } });
  const deadline = Date.now() + 5000;
  while (!api.output().includes(`"reqId":"${marker}"`)) {
    if (Date.now() > deadline) throw new Error('the server did not log the marked request');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return api.output();
}

const requestLines = (output: string, method: string, path: string) =>
  output
    .split('\n')
    .filter((line) => line.includes('"request completed"') && line.includes(`"method":"${method}"`) && line.includes(`"url":"${path}`));

describe('a page on another origin', () => {
  it('pushes, recalls, and recalls again through CORS (CORS on for every origin, the default)', async () => {
    const api = closing(await startApiServer({ LOG_LEVEL: 'info' }));
    const site = closing(await startSite());
    const { page } = await openPage(site.origin, [api.url]);
    const result = await page.evaluate(([url, authorization]) => (window as unknown as PageApi).pushAndRecall(url, authorization), [
      api.url,
      AUTHORIZATION,
    ] as const);

    expect(result.pushed.status).toBe(200);
    expect(result.pushed.body.msg_id).toMatch(/^[0-9]{1,20}$/);
    expect(result.first).toMatchObject({ status: 200, body: { msg_id: result.pushed.body.msg_id } });
    expect(result.second).toMatchObject({ status: 400, body: { error: { code: 21003, message: ERROR_MESSAGES.msgIdWithdrawn } } });
    // The page can read the request id (an exposed header), a different one for each answer.
    const ids = [result.pushed.requestId, result.first.requestId, result.second.requestId];
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(3);
    // The browser asked the server itself before each request (preflights), and used its answers.
    const log = await logsCaughtUp(api);
    expect(requestLines(log, 'OPTIONS', '/v4/push').length).toBeGreaterThanOrEqual(1);
    expect(requestLines(log, 'OPTIONS', '/v4/push/withdraw/').length).toBeGreaterThanOrEqual(1);

    // Anything but the local origins is blocked.
    const outside = await page.evaluate((url) => (window as unknown as PageApi).tryFetch(url), 'http://example.com/');
    expect(outside.ok).toBe(false);
    expect(blocked).toContain('http://example.com/');
    figures.allOrigins = { push: result.pushed.status, recall: result.first.status, recallAgain: result.second.status, requestIds: ids };
  });

  it('with CORS_ORIGINS naming one origin: a page on a third origin is blocked, the named one is served', async () => {
    const allowedSite = closing(await startSite());
    const thirdSite = closing(await startSite());
    const api = closing(await startApiServer({ LOG_LEVEL: 'info', CORS_ORIGINS: allowedSite.origin }));

    const third = await openPage(thirdSite.origin, [api.url]);
    const refused = await third.page.evaluate(
      ([url, authorization]) =>
        (window as unknown as PageApi).tryFetch(`${url}/v4/push`, {
          method: 'POST',
          headers: { Authorization: authorization, 'Content-Type': 'application/json' },
          body: JSON.stringify({ to: 'all', body: { platform: 'all', notification: { alert: 'from the third origin' } } }),
        }),
      [api.url, AUTHORIZATION] as const,
    );
    expect(refused.ok, JSON.stringify(refused)).toBe(false);
    // The preflight was asked and refused; the push itself was never sent.
    const log = await logsCaughtUp(api);
    expect(requestLines(log, 'OPTIONS', '/v4/push').length).toBeGreaterThanOrEqual(1);
    expect(requestLines(log, 'POST', '/v4/push')).toEqual([]);

    const named = await openPage(allowedSite.origin, [api.url]);
    const result = await named.page.evaluate(([url, authorization]) => (window as unknown as PageApi).pushAndRecall(url, authorization), [
      api.url,
      AUTHORIZATION,
    ] as const);
    expect([result.pushed.status, result.first.status, result.second.status]).toEqual([200, 200, 400]);
    expect(result.second.body.error?.code).toBe(21003);
    figures.oneOrigin = {
      thirdOriginFetchRejected: !refused.ok,
      namedOrigin: [result.pushed.status, result.first.status, result.second.status],
    };
  });
});
