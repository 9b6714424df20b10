// The two mocks as frontend developers use them: `pnpm mock` (Prism behind the server's
// checks) and `pnpm mock --stateful` (the reference server in memory), each started as
// `pnpm mock` starts it (dist/main.js, MOCK_HOST / MOCK_PORT) and stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP, basicAuthorization, freePort } from '@push-api/test-support';
import { ERROR_MESSAGES, OPERATIONS } from '@push-api/types';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const authorization = basicAuthorization(TEST_APP);
const aPush = { to: 'all', body: { platform: 'all', notification: { alert: 'hi' } } };

interface Started {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

/** Runs dist/main.js with MOCK_HOST / MOCK_PORT until it prints where it listens. */
async function startMain(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH, MOCK_HOST: '127.0.0.1', MOCK_PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(` on ${url}`)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      reject(new Error(`the mock exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      return exited;
    },
  };
}

const send = (url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
  fetch(url, { ...init, headers: { authorization, ...init.headers }, signal: AbortSignal.timeout(5000) });

const postJson = (url: string, body: string, headers: Record<string, string> = {}) =>
  send(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function errorOf(response: Response): Promise<{ code: number; message: string }> {
  const body = (await response.json()) as { error: { code: number; message: string } };
  return body.error;
}

describe('pnpm mock (Prism behind the server’s checks)', () => {
  let mock: Started;
  beforeAll(async () => {
    mock = await startMain([]);
  });
  afterAll(async () => {
    expect(await mock.stop()).toBe(0);
  });

  it('answers malformed JSON at once with the API’s 400 envelope', async () => {
    const started = performance.now();
    const response = await postJson(`${mock.url}/v4/push`, '{"to":');
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({ code: 21003, message: 'Parameter value is invalid,request body is not valid JSON' });
    // Prism alone never answers this request; the bound only says "at once".
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['to is a number', JSON.stringify({ ...aPush, to: 5 }), 'application/json', 21003, /,to /],
    [
      'a notification and a message together',
      JSON.stringify({ ...aPush, body: { ...aPush.body, message: { msg_content: 'x' } } }),
      'application/json',
      21306,
      /notification, message/,
    ],
    ['a text/plain body', 'hi', 'text/plain', 21003, /Content-Type must be application\/json/],
  ])('names what is wrong when %s', async (_case, body, contentType, code, names) => {
    const response = await send(`${mock.url}/v4/push`, { method: 'POST', body, headers: { 'content-type': contentType } });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(names);
    expect(error.message).not.toContain('body.platform');
  });

  it('passes a good request on to Prism, which answers the spec’s example', async () => {
    const response = await postJson(`${mock.url}/v4/push`, JSON.stringify(aPush));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(OPERATIONS.createPush.responses[200].examples.accepted.value);
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('lets Prefer pick a declared example', async () => {
    const response = await send(`${mock.url}/v4/push/withdraw/1828256757`, {
      method: 'DELETE',
      headers: { prefer: 'code=400, example=msgIdWithdrawn' },
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({ code: 21003, message: ERROR_MESSAGES.msgIdWithdrawn });
  });

  it('answers a Prefer asking for an example or a status the operation does not have with 400, naming those there are', async () => {
    const example = await send(`${mock.url}/v4/push/withdraw/1828256757`, {
      method: 'DELETE',
      headers: { prefer: 'code=400, example=nope' },
    });
    expect(example.status).toBe(400);
    expect(await errorOf(example)).toEqual({
      code: 21003,
      message: `Parameter value is invalid,Prefer: example=nope is not an example of DELETE /v4/push/withdraw/{msg_id} 400; there are ${Object.keys(OPERATIONS.withdrawMessage.responses[400].examples).join(', ')}`,
    });
    const status = await send(`${mock.url}/v4/push/withdraw/1828256757`, { method: 'DELETE', headers: { prefer: 'code=418' } });
    expect(status.status).toBe(400);
    expect((await errorOf(status)).message).toBe(
      `Parameter value is invalid,Prefer: code=418 is not a status of DELETE /v4/push/withdraw/{msg_id}; it declares ${Object.keys(OPERATIONS.withdrawMessage.responses).join(', ')}`,
    );
  });

  it('refuses a time offset, which only the stateful mock honours', async () => {
    const response = await send(`${mock.url}/v4/push/withdraw/1828256757`, { method: 'DELETE', headers: { prefer: 'time-offset=86400' } });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/time-offset is honoured only by the stateful mock/);
  });

  it('answers missing credentials with 401 in the envelope', async () => {
    const response = await fetch(`${mock.url}/v4/push/withdraw/1`, { method: 'DELETE' });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe(21004);
  });

  it('started without an error in its log (its readiness probe is not a request)', () => {
    expect(mock.output()).not.toMatch(/error|✖/i);
  });
});

describe('pnpm mock --stateful (the reference server in memory)', () => {
  let mock: Started;
  beforeAll(async () => {
    mock = await startMain(['--stateful']);
  });
  afterAll(async () => {
    expect(await mock.stop()).toBe(0);
  });

  const push = async (headers: Record<string, string> = {}) => {
    const response = await postJson(`${mock.url}/v4/push`, JSON.stringify(aPush), headers);
    expect(response.status).toBe(200);
    return ((await response.json()) as { msg_id: string }).msg_id;
  };
  const recall = (msgId: string, headers: Record<string, string> = {}) =>
    send(`${mock.url}/v4/push/withdraw/${msgId}`, { method: 'DELETE', headers });

  it('prints the test app’s credentials', () => {
    expect(mock.output()).toContain(TEST_APP.appKey);
    expect(mock.output()).toContain(TEST_APP.masterSecret);
  });

  it('recalls a message once, then refuses it', async () => {
    const msgId = await push();
    expect(BigInt(msgId)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    const first = await recall(msgId);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ request_id: '', msg_id: msgId });
    const again = await recall(msgId);
    expect(again.status).toBe(400);
    expect(await errorOf(again)).toEqual({ code: 21003, message: ERROR_MESSAGES.msgIdWithdrawn });
  });

  it('judges a request with Prefer: time-offset as if that many seconds had passed', async () => {
    const lastSecond = await push();
    expect((await recall(lastSecond, { prefer: 'time-offset=86399' })).status).toBe(200);
    const expired = await push();
    const late = await recall(expired, { prefer: 'time-offset=86400' });
    expect(late.status).toBe(400);
    expect(await errorOf(late)).toEqual({ code: 21003, message: ERROR_MESSAGES.msgIdExpired });
    // The offset was for that request only: the message is still recallable now.
    expect((await recall(expired)).status).toBe(200);
  });

  it.each(['-5', '1.5', 'soon', '999999999999'])('refuses time-offset=%s', async (value) => {
    const response = await recall('1', { prefer: `time-offset=${value}` });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/time-offset must be whole seconds from 0 to \d+/);
  });

  it('answers a browser’s preflight for any origin, Prefer allowed', async () => {
    const response = await fetch(`${mock.url}/v4/push/withdraw/1`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization, prefer',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('prefer');
  });
});

describe('bad usage', () => {
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [MAIN, ...args], {
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        resolve({ code, output });
      });
    });

  it('exits 2 naming a bad MOCK_PORT', async () => {
    const { code, output } = await run([], { MOCK_PORT: 'eighty' });
    expect(code).toBe(2);
    expect(output).toContain('MOCK_PORT must be a port number from 1 to 65535, not "eighty"');
  });

  it('prints its usage for --help, also when pnpm passes a "--" before it (exit 0)', async () => {
    for (const args of [['--help'], ['--', '--help']]) {
      const { code, output } = await run(args, {});
      expect(code).toBe(0);
      expect(output).toContain('Usage: pnpm mock [--stateful]');
    }
  });

  it('exits 2 on an unknown option, with the usage', async () => {
    const { code, output } = await run(['--statefull'], {});
    expect(code).toBe(2);
    expect(output).toMatch(/Unknown option '--statefull'[\s\S]*Usage: pnpm mock \[--stateful\]/);
  });
});
