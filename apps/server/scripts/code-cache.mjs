#!/usr/bin/env node
// The build's warm-up run, after scripts/bundle.mjs: starts the built server (dist/main.cjs) on
// a fresh data folder and a free port of 127.0.0.1, sends it what a start and the first
// requests go through (health, the operations with good and bad requests, the spec, a path
// that does not exist), stops it with SIGTERM, and has it write V8's code cache of the program
// on exit (PUSH_API_WRITE_CODE_CACHE=1, read by src/main.cts): dist/server.cjs.cache.
// The push it sends is the spec's own example.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const TIMEOUT_MS = 30_000;
const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const cacheFile = fileURLToPath(new URL('../dist/server.cjs.cache', import.meta.url));
const spec = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('@push-api/spec/openapi.json')), 'utf8'));
const pushExample = Object.values(spec.components.requestBodies.PushRequest.content['application/json'].examples)[0].value;

const appKey = 'c0de0cac4e0000000000c0de';
const secret = 'warm-up-secret-0123456789';
const authorization = `Basic ${Buffer.from(`${appKey}:${secret}`).toString('base64')}`;

rmSync(cacheFile, { force: true });
const dataDir = mkdtempSync(join(tmpdir(), 'push-api-code-cache-'));
// None of the server's configuration from this environment (a DATABASE_URL, say): only PATH,
// and NODE_OPTIONS, since V8 refuses a cache made under other flags than the server's.
const { PATH = '', NODE_OPTIONS } = process.env;
const server = spawn(process.execPath, [main], {
  env: {
    PATH,
    ...(NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS }),
    PUSH_API_WRITE_CODE_CACHE: '1',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    PUSH_APPS: `${appKey}:${secret}`,
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
const timer = setTimeout(() => {
  console.error(`code cache: the server did not start and stop within ${TIMEOUT_MS} ms`);
  server.kill('SIGKILL');
}, TIMEOUT_MS);

try {
  const url = await listeningUrl();
  const request = async (method, path, { body, auth = true } = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(auth ? { authorization } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  await request('GET', '/healthz', { auth: false });
  await request('POST', '/v4/push/validate', { body: pushExample });
  const pushed = await request('POST', '/v4/push', { body: pushExample });
  if (pushed.status !== 200) throw new Error(`code cache: the warm-up push was answered ${pushed.status}`);
  const msgId = pushed.body.msg_id;
  await request('DELETE', `/v4/push/withdraw/${msgId}`);
  await request('DELETE', `/v4/push/withdraw/${msgId}`);
  await request('POST', '/v4/push', { body: { from: 'push' } });
  await request('DELETE', `/v4/push/withdraw/${msgId}`, { auth: false });
  await request('GET', '/openapi.json', { auth: false });
  await request('GET', '/no-such-path', { auth: false });
  server.kill('SIGTERM');
  const { code, signal } = await exited;
  if (code !== 0) throw new Error(`code cache: the warm-up server exited with ${code ?? signal}`);
  if (!existsSync(cacheFile))
    throw new Error('code cache: the server wrote none (with --enable-source-maps in NODE_OPTIONS, it does not use one)');
  console.log(`code cache: dist/server.cjs.cache (${(statSync(cacheFile).size / 1024).toFixed(0)} kB)`);
} catch (error) {
  server.kill('SIGKILL');
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  rmSync(dataDir, { recursive: true, force: true });
}

/** The URL of the start-up log line (JSON on stdout); the lines after it are read and dropped. */
function listeningUrl() {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: server.stdout });
    lines.on('line', (line) => {
      const entry = line.startsWith('{') ? JSON.parse(line) : {};
      if (typeof entry.url === 'string' && entry.msg?.includes('listening')) resolve(entry.url);
    });
    lines.on('close', () => reject(new Error('code cache: the warm-up server stopped before it listened')));
  });
}
