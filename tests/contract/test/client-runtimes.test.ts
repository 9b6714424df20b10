// The client runs where its README says it does: its smoke scenario (src/client-smoke.ts) with
// the built client, in Node, under Bun and Deno (bundled into one file with esbuild, as an
// app's build would), and in a Chromium page on another origin than the server (CORS) — each
// against the reference server, each giving the same report. Deno runs it with the network
// permission only: the client must not need the environment.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from '@push-api/client';
import { TEST_APP, tempDir, useTestServer } from '@push-api/test-support';
import { launchChromium } from '@push-api/test-support/browser';
import { runtimeExecutable } from '@push-api/test-support/runtimes';
import { smoke, type SmokeReport } from '../src/client-smoke.js';
import { startServer } from '../src/targets.js';

const server = useTestServer(() => startServer({ RATE_LIMIT_PER_SECOND: '0' }), { scope: 'all' });
const scenario = fileURLToPath(new URL('../src/client-smoke.ts', import.meta.url));

const expected: SmokeReport = {
  pushed: true,
  validated: true,
  recalled: true,
  requestIdOnResult: true,
  again: { instanceOfPushApiError: true, isPushApiError: true, status: 400, code: 21003, reason: 'msg-id-withdrawn' },
  alreadyWithdrawnOk: true,
  bulk: { total: 3, recalled: 1, alreadyRecalled: 1, expired: 0, notFound: 1, failed: 0 },
  // One line per attempt: push, validate, withdraw ×3, push, three recalls.
  logLines: 9,
  secretInLog: false,
};

/** The scenario and the built client in one file: a script for Bun and Deno, or a page's script. */
async function bundled(entry: string, format: 'esm' | 'iife'): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL('../src/', import.meta.url)), loader: 'ts' },
    bundle: true,
    format,
    platform: format === 'esm' ? 'neutral' : 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

describe('the client’s smoke scenario', () => {
  const credentials = () => ({ baseUrl: server().url, ...TEST_APP });

  it('in Node', async () => {
    expect(await smoke(client, credentials())).toEqual(expected);
  });

  describe.each([
    ['Bun', 'bun', []],
    ['Deno', 'deno', ['run', '--allow-net=127.0.0.1']],
  ] as const)('under %s', (_, runtime, args) => {
    it('gives the same report', { timeout: 60_000 }, async () => {
      const script = join(tempDir('push-api-client-smoke-'), 'smoke.mjs');
      writeFileSync(
        script,
        await bundled(
          `import * as client from '@push-api/client';
import { smoke } from ${JSON.stringify(scenario)};
const [baseUrl, appKey, masterSecret] = globalThis.Deno ? Deno.args : process.argv.slice(2);
console.log(JSON.stringify(await smoke(client, { baseUrl, appKey, masterSecret })));`,
          'esm',
        ),
      );
      const { baseUrl, appKey, masterSecret } = credentials();
      const output = execFileSync(runtimeExecutable(runtime), [...args, script, baseUrl, appKey, masterSecret], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
        timeout: 50_000,
      });
      expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual(expected);
    });
  });

  describe('in Chromium, from a page of another origin', () => {
    let browser: Browser;
    let site: Server;
    let origin: string;
    beforeAll(async () => {
      const page = await bundled(
        `import * as client from '@push-api/client';
import { smoke } from ${JSON.stringify(scenario)};
window.runSmoke = (options) => smoke(client, { browser: true, ...options });`,
        'iife',
      );
      site = createServer((request, response) => {
        if (request.url === '/smoke.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(page);
        else
          response
            .writeHead(200, { 'content-type': 'text/html' })
            .end('<!doctype html><title>smoke</title><script src="/smoke.js"></script>');
      });
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      await browser.close();
      await new Promise((resolve) => site.close(resolve));
    });

    it('gives the same report, with dangerouslyAllowBrowser', async () => {
      const context = await browser.newContext();
      const apiOrigin = new URL(server().url).origin;
      // Nothing but the page's server and the API's.
      await context.route(
        (url) => url.origin !== origin && url.origin !== apiOrigin,
        (route) => route.abort(),
      );
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      const report = await page.evaluate(
        (options) => (window as unknown as { runSmoke: (o: typeof options) => Promise<SmokeReport> }).runSmoke(options),
        credentials(),
      );
      expect(report).toEqual(expected);
      // Without the opt-in, the client refuses to start in a page.
      const refusal = await page.evaluate(
        (options) =>
          (window as unknown as { runSmoke: (o: typeof options) => Promise<SmokeReport> }).runSmoke(options).then(
            () => 'started',
            (error: unknown) => String(error),
          ),
        { ...credentials(), browser: false },
      );
      expect(refusal).toContain('dangerouslyAllowBrowser: true');
      await context.close();
    });
  });
});
