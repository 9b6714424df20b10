// The built executable (dist/main.js, as `npm i -g` installs it) as a child process against
// the reference server (apps/server/dist/main.cjs, as a process on a free port of 127.0.0.1):
// what an operator types, what they see, and the exit status.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPushClient, RECALL_ERROR_MESSAGES } from '@push-api/client';
import {
  TEST_APP,
  freePort,
  pushApps,
  removeTempDirs,
  serverExecutable,
  startServer,
  tempDir,
  useTestServer,
} from '@push-api/test-support';

const cliMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const serverMain = serverExecutable(import.meta.resolve('@push-api/server/package.json'));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const server = useTestServer(
  () => startServer({ main: serverMain, env: { LOG_LEVEL: 'warn', PUSH_APPS: pushApps(TEST_APP), RATE_LIMIT_PER_SECOND: '0' } }),
  { scope: 'all' },
);

beforeAll(() => {
  if (!existsSync(cliMain))
    throw new Error(`${cliMain} is missing: run \`pnpm --filter @push-api/cli build\` first (turbo does it for \`test\`)`);
});
afterAll(removeTempDirs);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `push-api …` with the test app's credentials in its environment (unless `env` says otherwise). */
function start(args: string[], { stdin, env }: { stdin?: string; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, [cliMain, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      PUSH_APP_KEY: TEST_APP.appKey,
      PUSH_MASTER_SECRET: TEST_APP.masterSecret,
      PUSH_BASE_URL: server().url,
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin ?? '');
  const done = new Promise<Ran>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs `push-api …` to its end. */
const cli = (...args: Parameters<typeof start>): Promise<Ran> => start(...args).done;

const client = () => createPushClient({ ...TEST_APP, baseUrl: server().url, retries: 0 });
const pushSome = (count: number) =>
  Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const { msg_id } = await client().push({ to: 'all', body: { platform: 'all', notification: { alert: `e2e ${index}` } } });
      return msg_id;
    }),
  );

function writeTemp(name: string, text: string): string {
  const path = join(tempDir('push-api-cli-'), name);
  writeFileSync(path, text);
  return path;
}

interface WithdrawJson {
  results: { msg_id: string; ok: boolean; status?: number; code?: number; reason?: string; message?: string; requestId?: string }[];
  summary: { total: number; recalled: number; alreadyRecalled: number; expired: number; notFound: number; failed: number };
}

