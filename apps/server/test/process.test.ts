// The built server as a real process (dist/main.cjs): start-up output, crash safety
// (SIGKILL right after a 200 loses nothing), graceful shutdown with a request in flight,
// the production guard, app:create, and two processes sharing one DATA_DIR.
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { closeAfterEach, pushApps, serverExecutable, spawnServer, startServer, type ServerProcessOptions } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '@push-api/types';
import { basicAuthorization, type Credentials } from '@push-api/engine';
import { TEST_APP, engineEnv, notificationPush, tempDir, until } from './helpers.js';

const MAIN = serverExecutable(new URL('../package.json', import.meta.url));
const APP_CREATE = fileURLToPath(new URL('../dist/cli/app-create.js', import.meta.url));
const PUSH_APPS = pushApps(TEST_APP);

const closing = closeAfterEach();
const start = async (options: Omit<ServerProcessOptions, 'main'> = {}) => closing(await startServer({ main: MAIN, ...options }));
const launch = async (options: Omit<ServerProcessOptions, 'main'> = {}) => closing(await spawnServer({ main: MAIN, ...options }));

const auth = (credentials: Credentials = TEST_APP) => ({ authorization: basicAuthorization(credentials) });

async function pushOver(url: string, credentials: Credentials = TEST_APP, alert?: string): Promise<string> {
  const payload = notificationPush();
  if (alert !== undefined) payload.body.notification.alert = alert;
  const response = await fetch(`${url}/v4/push`, {
    method: 'POST',
    headers: { ...auth(credentials), 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { msg_id: string }).msg_id;
}

const recallOver = (url: string, msgId: string, credentials: Credentials = TEST_APP) =>
  fetch(`${url}/v4/push/withdraw/${msgId}`, {
    method: 'DELETE',
    headers: { ...auth(credentials), 'content-type': 'application/json; charset=utf-8' },
  });

describe('the server process', () => {
  it('on a first start without apps: logs its URL, prints a development app that works', async () => {
    const server = await start({ env: await engineEnv() });
    // The credentials are printed before the server listens; its "listening" line comes after.
    const listening = `"msg":"push-api server listening on ${server.url}"`;
    await until(() => server.output().includes('masterSecret:') && server.output().includes(listening));
    const text = server.output();
    expect(text).toContain(listening);
    expect(text).toContain('development app (created now)');
    const appKey = /appKey:\s+([0-9a-f]{24})/.exec(text)?.[1];
    const masterSecret = /masterSecret:\s+([0-9a-f]{24})/.exec(text)?.[1];
    expect(appKey && masterSecret).toBeTruthy();
    const msgId = await pushOver(server.url, { appKey: appKey!, masterSecret: masterSecret! });
    expect(msgId).toMatch(/^[0-9]+$/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('loses nothing when killed (SIGKILL) right after a 200: messages and recalled state survive', async () => {
    const dataDir = tempDir();
    const env = { ...(await engineEnv()), PUSH_APPS };
    const first = await start({ dataDir, env });
    const kept = await pushOver(first.url);
    const recalled = await pushOver(first.url);
    expect((await recallOver(first.url, recalled)).status).toBe(200);
    first.kill('SIGKILL');
    await first.exited;

    const second = await start({ dataDir, env });
    const again = await recallOver(second.url, recalled);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { message: string } }).error.message).toBe(ERROR_MESSAGES.msgIdWithdrawn);
    const keptRecall = await recallOver(second.url, kept);
    expect(keptRecall.status).toBe(200);
    expect(await keptRecall.json()).toEqual({ request_id: '', msg_id: kept });
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const server = await start({ env: { ...(await engineEnv()), PUSH_APPS } });
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
    server.kill('SIGTERM');
    await until(() => server.lines.some((line) => line.includes('shutting down')));
    socket.write(body);
    await ended;
    expect(answer).toMatch(/HTTP\/1\.1 200 /);
    expect(answer).toContain('"request_id":"in-flight"');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it('on SIGTERM, a request sent on an idle keep-alive connection after the signal is answered, with Connection: close', async () => {
    const server = await start({ env: { ...(await engineEnv()), PUSH_APPS } });
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let answers = '';
    socket.on('data', (chunk: Buffer) => (answers += chunk.toString('utf8')));
    const closed = new Promise<boolean>((resolve) => socket.on('close', (hadError) => resolve(hadError)));
    const request = (id: string) => {
      const body = JSON.stringify(notificationPush({ request_id: id }));
      socket.write(
        `POST /v4/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth().authorization}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    };
    request('before');
    await until(() => answers.includes('"request_id":"before"'));
    // The connection is now idle; the server must not cut it while the next request is on its way.
    server.kill('SIGTERM');
    await until(() => server.lines.some((line) => line.includes('shutting down')));
    request('after');
    expect(await closed).toBe(false);
    const second = answers.slice(answers.indexOf('"request_id":"before"'));
    expect(second).toMatch(/HTTP\/1\.1 200 /);
    expect(second).toContain('"request_id":"after"');
    expect(second.toLowerCase()).toContain('connection: close');
    expect(await server.exited).toBe(0);
  });

  it('refuses NODE_ENV=production while the development app is the only app', async () => {
    const dataDir = tempDir();
    const db = await engineEnv();
    const dev = await start({ dataDir, env: db });
    dev.kill('SIGTERM');
    await dev.exited;
    const refused = await launch({ dataDir, env: { ...db, NODE_ENV: 'production' } });
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain('refusing to start in production with only the development app');
  });

  it('exits 1 with a clear message on a bad environment', async () => {
    const bad = await launch({ env: { PORT: 'eighty' } });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('PORT must be an integer from 0 to 65535, got "eighty"');
  });

  it('app:create prints credentials once, and a running server accepts them at once', async () => {
    const dataDir = tempDir();
    const db = await engineEnv();
    const server = await start({ dataDir, env: { ...db, PUSH_APPS } });
    const cliEnv = { ...db, DATA_DIR: dataDir };
    const { stdout } = await promisify(execFile)(process.execPath, [APP_CREATE, '--json'], { env: cliEnv });
    const created = JSON.parse(stdout) as Credentials & { authorization: string };
    expect(created.authorization).toBe(basicAuthorization(created));
    const msgId = await pushOver(server.url, created);
    // Apps cannot see each other's messages.
    const foreign = await recallOver(server.url, msgId, TEST_APP);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toBe(ERROR_MESSAGES.msgIdNotExist);
    expect((await recallOver(server.url, msgId, created)).status).toBe(200);

    const { stdout: human } = await promisify(execFile)(process.execPath, [APP_CREATE, '--app-key', 'my-app'], { env: cliEnv });
    expect(human).toContain('appKey:        my-app');
    await expect(promisify(execFile)(process.execPath, [APP_CREATE, '--app-key', 'my-app'], { env: cliEnv })).rejects.toThrow(
      /already exists/,
    );
  });

  it('two processes on one store: unique msg_ids, and of 50 concurrent recalls exactly one 200', async () => {
    const dataDir = tempDir();
    const env = { ...(await engineEnv()), PUSH_APPS };
    const a = await start({ dataDir, env });
    const b = await start({ dataDir, env });
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => pushOver(i % 2 ? a.url : b.url)));
    expect(new Set(ids).size).toBe(40);

    const target = ids[0]!;
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => recallOver(i % 2 ? a.url : b.url, target)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(49);
  });
});
