// WORKERS=2: several processes on one port, one store. msg_id, cid and "one recall wins" hold
// across them; the start-up output is printed once; a worker that dies is replaced; SIGTERM
// stops them all, gracefully.
import { execFileSync } from 'node:child_process';
import { closeAfterEach, pushApps, serverExecutable, startServer } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { TEST_APP, authorization, engineEnv, notificationPush, until } from './helpers.js';

const MAIN = serverExecutable(new URL('../package.json', import.meta.url));
const closing = closeAfterEach();

/** Workers take longer than one process to start and to be replaced. */
const WORKERS_WAIT = { timeoutMs: 10_000, intervalMs: 20 };

/** The PIDs of the primary's child processes (its workers). */
const workersOf = (pid: number) =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)])
    .toString()
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);

const post = (url: string, body: unknown) =>
  fetch(`${url}/v4/push`, {
    method: 'POST',
    headers: { ...authorization(TEST_APP), 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as { msg_id: string; request_id: string } }));

describe('WORKERS=2', () => {
  it('one port, one store: unique ids, one message per cid, one recall wins, answered by both workers', async () => {
    const server = closing(
      await startServer({
        main: MAIN,
        env: { ...(await engineEnv()), WORKERS: '2', PUSH_APPS: pushApps(TEST_APP), RATE_LIMIT_PER_SECOND: '0' },
      }),
    );
    await until(() => workersOf(server.pid).length === 2, WORKERS_WAIT);
    await until(() => server.output().includes('push-api server listening'), WORKERS_WAIT);
    expect(server.lines.filter((line) => line.includes('"msg":"push-api server listening')).length).toBe(1);
    expect(server.output()).toContain('"workers":2');

    const pushes = await Promise.all(Array.from({ length: 40 }, () => post(server.url, notificationPush())));
    expect(pushes.every((push) => push.status === 200)).toBe(true);
    expect(new Set(pushes.map((push) => push.body.msg_id)).size).toBe(40);

    const repeats = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(server.url, notificationPush({ request_id: `r${i}` }, { cid: 'one-cid' }))),
    );
    expect(new Set(repeats.map((repeat) => repeat.body.msg_id)).size).toBe(1);

    const target = pushes[0]!.body.msg_id;
    const recalls = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${server.url}/v4/push/withdraw/${target}`, {
          method: 'DELETE',
          headers: { ...authorization(TEST_APP), connection: 'close' },
        }).then((r) => r.status),
      ),
    );
    expect(recalls.filter((status) => status === 200)).toHaveLength(1);
    expect(recalls.filter((status) => status === 400)).toHaveLength(49);

    const answeredBy = new Set(
      server.lines.filter((line) => line.includes('"msg":"request completed"')).map((line) => (JSON.parse(line) as { pid: number }).pid),
    );
    expect(answeredBy.size).toBe(2);
    expect(answeredBy.has(server.pid)).toBe(false);
  });

  it('prints the development app once; replaces a worker that dies; SIGTERM stops them all and exits 0', async () => {
    const server = closing(await startServer({ main: MAIN, env: { ...(await engineEnv()), WORKERS: '2' } }));
    await until(() => server.output().includes('masterSecret:'), WORKERS_WAIT);
    expect(server.output().split('development app (created now)').length - 1).toBe(1);
    await until(() => workersOf(server.pid).length === 2, WORKERS_WAIT);

    const [victim] = workersOf(server.pid);
    process.kill(victim!, 'SIGKILL');
    await until(() => server.output().includes('a worker died: starting another'), WORKERS_WAIT);
    await until(() => workersOf(server.pid).length === 2 && !workersOf(server.pid).includes(victim!), WORKERS_WAIT);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const workers = workersOf(server.pid);
    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    for (const worker of workers) expect(() => process.kill(worker, 0)).toThrow();
  });
});
