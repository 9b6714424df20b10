// The page as a user meets it: built by `vite build` (the package's own build, run here with only
// the VITE_ variables each mode needs), served from 127.0.0.1, used in Chromium. In MSW mode
// every request that leaves the page's origin is refused, so the answers can come from nowhere
// but the service worker; in server mode only the reference server this file starts is allowed
// too. Each test pushes, recalls, recalls again, and reads what happened from the DOM.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_MESSAGE_ID } from '@push-api/mock';
import { TEST_APP, pushApps, removeTempDirs, serverExecutable, startServer, tempDir, type ServerProcess } from '@push-api/test-support';
import { launchChromium } from '@push-api/test-support/browser';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const screenshot = join(packageDir, 'test-output', 'recall-console.png');
const viteCli = join(fileURLToPath(new URL('.', import.meta.resolve('vite/package.json'))), 'bin', 'vite.js');

/**
 * `vite build` of the page into a new folder. The environment is this one without NODE_ENV
 * (vitest's "test" would make Vite build for development) or any VITE_ variable but `env`.
 */
async function buildPage(env: Record<string, string> = {}): Promise<string> {
  const outDir = tempDir('recall-console-');
  const inherited = Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITE_'));
  const child = spawn(process.execPath, [viteCli, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: packageDir,
    env: { ...Object.fromEntries(inherited), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`vite build exited with ${code}:\n${output}`);
  return outDir;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A static server of `dir` on a free port of 127.0.0.1 (`/` is index.html); resolves its origin. */
async function serveFolder(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://page');
    const file = resolve(dir, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (!file.startsWith(dir + sep) || statSync(file, { throwIfNoEntry: false })?.isFile() !== true) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}

let browser: Browser;
const closeAtEnd: (() => Promise<void>)[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await Promise.all(closeAtEnd.map((close) => close()));
  removeTempDirs();
});

/** The page at `origin` in a new context where requests to any origin not in `allowed` are refused (and noted). */
async function openPage(origin: string, allowed: string[]): Promise<{ page: Page; refused: string[]; errors: Error[] }> {
  const context = await browser.newContext();
  const refused: string[] = [];
  await context.route(
    (url) => !allowed.includes(url.origin),
    (route) => {
      refused.push(route.request().url());
      return route.abort();
    },
  );
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(origin);
  return { page, refused, errors };
}

/** The log's first `count` entries of one call (`METHOD /path`), newest first, once they are there and complete. */
async function answersTo(page: Page, call: string, count: number) {
  const entries = page.locator(`#log li[data-call="${call}"]`);
  await entries.nth(count - 1).waitFor();
  // An entry is aria-busy until the answer's body is in it.
  await page.waitForFunction(() => document.querySelector('#log li[aria-busy]') === null);
  return Promise.all(
    Array.from({ length: count }, async (_, index) => ({
      status: await entries.nth(index).getAttribute('data-status'),
      text: (await entries.nth(index).textContent()) ?? '',
    })),
  );
}

/** Types `alert`, pushes, recalls the message and recalls it again, checking the page after each step; returns its msg_id. */
async function pushAndRecallTwice(page: Page, alert: string): Promise<string> {
  await page.getByLabel('Alert').fill(alert);
  await page.getByRole('button', { name: 'Push' }).click();
  const row = page.locator('#messages tbody tr', { hasText: alert });
  await row.waitFor();
  const msgId = (await row.getAttribute('data-msg-id')) ?? '';
  expect(msgId).toMatch(/^\d{1,20}$/);
  expect(await row.locator('td').first().textContent()).toBe(msgId);
  const [pushed] = await answersTo(page, 'POST /v4/push', 1);
  expect(pushed?.status).toBe('200');
  expect(pushed?.text).toContain(`"msg_id":"${msgId}"`);

  const recall = `DELETE /v4/push/withdraw/${msgId}`;
  await row.getByRole('button', { name: 'Recall' }).click();
  const [recalled] = await answersTo(page, recall, 1);
  expect(recalled?.status).toBe('200');
  expect(recalled?.text).toContain(`{"request_id":"","msg_id":"${msgId}"}`);
  await row.locator('.state', { hasText: 'recalled' }).waitFor();

  await row.getByRole('button', { name: 'Recall' }).click();
  const [refusedRecall] = await answersTo(page, recall, 2);
  expect(refusedRecall?.status).toBe('400');
  expect(refusedRecall?.text).toContain('code 21003: Parameter value is invalid,msg_id has been withdrawn');
  return msgId;
}

describe('MSW mode (no VITE_PUSH_API_URL)', () => {
  let outDir: string;
  let origin: string;

  beforeAll(async () => {
    outDir = await buildPage();
    const site = await serveFolder(outDir);
    closeAtEnd.push(site.close);
    origin = site.origin;
  });

  it('ships the worker script of the installed msw at the root', () => {
    const installed = readFileSync(fileURLToPath(import.meta.resolve('msw/mockServiceWorker.js')), 'utf8');
    expect(readFileSync(join(outDir, 'mockServiceWorker.js'), 'utf8')).toBe(installed);
  });

  it('pushes and recalls once against the fake in the page; a second recall is refused', async () => {
    const { page, refused, errors } = await openPage(origin, [origin]);
    await page.locator('#mode[data-mode="msw"]').waitFor();
    expect(await page.locator('#mode').textContent()).toContain('MSW mode');
    expect(await page.getByLabel('App key').inputValue()).toBe(TEST_APP.appKey);
    expect(await page.getByLabel('Master secret').inputValue()).toBe(TEST_APP.masterSecret);

    // The fake's first msg_id is 2^53 + 1: shown as a number, it would have lost its last digit.
    expect(await pushAndRecallTwice(page, 'Flash sale ends at noon')).toBe(FIRST_MESSAGE_ID);

    mkdirSync(join(packageDir, 'test-output'), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('server mode (VITE_PUSH_API_URL: the reference server)', () => {
  let server: ServerProcess;
  let outDir: string;
  let origin: string;

  beforeAll(async () => {
    server = await startServer({
      main: serverExecutable(import.meta.resolve('@push-api/server/package.json')),
      env: { PUSH_APPS: pushApps(TEST_APP), LOG_LEVEL: 'warn' },
    });
    closeAtEnd.push(() => server.close());
    outDir = await buildPage({ VITE_PUSH_API_URL: server.url });
    const site = await serveFolder(outDir);
    closeAtEnd.push(site.close);
    origin = site.origin;
  });

  it('ships no service worker', () => {
    expect(statSync(join(outDir, 'mockServiceWorker.js'), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('pushes and recalls once with the typed credentials; a second recall is refused', async () => {
    const { page, refused, errors } = await openPage(origin, [origin, server.url]);
    await page.locator('#mode[data-mode="server"]').waitFor();
    expect(await page.locator('#mode').textContent()).toContain(`Server mode — requests go to ${server.url}`);
    expect(await page.locator('#secret-warning').isVisible()).toBe(true);

    await page.getByLabel('App key').fill(TEST_APP.appKey);
    await page.getByLabel('Master secret').fill(TEST_APP.masterSecret);
    await pushAndRecallTwice(page, 'Back in stock');
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });
});
