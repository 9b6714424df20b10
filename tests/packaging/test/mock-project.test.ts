// @push-api/mock as a frontend or client team uses it, outside this monorepo: the packed
// tarballs (mock, engine, client) installed with npm into a project that has msw and vitest
// (tests/packaging/consumer), and a vitest file of that project's, written as its README
// shows, that pushes, recalls (200), recalls again (the client's PushApiError: "has been
// withdrawn"), moves the clock a day on another message (expired) and meets a forced 429 —
// with no port opened: the run's processes are started with `net.Server.prototype.listen`
// made to throw.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@push-api/test-support';
import { consumerProject } from '@push-api/test-support/runtimes';

const packageDir = (name: string) => dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`)));

const TEST_FILE = `import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createPushClient, PushApiError } from '@push-api/client';
import { createFakePushApi } from '@push-api/mock';
import { pushApiHandlers } from '@push-api/mock/msw';

const fake = createFakePushApi();
const server = setupServer(...pushApiHandlers(fake));
beforeAll(() => server.listen({ onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as never));
afterEach(() => {
  server.resetHandlers();
  fake.reset();
});
afterAll(() => server.close());

const client = createPushClient({ ...fake.credentials, retries: 0 });
const push = () => client.push({ to: 'all', body: { platform: 'all', notification: { alert: 'Hello' } } });
const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal'); }, (error: unknown) => error as PushApiError);

it('pushes, recalls (200), and the second recall has been withdrawn', async () => {
  const { msg_id } = await push();
  expect(await client.withdraw(msg_id)).toEqual({ request_id: '', msg_id });
  const again = await refusal(client.withdraw(msg_id));
  expect(again).toBeInstanceOf(PushApiError);
  expect(again.isAlreadyWithdrawn).toBe(true);
  expect(again.message).toBe('Parameter value is invalid,msg_id has been withdrawn');
});

it('a message recalled a day after it was pushed has expired', async () => {
  const { msg_id } = await push();
  fake.clock.advance(24 * 60 * 60 * 1000);
  expect((await refusal(client.withdraw(msg_id))).isExpired).toBe(true);
});

it('a forced 429 reaches the client as a rate-limit refusal', async () => {
  const { msg_id } = await push();
  fake.failNext('withdrawMessage', { status: 429, retryAfterMs: 1000 });
  const limited = await refusal(client.withdraw(msg_id));
  expect([limited.status, limited.isRateLimited]).toEqual([429, true]);
  expect((await client.withdraw(msg_id)).msg_id).toBe(msg_id);
});
`;

const NO_PORT = `import net from 'node:net';
net.Server.prototype.listen = function listen() {
  throw new Error('a port was opened');
};
`;

let project: string;

beforeAll(() => {
  const work = tempDir('push-api-mock-project-');
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const name of ['@push-api/engine', '@push-api/mock', '@push-api/client']) {
    execFileSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: packageDir(name), stdio: 'pipe' });
  }
  project = join(work, 'project');
  cpSync(consumerProject(), project, { recursive: true });
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', ...readdirSync(tarballs).map((file) => join(tarballs, file))], {
    cwd: project,
    stdio: 'pipe',
  });
  writeFileSync(join(project, 'recall.test.ts'), TEST_FILE);
  writeFileSync(join(project, 'no-port.mjs'), NO_PORT);
}, 120_000);

const run = (args: string[]) =>
  spawnSync(process.execPath, args, {
    cwd: project,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_OPTIONS: '--import ./no-port.mjs', NO_COLOR: '1' },
  });

describe('@push-api/mock in a project of its own, with msw and vitest', () => {
  it('the guard works: opening a port fails under it', () => {
    const attempt = run(['-e', "require('node:net').createServer().listen(0)"]);
    expect(attempt.status).not.toBe(0);
    expect(attempt.stderr).toContain('a port was opened');
  });

  it("the project's vitest file pushes, recalls, is refused a second recall, sees an expiry and a 429, opening no port", () => {
    const result = run([join('node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=verbose']);
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toMatch(/Tests\s+3 passed/);
    expect(output).not.toContain('a port was opened');
  });
});
