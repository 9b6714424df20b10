// MSW through its service worker in Chromium: a page on 127.0.0.1 (src/browser-page.ts,
// bundled here with esbuild) starts the worker with @push-api/mock/msw's handlers; every
// scenario's request is made from the page (page.evaluate), where the service worker answers
// it with the fake. Requests to anything but the page's own server are refused: the answers
// can come from nowhere but the worker.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { OTHER_APP } from '@push-api/test-support';
import { launchChromium } from '@push-api/test-support/browser';
import { describeConformance, notNodeHttp } from '../src/conformance.js';

const require = createRequire(import.meta.url);
let browser: Browser;
let page: Page;
let site: Server;

beforeAll(async () => {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('../src/browser-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const files: Record<string, { type: string; body: string }> = {
    '/': {
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><title>push-api MSW</title><script type="module" src="/page.js"></script>',
    },
    '/page.js': { type: 'text/javascript; charset=utf-8', body: bundled.outputFiles[0]?.text ?? '' },
    '/mockServiceWorker.js': {
      type: 'text/javascript; charset=utf-8',
      body: readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8'),
    },
  };
  site = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://page').pathname];
    response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' }).end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await launchChromium();
  const context = await browser.newContext();
  // Network off: the page's own server only (what the service worker answers never gets here).
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.abort(),
  );
  page = await context.newPage();
  await page.goto(`${origin}/?other=${OTHER_APP.appKey}:${OTHER_APP.masterSecret}`);
  await page.evaluate(() => window.pushApiReady);
}, 60_000);

afterAll(async () => {
  await browser.close();
  await new Promise((resolve) => site.close(resolve));
});

/** A fetch made by the page (so through its service worker), its answer rebuilt here. */
const pageFetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const request = {
    url: input instanceof Request ? input.url : input.toString(),
    method: init?.method ?? 'GET',
    headers: (init?.headers ?? {}) as Record<string, string>,
    body: init?.body as string | undefined,
  };
  const answer = await page.evaluate(async ({ url, method, headers, body }) => {
    const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: response.status, headers: [...response.headers.entries()], body: await response.text() };
  }, request);
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}) as typeof fetch;

declare global {
  interface Window {
    pushApiReady: Promise<void>;
  }
}

describeConformance({
  name: 'MSW service worker (Chromium)',
  target: () => ({
    main: { url: 'http://push-api.msw.test', fetch: pageFetch },
    limited: { url: 'http://limited.push-api.msw.test', fetch: pageFetch },
  }),
  notApplicable: notNodeHttp('in the page, no HTTP parser'),
});
