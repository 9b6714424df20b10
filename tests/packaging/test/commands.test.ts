// The README's `pnpm start` as a newcomer meets it: run from the repository's root, it builds
// quietly and its first screen says where the API, the docs and the credentials are; Ctrl-C
// (SIGINT to the whole process group, as a terminal sends it) stops it quietly with exit 0;
// a port in use stops it with a message saying what to set, and no stack trace.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '@push-api/test-support';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const running: Started[] = [];
afterEach(() => {
  for (const { child } of running.splice(0)) if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
});

/** `pnpm start` in a process group of its own (as a terminal runs it), stdout and stderr kept together. */
function pnpmStart(env: Record<string, string>): Started {
  const child = spawn('pnpm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = { child, output: () => output, exited: new Promise<number | null>((resolve) => child.once('exit', resolve)) };
  running.push(started);
  return started;
}

async function until<T>(what: string, probe: () => T | undefined, started: Started, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${what}; output:\n${started.output()}`);
}

describe('pnpm start, as a newcomer runs it', () => {
  it('shows the server, its docs and the development app first, and Ctrl-C stops it quietly', async () => {
    const server = pnpmStart({ PORT: '0', DATA_DIR: tempDir('push-api-start-') });
    const url = await until('first screen', () => /push-api server on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())?.[1], server);
    await until('credentials', () => (server.output().includes('/v4/push/withdraw/<msg_id>') ? true : undefined), server);
    const screen = server.output();
    // Nothing of the build (turbo's or Redocly's output) before it: a few log lines, then the block.
    expect(screen.slice(0, screen.indexOf('push-api server on')).split('\n').filter(Boolean).length).toBeLessThanOrEqual(4);
    expect(screen).not.toMatch(/Tasks:|cache (hit|miss)|Redocly|redocly/);
    expect(screen).toContain(`docs ${url}/docs/`);
    expect(screen).toMatch(/"node":"v(2[4-9]|[3-9]\d)\./);

    const appKey = /appKey: +(\S+)/.exec(screen)?.[1] ?? '';
    const masterSecret = /masterSecret: +(\S+)/.exec(screen)?.[1] ?? '';
    const pushed = await fetch(`${url}/v4/push`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${appKey}:${masterSecret}`)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'all', body: { platform: 'all', notification: { alert: 'Hello' } } }),
    });
    expect(pushed.status).toBe(200);
    const browser = await fetch(`${url}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/docs/');

    const before = server.output().length;
    process.kill(-(server.child.pid ?? 0), 'SIGINT');
    expect(await server.exited).toBe(0);
    const after = server.output().slice(before);
    expect(after).not.toMatch(/ELIFECYCLE|Command failed|Tasks:|successful/);
  });

  it('a port in use: says to set PORT, with no stack trace', async () => {
    const first = pnpmStart({ PORT: '0', DATA_DIR: tempDir('push-api-start-') });
    const port = await until('first screen', () => /push-api server on http:\/\/127\.0\.0\.1:(\d+)/.exec(first.output())?.[1], first);
    const second = pnpmStart({ PORT: port, DATA_DIR: tempDir('push-api-start-') });
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(`127.0.0.1:${port} is in use (another server?): stop it, or set PORT to another port`);
    expect(second.output()).not.toMatch(/\n\s+at /);
    process.kill(-(first.child.pid ?? 0), 'SIGINT');
    expect(await first.exited).toBe(0);
  });
});
