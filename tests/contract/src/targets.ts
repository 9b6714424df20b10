// The targets the contract suite runs against, each started by its own PID on a free port
// of 127.0.0.1 and stopped by that PID: the Prism mock, the reference server, and Prism as
// a validating proxy in front of the reference server.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM helper without types
import { startPrism } from '@push-api/mock/prism';

export const credentials = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };
export const otherApp = { appKey: 'a0b1c2d3e4f5a6b7c8d9e0f1', masterSecret: '0123456789abcdef01234567' };
export const basic = ({ appKey, masterSecret }: typeof credentials) =>
  `Basic ${Buffer.from(`${appKey}:${masterSecret}`).toString('base64')}`;

export interface Target {
  name: string;
  url: string;
  stop(): Promise<void>;
  output(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startMock(): Promise<Target> {
  const prism = await startPrism({ port: await freePort(), errors: true });
  return { name: 'mock', url: prism.url, stop: prism.stop, output: prism.output };
}

const serverMain = fileURLToPath(new URL('dist/main.js', import.meta.resolve('@push-api/server/package.json')));

/** The reference server on a fresh data folder, with both test apps configured. */
export async function startServer(env: Record<string, string> = {}): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'push-api-contract-'));
  const port = await freePort();
  const child = spawn(process.execPath, [serverMain], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PUSH_APPS: [credentials, otherApp].map((a) => `${a.appKey}:${a.masterSecret}`).join(','),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    try {
      const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(500) });
      if (health.ok) return { name: 'server', url, stop, output: () => log };
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`server did not become healthy on ${url}:\n${log}`);
}

/** Prism as a validating proxy (`--errors`) in front of an upstream target. */
export async function startProxy(upstream: Target): Promise<Target> {
  const prism = await startPrism({ mode: 'proxy', upstream: upstream.url, port: await freePort(), errors: true });
  return { name: 'proxy', url: prism.url, stop: prism.stop, output: prism.output };
}
