// dist/main.cjs runs the bundled program (dist/server.cjs) with the code cache the build wrote
// (src/main.cts, scripts/code-cache.mjs). The start-up line says whether the cache was used; a
// cache that belongs to another program file, or that V8 refuses, only means the program is
// compiled as usual: the server still starts and answers.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeAfterEach, pushApps, startServer, type ServerProcess } from '@push-api/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_APP, authorization, notificationPush, until } from './helpers.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
// Copies live in this package, so that the program finds its packages (better-sqlite3, the spec) from there.
const COPIES = fileURLToPath(new URL('../test-output/launcher/', import.meta.url));
const PROGRAM_FILES = ['main.cjs', 'server.cjs', 'server.cjs.cache'];

const closing = closeAfterEach();
afterAll(() => {
  rmSync(COPIES, { recursive: true, force: true });
});

/**
 * dist/main.cjs with its program and code cache in a folder of their own; with `edited`, the
 * program file is changed after the build without changing its length (one letter of a
 * comment), which V8's own check of a cache (the source's length) does not see.
 */
function copyOfExecutable({ edited = false } = {}): string {
  mkdirSync(COPIES, { recursive: true });
  const dir = mkdtempSync(COPIES);
  for (const file of PROGRAM_FILES) copyFileSync(join(DIST, file), join(dir, file));
  if (edited) {
    const programFile = join(dir, 'server.cjs');
    const text = readFileSync(programFile, 'latin1');
    const at = text.indexOf('// ') + 3;
    writeFileSync(programFile, `${text.slice(0, at)}${text[at] === 'x' ? 'y' : 'x'}${text.slice(at + 1)}`, 'latin1');
  }
  return dir;
}

const start = async (main: string, env: Record<string, string> = {}) =>
  closing(await startServer({ main, env: { PUSH_APPS: pushApps(TEST_APP), ...env } }));

/** The `codeCache` of the start-up line ("push-api server listening on …"). */
function codeCacheOf(server: ServerProcess): unknown {
  const line = server.lines.find((text) => text.includes('"msg":"push-api server listening'));
  if (line === undefined) throw new Error(`no start-up line in:\n${server.output()}`);
  return (JSON.parse(line) as { codeCache?: unknown }).codeCache;
}

/** Starts it and checks that it serves: a push, then its recall. */
async function startAndServe(main: string, env?: Record<string, string>): Promise<unknown> {
  const server = await start(main, env);
  await until(() => server.output().includes('"codeCache"'));
  const headers = { ...authorization(TEST_APP), 'content-type': 'application/json' };
  const pushed = await fetch(`${server.url}/v4/push`, { method: 'POST', headers, body: JSON.stringify(notificationPush()) });
  expect(pushed.status).toBe(200);
  const { msg_id: msgId } = (await pushed.json()) as { msg_id: string };
  const recalled = await fetch(`${server.url}/v4/push/withdraw/${msgId}`, {
    method: 'DELETE',
    headers: { authorization: headers.authorization },
  });
  expect(recalled.status).toBe(200);
  return codeCacheOf(server);
}

describe('the executable and its code cache', () => {
  it('the build made a cache that V8 accepts: the start uses it', async () => {
    expect(await startAndServe(join(DIST, 'main.cjs'))).toBe('used');
  });

  it('a copy of the program with its cache uses it', async () => {
    expect(await startAndServe(join(copyOfExecutable(), 'main.cjs'))).toBe('used');
  });

  it('a program file changed after the build (same length) is not run with the old cache: the start compiles', async () => {
    expect(await startAndServe(join(copyOfExecutable({ edited: true }), 'main.cjs'))).toBe('absent');
  });

  it('a cache V8 refuses (damaged here; also another Node version or other V8 flags) is reported and the start compiles', async () => {
    const dir = copyOfExecutable();
    const cache = readFileSync(join(dir, 'server.cjs.cache'));
    const stamp = cache.subarray(0, cache.indexOf(10) + 1);
    writeFileSync(join(dir, 'server.cjs.cache'), Buffer.concat([stamp, Buffer.alloc(cache.length - stamp.length, 7)]));
    expect(await startAndServe(join(dir, 'main.cjs'))).toBe('rejected');
  });

  it('without a cache file the start compiles', async () => {
    const dir = copyOfExecutable();
    rmSync(join(dir, 'server.cjs.cache'));
    expect(await startAndServe(join(dir, 'main.cjs'))).toBe('absent');
  });

  it('with source maps on, Node loads the program itself (stack traces point into the sources)', async () => {
    expect(await startAndServe(join(DIST, 'main.cjs'), { NODE_OPTIONS: '--enable-source-maps' })).toBe('off');
  });
});
