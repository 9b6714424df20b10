// Shared by the tests: the bundled spec, the site served in-process, Prism, and Chromium with
// every request outside the local origin blocked and recorded.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createStaticServer } from '../scripts/lib/static-server.mjs';
import { appDir, distDir, outputDir, specJsonPath } from './paths.js';

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  tag: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const spec: any = JSON.parse(readFileSync(specJsonPath, 'utf8'));

export const operations: Operation[] = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([, operation]) => typeof operation === 'object' && operation !== null && 'operationId' in operation)
    .map(([method, operation]) => ({ operationId: operation.operationId, method: method.toUpperCase(), path, summary: operation.summary, tag: operation.tags[0] })),
);

/** The catalogue of error codes (`x-error-codes` of the `ErrorCode` schema). */
export const errorCodes: { code: number; status: number; message: string; messages?: Record<string, string> }[] =
  spec.components.schemas.ErrorCode['x-error-codes'];

/** The vendor's public test credentials: the mock checks the format of Basic auth only. */
export const TEST_CREDENTIALS = { APP_KEY: 'c96f42e0d2e662e45d035ab1', MASTER_SECRET: 'df4d59e84eac2f9d53b36f12' };

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Site {
  /** URL of the site's root, ending with '/' (e.g. http://127.0.0.1:1234/docs/). */
  url: string;
  origin: string;
  close: () => Promise<void>;
}

/** Serves dist/ in-process, at `/` or under a prefix such as `/docs/` (as the reference server does). */
export async function serveSite(prefix = '/'): Promise<Site> {
  const server: Server = createStaticServer({ root: distDir, prefix });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${prefix}`,
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Prism {
  url: string;
  stop: () => Promise<void>;
}

/** Starts Prism (as `pnpm mock` does: with --errors) on a free port; stop() kills that PID. */
export async function startPrism(): Promise<Prism> {
  const require = createRequire(join(appDir, '..', 'mock', 'package.json'));
  const bin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [bin, 'mock', specJsonPath, '-h', '127.0.0.1', '-p', String(port), '--errors'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited (${child.exitCode}):\n${log}`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      return { url, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await stop();
  throw new Error(`Prism did not answer on ${url}:\n${log}`);
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium from the system (Debian's `chromium`); playwright gives each launch a fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Requests that left the allowed origin (blocked). */
  external: string[];
  /** Console errors, page errors, failed or >= 400 local requests. */
  problems: string[];
}

/**
 * A fresh context and page where every request is checked: the allowed origin (or `file://`
 * for a page opened from disk), `data:` and same-origin `blob:` pass; anything else is aborted
 * and recorded.
 */
export async function watchedPage(browser: Browser, allowed: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // A stuck step fails with its locator, well before the test's own timeout.
  context.setDefaultTimeout(10_000);
  const external: string[] = [];
  const problems: string[] = [];
  const isAllowed = (url: string) =>
    url.startsWith(allowed) || url.startsWith('data:') || (url.startsWith('blob:') && url.slice(5).startsWith(allowed === 'file://' ? 'null' : allowed));
  // file:// pages load their own files without interception (Chromium does not route them).
  await context.route((url) => url.protocol !== 'file:', (route) => {
    const url = route.request().url();
    if (isAllowed(url)) return route.continue();
    external.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (!isAllowed(request.url()) && !external.includes(request.url())) external.push(request.url());
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (isAllowed(request.url())) problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { context, page, external, problems };
}

export function screenshotPath(name: string): string {
  mkdirSync(outputDir, { recursive: true });
  return join(outputDir, name);
}