describe('the executable', () => {
  it('starts with a shebang and is executable', () => {
    expect(readFileSync(cliMain, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => {
      accessSync(cliMain, constants.X_OK);
    }).not.toThrow();
  });

  it('--version prints the package version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help lists the commands, flags, environment variables and exit statuses', async () => {
    const { code, stdout, stderr } = await cli(['--help'], { env: { PUSH_APP_KEY: '', PUSH_MASTER_SECRET: '' } });
    expect([code, stderr]).toEqual([0, '']);
    for (const text of ['withdraw', 'push', 'validate', '--concurrency', '--json', '--base-url', '--region', 'PUSH_APP_KEY']) {
      expect(stdout).toContain(text);
    }
    for (const text of ['PUSH_MASTER_SECRET', 'PUSH_BASE_URL', 'Exit status:', '  0 ', '  1 ', '  2 ']) expect(stdout).toContain(text);
    const withdrawHelp = await cli(['withdraw', '--help']);
    expect(withdrawHelp.code).toBe(0);
    expect(withdrawHelp.stdout).toContain('--concurrency <n>');
    expect((await cli(['help', 'withdraw'])).stdout).toBe(withdrawHelp.stdout);
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['withdraw'], 'missing msg_id'],
    [['withdraw', '--concurrency', '0', '1'], '--concurrency must be a whole number from 1 to 64'],
    [['withdraw', '--region', 'mars', '1'], 'unknown region "mars"'],
    [['push', '--nope'], "Unknown option '--nope'"],
  ])('bad usage %j exits 2 with a message and no stack trace', async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('missing credentials exit 2, naming the environment variables', async () => {
    const { code, stderr } = await cli(['withdraw', '1'], { env: { PUSH_APP_KEY: '', PUSH_MASTER_SECRET: '' } });
    expect(code).toBe(2);
    expect(stderr).toContain('PUSH_APP_KEY');
    expect(stderr).toContain('PUSH_MASTER_SECRET');
  });
});

describe('push, then withdraw', () => {
  it('recalls once (exit 0), then says it has been withdrawn (exit 1)', async () => {
    const pushed = await cli(['push', '--alert', 'Wrong push', '--to', 'all']);
    expect(pushed).toMatchObject({ code: 0, stderr: '' });
    expect(pushed.stdout).toMatch(/^[0-9]{1,20}\n$/);
    const msgId = pushed.stdout.trim();

    const first = await cli(['withdraw', msgId]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`recalled ${msgId}\n`);
    expect(first.stdout).toMatch(/ recalled {10}1\n/);
    expect(first.stderr).toBe('');

    const second = await cli(['withdraw', msgId]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`${msgId}: already recalled: 21003 Parameter value is invalid,msg_id has been withdrawn`);
    expect(second.stdout).toMatch(/already recalled {2}1\n/);
  });

  it('--json prints one JSON document each time', async () => {
    const pushed = await cli(['push', '--json', '--alert', 'Wrong push', '--platform', 'android,ios']);
    expect(pushed.code).toBe(0);
    const { msg_id: msgId } = JSON.parse(pushed.stdout) as { msg_id: string };
    expect(msgId).toMatch(/^[0-9]+$/);

    const first = await cli(['withdraw', '--json', msgId]);
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(JSON.parse(first.stdout)).toEqual({
      results: [{ msg_id: msgId, ok: true, requestId: expect.stringMatching(/./) as string }],
      summary: { total: 1, recalled: 1, alreadyRecalled: 0, expired: 0, notFound: 0, failed: 0 },
    });

    const second = await cli(['withdraw', msgId, '--json']);
    expect([second.code, second.stderr]).toEqual([1, '']);
    const answer = JSON.parse(second.stdout) as WithdrawJson;
    expect(answer.results).toEqual([
      {
        msg_id: msgId,
        ok: false,
        status: 400,
        code: 21003,
        reason: 'msg-id-withdrawn',
        message: RECALL_ERROR_MESSAGES.msgIdWithdrawn,
        requestId: expect.any(String) as string,
      },
    ]);
    expect(answer.summary).toMatchObject({ total: 1, recalled: 0, alreadyRecalled: 1 });
  });

  it('an unknown msg_id is "not found" in the summary', async () => {
    const { code, stdout, stderr } = await cli(['withdraw', '999999999999999999']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/not found {9}1\n/);
    expect(stderr).toContain('999999999999999999: not found: 21003 Parameter value is invalid,msg_id not exist');
  });

  it('many ids at once: the right count of each outcome', async () => {
    const ids = await pushSome(30);
    const recalledBefore = ids.slice(0, 5);
    for (const msgId of recalledBefore) await client().withdraw(msgId);
    const unknown = ['999999999999999991', '999999999999999992', '999999999999999993'];

    const { code, stdout, stderr } = await cli(['withdraw', '--json', '--concurrency', '8', ...ids, ...unknown, 'not-a-number']);
    expect([code, stderr]).toEqual([1, '']);
    const answer = JSON.parse(stdout) as WithdrawJson;
    expect(answer.summary).toEqual({ total: 34, recalled: 25, alreadyRecalled: 5, expired: 0, notFound: 3, failed: 1 });
    expect(answer.results.map((result) => result.msg_id)).toEqual([...ids, ...unknown, 'not-a-number']);
    expect(answer.results.at(-1)).toMatchObject({ ok: false, code: 21003, reason: 'msg-id-not-numeric' });

    // Everything is recalled now: a second run finds every one already recalled.
    const again = await cli(['withdraw', '--concurrency', '64', ...ids]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/recalled {10}0\n {2}already recalled {2}30\n/);
  });

  it('reads the ids from stdin with "-"', async () => {
    const ids = await pushSome(3);
    const { code, stdout } = await cli(['withdraw', '-'], { stdin: `${ids.join('\n')}\n` });
    expect(code).toBe(0);
    for (const msgId of ids) expect(stdout).toContain(`recalled ${msgId}\n`);
  });

  it('a wrong secret: the API refuses with 21004, and the exit status is 4', async () => {
    const { code, stderr } = await cli(['push', '--alert', 'x'], { env: { PUSH_MASTER_SECRET: 'not-the-secret' } });
    expect(code).toBe(4);
    expect(stderr).toContain('push refused: 21004 Verification failed (HTTP 401');
    const ids = await pushSome(30);
    const withdrawn = await cli(['withdraw', '--json', '--concurrency', '2', ...ids], { env: { PUSH_MASTER_SECRET: 'not-the-secret' } });
    expect(withdrawn.code).toBe(4);
    // The first refusal stops the run: the rest are not sent (the right secret still recalls them).
    const { summary, results } = JSON.parse(withdrawn.stdout) as WithdrawJson;
    expect(summary).toMatchObject({ total: 30, recalled: 0, failed: 30 });
    expect(results.filter((result) => result.reason === 'not-sent').length).toBeGreaterThanOrEqual(28);
    expect((await cli(['withdraw', ...ids])).code).toBe(0);
  });
});

describe('day two', () => {
  it('withdraw --dry-run sends no request', async () => {
    let requests = 0;
    const counter = createServer((_request, response) => {
      requests++;
      response.end();
    });
    await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
      const { code, stdout, stderr } = await cli(['withdraw', '--dry-run', '1', '2', '2', '-'], {
        stdin: '3\n',
        env: { PUSH_BASE_URL: url },
      });
      expect(code).toBe(0);
      expect(stdout).toBe('1\n2\n3\n');
      expect(stderr).toContain(`would recall 3 msg_ids of app ${TEST_APP.appKey} at ${url}`);
      expect(requests).toBe(0);
    } finally {
      await new Promise((resolve) => counter.close(resolve));
    }
  });

  it('push --file pushes the file’s body (the server stores what it says)', async () => {
    const body = { to: 'all', body: { platform: ['ios'], notification: { alert: 'From a file' }, options: { cid: `file-${Date.now()}` } } };
    const file = writeTemp('body.json', JSON.stringify(body));
    expect(await cli(['validate', file])).toMatchObject({ code: 0, stdout: 'valid\n' });
    const first = await cli(['push', '--file', file]);
    expect(first.code).toBe(0);
    const msgId = first.stdout.trim();
    // The cid came from the file: pushing it again answers the same message.
    expect((await cli(['push', '--file', '-'], { stdin: JSON.stringify(body) })).stdout.trim()).toBe(msgId);
    expect((await cli(['withdraw', msgId])).code).toBe(0);
    const refused = await cli(['push', '--file', writeTemp('empty.json', '{"to": "all", "body": {"platform": "all"}}')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('push refused: 21002 Required parameter missing');
  });

  it('--ok-if-recalled: a re-run of a partly done recall exits 0', async () => {
    const ids = await pushSome(6);
    await client().withdraw(ids[0]!);
    await client().withdraw(ids[1]!);
    expect((await cli(['withdraw', ...ids])).code).toBe(1);
    const rerun = await cli(['withdraw', '--ok-if-recalled', ...ids]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/already recalled {2}6\n/);
  });

  it('--json-lines, then --only-failed re-runs what failed', async () => {
    const ids = await pushSome(3);
    const first = await cli(['withdraw', '--json-lines', ids[0]!, '999999999999999990']);
    expect(first.stdout.trim().split('\n')).toHaveLength(3);
    const results = writeTemp('run.jsonl', first.stdout);
    const again = await cli(['withdraw', '--only-failed', results, '--json']);
    // "not found" cannot change: nothing to re-run.
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(again.stdout) as WithdrawJson).summary.total).toBe(0);
  });

  it('a profile selects the credentials and the address', async () => {
    const config = tempDir('push-api-config-');
    const secret = writeTemp('secret', `${TEST_APP.masterSecret}\n`);
    const env = { XDG_CONFIG_HOME: config, PUSH_APP_KEY: '', PUSH_MASTER_SECRET: '', PUSH_BASE_URL: '' };
    for (const [key, value] of [
      ['app-key', TEST_APP.appKey],
      ['master-secret-file', secret],
      ['base-url', server().url],
    ]) {
      expect((await cli(['config', 'set', '--profile', 'local', key!, value!], { env })).code).toBe(0);
    }
    expect((await cli(['push', '--alert', 'x'], { env })).code).toBe(2); // no default profile: no credentials
    const pushed = await cli(['push', '--alert', 'From a profile'], { env: { ...env, PUSH_PROFILE: 'local' } });
    expect(pushed.code).toBe(0);
    expect((await cli(['withdraw', '--profile', 'local', pushed.stdout.trim()], { env })).code).toBe(0);
    const mode = statSync(join(config, 'push-api', 'config.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('PUSH_API_DEBUG=api traces each attempt, the wait before the retry, and no secret', async () => {
    let requests = 0;
    // Answers the first request 503 (Retry-After 0), then passes the rest to the server.
    const flaky = createServer((request, response) => {
      if (requests++ === 0) {
        response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
        response.end(JSON.stringify({ error: { code: 27004, message: 'Service temporarily unavailable' } }));
        return;
      }
      const target = new URL(request.url ?? '/', server().url);
      void fetch(target, { method: request.method ?? 'GET', headers: { authorization: request.headers.authorization ?? '' } }).then(
        async (answer) => {
          response.writeHead(answer.status, Object.fromEntries(answer.headers));
          response.end(Buffer.from(await answer.arrayBuffer()));
        },
      );
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const [msgId] = await pushSome(1);
      const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
      const { code, stderr } = await cli(['withdraw', msgId!], { env: { PUSH_BASE_URL: url, PUSH_API_DEBUG: 'api' } });
      expect(code).toBe(0);
      const trace = stderr.split('\n').filter((line) => line.includes(`/v4/push/withdraw/${msgId}`));
      expect(trace).toHaveLength(2);
      expect(trace[0]).toMatch(/DELETE .* 503 .*attempt 1.*retrying in \d+ ms/);
      expect(trace[1]).toMatch(/DELETE .* 200 .*attempt 2/);
      expect(stderr).not.toContain(TEST_APP.masterSecret);
      expect(stderr).not.toContain(Buffer.from(`${TEST_APP.appKey}:${TEST_APP.masterSecret}`).toString('base64'));
    } finally {
      flaky.closeAllConnections();
      await new Promise((resolve) => flaky.close(resolve));
    }
  });

  it('completion bash is a script bash accepts', async () => {
    const { code, stdout } = await cli(['completion', 'bash']);
    expect(code).toBe(0);
    expect(stdout).toContain('complete -o default -F _push_api push-api');
    expect(spawnSync('bash', ['-n'], { input: stdout }).status).toBe(0);
  });
});

describe('validate', () => {
  it('a good body: exit 0', async () => {
    const file = writeTemp('good.json', JSON.stringify({ to: 'all', body: { platform: 'all', notification: { alert: 'hi' } } }));
    expect(await cli(['validate', file])).toEqual({ code: 0, stdout: 'valid\n', stderr: '' });
    const json = await cli(['validate', '--json', file]);
    expect(JSON.parse(json.stdout)).toEqual({ request_id: '', msg_id: '0' });
  });

  it('a file that is not JSON: exit 2, nothing sent', async () => {
    const file = writeTemp('bad.json', '{"to": "all", ');
    const { code, stdout, stderr } = await cli(['validate', file]);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toContain(`${file} is not JSON`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a file that does not exist: exit 2', async () => {
    const { code, stderr } = await cli(['validate', join(tempDir('push-api-cli-'), 'absent.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read');
  });

  it('a body the API refuses: exit 1 with its code', async () => {
    const file = writeTemp('refused.json', JSON.stringify({ to: 'all', body: { platform: 'all' } }));
    const text = await cli(['validate', file]);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('push-api: invalid push: 21002 Required parameter missing');
    const json = await cli(['validate', file, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { status: 400, code: 21002, message: expect.stringContaining('Required parameter missing') as string },
    });
  });
});

describe('no answer', () => {
  it('nothing listening: exit 1 with the network error', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const text = await cli(['push', '--alert', 'x', '--retries', '0'], { env: { PUSH_BASE_URL: url } });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('push-api: push failed: Network error: fetch failed (connect ECONNREFUSED');
    const json = await cli(['withdraw', '--json', '--retries', '0', '1'], { env: { PUSH_BASE_URL: url } });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      results: [{ msg_id: '1', ok: false, reason: 'network-error' }],
      summary: { failed: 1 },
    });
  });

  describe('a server that never answers', () => {
    let silent: Server;
    /** Resolves at the next request the silent server receives. */
    let nextRequest: () => Promise<void>;
    beforeAll(async () => {
      silent = createServer(() => {
        // never answers
      });
      nextRequest = () => new Promise((resolve) => silent.once('request', () => resolve()));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    });
    const silentUrl = () => `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;

    it('--timeout: exit 1 with "No answer within"', async () => {
      const { code, stderr } = await cli(['withdraw', '--timeout', '200', '--retries', '0', '1'], { env: { PUSH_BASE_URL: silentUrl() } });
      expect(code).toBe(1);
      expect(stderr).toContain('1: failed: No answer within 200 ms');
    });

    it('Ctrl-C: stops, reports what happened to each id, exits 130', async () => {
      const requested = nextRequest();
      const run = start(['withdraw', '--json', '--timeout', '0', '--concurrency', '1', '1', '2'], { env: { PUSH_BASE_URL: silentUrl() } });
      await requested; // the first recall is in flight
      run.child.kill('SIGINT');
      const { code, stdout } = await run.done;
      expect(code).toBe(130);
      expect(JSON.parse(stdout)).toEqual({
        results: [
          { msg_id: '1', ok: false, reason: 'interrupted', message: 'interrupted before an answer came' },
          { msg_id: '2', ok: false, reason: 'not-sent', message: 'not sent: stopped before its turn' },
        ],
        summary: { total: 2, recalled: 0, alreadyRecalled: 0, expired: 0, notFound: 0, failed: 2 },
      });
    });
  });
});
