// The processes of a bench run: servers and load generators, each started by its own PID on a
// port of 127.0.0.1 and stopped by that PID. On a machine with two cores or more and
// `taskset`, the server runs on core 0 and the load generator on core 1, so they never
// compete for a core (the field's way: wrk pinned apart from the server).
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { readFileSync } from 'node:fs';

const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
/** Whether server and generator get a core each. */
export const pinned = hasTaskset && os.cpus().length >= 2;
export const SERVER_CORE = '0';
export const GENERATOR_CORE = '1';

/** `command args` on `core` (a taskset list such as "0" or "0,1"), or unpinned. */
export function onCore(core, command, args) {
  return pinned && core ? ['taskset', ['-c', core, command, ...args]] : [command, args];
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** One GET; resolves its status, or 0 when nothing answers yet. */
export function probe(port, path) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2000, () => request.destroy());
  });
}

const children = new Set();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/**
 * Spawns `node args…` (the port as PORT) on `core` and waits for `readyStatus` on `readyPath`
 * (any status when it is null); `startMs` is spawn → that first answer.
 */
export async function launch(name, args, { env = {}, readyPath = '/', readyStatus = 200, core = SERVER_CORE, timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const [command, commandArgs] = onCore(core, process.execPath, typeof args === 'function' ? args(port) : args);
  const started = performance.now();
  const child = spawn(command, commandArgs, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${stderr}`);
    const status = await probe(port, readyPath);
    if (readyStatus === null ? status > 0 : status === readyStatus) break;
    if (performance.now() - started > timeoutMs) throw new Error(`${name} did not answer within ${timeoutMs} ms:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const startMs = performance.now() - started;
  return {
    name,
    pid: child.pid,
    port,
    url: `http://127.0.0.1:${port}`,
    startMs,
    /** Resident memory of the process (MB), or of its workers too with `tree`. */
    rssMb: () => rssOf(child.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      children.delete(child);
    },
  };
}

/** VmRSS of a process in MB (taskset execs the command, so the PID is the server's). */
export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

/** Milliseconds from spawn to exit of `node -e 0`: the floor of any Node start. */
export async function nodeStartMs() {
  const [command, args] = onCore(SERVER_CORE, process.execPath, ['-e', '0']);
  const started = performance.now();
  await new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('exit', resolve);
    child.once('error', reject);
  });
  return performance.now() - started;
}
