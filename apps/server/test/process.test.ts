// The built server as a real process (dist/main.js): start-up output, crash safety
// (SIGKILL right after a 200 loses nothing), graceful shutdown with a request in flight,
// the production guard, app:create, and two processes sharing one DATA_DIR.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '@push-api/types';
import { basicAuthorization, type Credentials } from '../src/auth/credentials.js';
import { VENDOR_APP, notificationPush, tempDir } from './helpers.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const APP_CREATE = fileURLToPath(new URL('../dist/cli/app-create.js', import.meta.url));
const PUSH_APPS = `${VENDOR_APP.appKey}:${VENDOR_APP.masterSecret}`;

interface RunningServer {
  child: ChildProcess;
  url: string;
  output: string[];
  exit: Promise<number | null>;
}

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  running.clear();
});

function launch(env: Record<string, string>): { child: ChildProcess; output: string[]; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n'));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exit };
}

async function start(env: Record<string, string>): Promise<RunningServer> {
  const { child, output, exit } = launch(env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in:\n${output.join('\n')}`)), 10_000);
    const look = () => {
      for (const line of output) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg?.startsWith('push-api server listening on ') && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
          return;
        }
      }
      if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`exited ${child.exitCode}:\n${output.join('\n')}`));
      } else setTimeout(look, 10);
    };
    look();
  });
  return { child, url, output, exit };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const auth = (credentials: Credentials = VENDOR_APP) => ({ authorization: basicAuthorization(credentials) });

async function pushOver(url: string, credentials: Credentials = VENDOR_APP): Promise<string> {
  const response = await fetch(`${url}/v4/push`, {
    method: 'POST',
    headers: { ...auth(credentials), 'content-type': 'application/json' },
    body: JSON.stringify(notificationPush()),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { msg_id: string }).msg_id;
}

const recallOver = (url: string, msgId: string, credentials: Credentials = VENDOR_APP) =>
  fetch(`${url}/v4/push/withdraw/${msgId}`, {
    method: 'DELETE',
    headers: { ...auth(credentials), 'content-type': 'application/json; charset=utf-8' },
  });

describe('the server process', () => {
  it('on a first start without apps: logs its URL, prints a development app that works', async () => {
    const server = await start({ DATA_DIR: tempDir() });
    const text = server.output.join('\n');
    expect(text).toContain('development app (created now)');
    const appKey = /appKey:\s+([0-9a-f]{24})/.exec(text)?.[1];
    const masterSecret = /masterSecret:\s+([0-9a-f]{24})/.exec(text)?.[1];
    expect(appKey && masterSecret).toBeTruthy();
    const msgId = await pushOver(server.url, { appKey: appKey!, masterSecret: masterSecret! });
    expect(msgId).toMatch(/^[0-9]+$/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });

  it('loses nothing when killed (SIGKILL) right after a 200: messages and recalled state survive', async () => {
    const dataDir = tempDir();
    const first = await start({ DATA_DIR: dataDir, PUSH_APPS });
    const kept = await pushOver(first.url);
    const recalled = await pushOver(first.url);
    expect((await recallOver(first.url, recalled)).status).toBe(200);
    first.child.kill('SIGKILL');
    await first.exit;

    const second = await start({ DATA_DIR: dataDir, PUSH_APPS });
    const again = await recallOver(second.url, recalled);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { message: string } }).error.message).toBe(ERROR_MESSAGES.msgIdWithdrawn);
    const keptRecall = await recallOver(second.url, kept);
    expect(keptRecall.status).toBe(200);
    expect(await keptRecall.json()).toEqual({ request_id: '', msg_id: kept });
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const server = await start({ DATA_DIR: tempDir(), PUSH_APPS });
    const { port } = new URL(server.url);
    const body = JSON.stringify(notificationPush({ request_id: 'in-flight' }));
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // The headers (the server's "100 Continue" proves it is handling the request), then the
    // signal (its "shutting down" line proves close() began), then the body.
    socket.write(
      `POST /v4/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth().authorization}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await until(() => answer.includes('100 Continue'));
    server.child.kill('SIGTERM');
    await until(() => server.output.some((line) => line.includes('shutting down')));
    socket.write(body);
    await ended;
    expect(answer).toMatch(/HTTP\/1\.1 200 /);
    expect(answer).toContain('"request_id":"in-flight"');
    expect(await server.exit).toBe(0);
    expect(server.output.join('\n')).toContain('"msg":"stopped"');
  });

  it('refuses NODE_ENV=production while the development app is the only app', async () => {
    const dataDir = tempDir();
    const dev = await start({ DATA_DIR: dataDir });
    dev.child.kill('SIGTERM');
    await dev.exit;
    const refused = launch({ DATA_DIR: dataDir, NODE_ENV: 'production' });
    expect(await refused.exit).toBe(1);
    expect(refused.output.join('\n')).toContain('refusing to start in production with only the development app');
  });

  it('exits 1 with a clear message on a bad environment', async () => {
    const bad = launch({ DATA_DIR: tempDir(), PORT: 'eighty' });
    expect(await bad.exit).toBe(1);
    expect(bad.output.join('\n')).toContain('PORT must be an integer from 0 to 65535, got "eighty"');
  });

  it('app:create prints credentials once, and a running server accepts them at once', async () => {
    const dataDir = tempDir();
    const server = await start({ DATA_DIR: dataDir, PUSH_APPS });
    const { stdout } = await promisify(execFile)(process.execPath, [APP_CREATE, '--json'], { env: { DATA_DIR: dataDir } });
    const created = JSON.parse(stdout) as Credentials & { authorization: string };
    expect(created.authorization).toBe(basicAuthorization(created));
    const msgId = await pushOver(server.url, created);
    // Apps cannot see each other's messages.
    const foreign = await recallOver(server.url, msgId, VENDOR_APP);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toBe(ERROR_MESSAGES.msgIdNotExist);
    expect((await recallOver(server.url, msgId, created)).status).toBe(200);

    const { stdout: human } = await promisify(execFile)(process.execPath, [APP_CREATE, '--app-key', 'my-app'], { env: { DATA_DIR: dataDir } });
    expect(human).toContain('appKey:        my-app');
    await expect(promisify(execFile)(process.execPath, [APP_CREATE, '--app-key', 'my-app'], { env: { DATA_DIR: dataDir } })).rejects.toThrow(
      /already exists/,
    );
  });

  it('two processes on one DATA_DIR: unique msg_ids, and of 50 concurrent recalls exactly one 200', async () => {
    const dataDir = tempDir();
    const a = await start({ DATA_DIR: dataDir, PUSH_APPS });
    const b = await start({ DATA_DIR: dataDir, PUSH_APPS });
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => pushOver(i % 2 ? a.url : b.url)));
    expect(new Set(ids).size).toBe(40);

    const target = ids[0]!;
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => recallOver(i % 2 ? a.url : b.url, target)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(49);
  });
});
