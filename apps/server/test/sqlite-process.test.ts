// The built server on its SQLite file, as a process: what only a file can suffer.
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  basicAuthorization,
  closeAfterEach,
  pushApps,
  serverExecutable,
  spawnServer,
  startServer,
  type ServerProcessOptions,
} from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { TEST_APP, notificationPush, tempDir } from './helpers.js';

const MAIN = serverExecutable(new URL('../package.json', import.meta.url));
const PUSH_APPS = pushApps(TEST_APP);

const closing = closeAfterEach();
const start = async (options: Omit<ServerProcessOptions, 'main'> = {}) => closing(await startServer({ main: MAIN, ...options }));
const launch = async (options: Omit<ServerProcessOptions, 'main'> = {}) => closing(await spawnServer({ main: MAIN, ...options }));

async function pushOver(url: string, alert: string): Promise<void> {
  const payload = notificationPush();
  payload.body.notification.alert = alert;
  const response = await fetch(`${url}/v4/push`, {
    method: 'POST',
    headers: { authorization: basicAuthorization(TEST_APP), 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  expect(response.status).toBe(200);
}

describe('the server process on a SQLite file', () => {
  it('refuses to start on a damaged database, saying how to recover', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir, env: { PUSH_APPS } });
    await Promise.all(Array.from({ length: 200 }, (_, i) => pushOver(first.url, 'x'.repeat(3000 + i))));
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const file = join(dataDir, 'push-api.sqlite');
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(16 * 1024, 0xa5), 0, 16 * 1024, Math.floor(statSync(file).size / 2));
    closeSync(fd);
    const refused = await launch({ dataDir, env: { PUSH_APPS } });
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toMatch(/push-api\.sqlite is damaged .*\.recover/);
  });
});
