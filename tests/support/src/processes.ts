// The reference server as a process of its own, started by its PID on a free port of
// 127.0.0.1 and stopped by that PID. (The mocks and Prism's proxy: @push-api/mock-server.)
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './files.js';
import { freePort } from './ports.js';

/**
 * The server's executable, as its package.json names it (`bin`: what `push-api-server` runs),
 * from that file's path or URL: what the tests and the bench start is what a user starts.
 */
export function serverExecutable(packageJson: string | URL): string {
  const file = typeof packageJson === 'string' && !packageJson.startsWith('file:') ? packageJson : fileURLToPath(packageJson);
  const { bin } = JSON.parse(readFileSync(file, 'utf8')) as { bin?: Record<string, string> };
  const executable = bin?.['push-api-server'];
  if (executable === undefined) throw new Error(`${file} names no push-api-server executable`);
  return join(dirname(file), executable);
}

export interface Running {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly pid: number;
  /** Everything it printed so far. */
  output(): string;
  /** Stops it by its PID and waits until it has exited. */
  close(): Promise<void>;
}

export interface ServerProcess extends Running {
  readonly child: ChildProcess;
  readonly port: number;
  /** Its data folder (DATA_DIR). */
  readonly dataDir: string;
  /** Its output, line by line. */
  readonly lines: string[];
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Sends a signal to its PID. */
  kill(signal?: NodeJS.Signals): void;
}

export interface ServerProcessOptions {
  /** The server's executable (serverExecutable()), or a script for `runtime`. */
  main: string;
  /** What runs `main` (default this Node.js): another runtime (Bun, Deno) and its arguments before `main`. */
  runtime?: { executable: string; args?: string[] };
  /** Its environment, beside PATH, HOST, PORT, DATA_DIR and LOG_LEVEL (info unless given). */
  env?: Record<string, string>;
  /** Defaults to a free port. */
  port?: number;
  /** Defaults to a new temporary folder, removed by close(). */
  dataDir?: string;
}

/** Spawns the server and returns at once (it may still be starting, or failing). */
export async function spawnServer(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDir('push-api-server-');
  const child = spawn(options.runtime?.executable ?? process.execPath, [...(options.runtime?.args ?? []), options.main], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const { pid } = child;
  if (pid === undefined) throw new Error(`could not start ${options.main}`);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    lines,
    exited,
    output: () => [...lines, partial].join('\n'),
    kill: (signal = 'SIGTERM') => {
      if (running()) process.kill(pid, signal);
    },
    async close() {
      if (running()) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => running() && process.kill(pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Spawns the server and resolves once its /healthz answers 200 (or `ready`: another request
 * and status, for what has no /healthz, such as the engine served alone).
 */
export async function startServer(
  options: ServerProcessOptions & { readyTimeoutMs?: number; ready?: { method: string; path: string; status: number } },
): Promise<ServerProcess> {
  const server = await spawnServer(options);
  const { method, path, status } = options.ready ?? { method: 'GET', path: '/healthz', status: 200 };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`the server exited with ${server.child.exitCode}:\n${server.output()}`);
    const answer = await fetch(`${server.url}${path}`, { method, signal: AbortSignal.timeout(500) }).catch(() => undefined);
    await answer?.body?.cancel();
    if (answer?.status === status) return server;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await server.close();
  throw new Error(`the server did not become healthy on ${server.url}:\n${server.output()}`);
}
