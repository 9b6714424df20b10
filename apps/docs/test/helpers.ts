// Shared by the docs tests: the bundled spec, the operations and error catalogue, the site
// served in-process, and Chromium with every request outside the local origin blocked and
// recorded.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TEST_APP } from '@push-api/test-support';
import { ERROR_CODES, ERROR_MESSAGES, OPERATIONS } from '@push-api/types';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createStaticServer } from '../scripts/lib/static-server.mjs';
import { distDir, outputDir, specJsonPath } from './paths.js';

/** A code sample of an operation, as the bundle carries it (`x-codeSamples`). */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** What the tests read of the bundled spec. */
export interface BundledSpec {
  info: { title: string; version: string };
  servers: { url: string; description: string }[];
  /** Operations by path, then by lower-case method. */
  paths: Record<string, Record<string, { 'x-codeSamples'?: CodeSample[] }>>;
}

/** The bundled spec, as the site ships it. */
export const spec = JSON.parse(readFileSync(specJsonPath, 'utf8')) as BundledSpec;

export const operations = Object.values(OPERATIONS).map(({ operationId, method, path, summary, tags }) => ({
  operationId,
  method,
  path,
  summary,
  tag: tags[0],
}));

/** The error catalogue, with each code's exact messages by name. */
export const errorCodes = ERROR_CODES.map((entry) => ({
  ...entry,
  messages: Object.fromEntries(entry.messages.map((name) => [name, ERROR_MESSAGES[name]])),
}));

/** The test credentials as the code samples read them from the environment. */
export const TEST_CREDENTIALS = { APP_KEY: TEST_APP.appKey, MASTER_SECRET: TEST_APP.masterSecret };

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
    url.startsWith(allowed) ||
    url.startsWith('data:') ||
    (url.startsWith('blob:') && url.slice(5).startsWith(allowed === 'file://' ? 'null' : allowed));
  // file:// pages load their own files without interception (Chromium does not route them).
  await context.route(
    (url) => url.protocol !== 'file:',
    (route) => {
      const url = route.request().url();
      if (isAllowed(url)) return route.continue();
      external.push(url);
      return route.abort('blockedbyclient');
    },
  );
  context.on('request', (request) => {
    if (!isAllowed(request.url()) && !external.includes(request.url())) external.push(request.url());
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // ERR_ABORTED is the browser cancelling a request, as it does for what is still loading
    // (the favicon, say) when the page navigates: not a failure of the site. A missing file
    // is a 4xx answer (below) and a request outside the site is in `external`.
    const error = request.failure()?.errorText;
    if (isAllowed(request.url()) && error !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${error}`);
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
