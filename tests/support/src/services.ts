// Throwaway PostgreSQL and Redis servers for tests: each on a free port of 127.0.0.1, with
// its data in a temporary folder, started and stopped by its own PID. When the environment
// names running ones (TEST_DATABASE_URL, TEST_REDIS_URL, as .ci/run does), those are used.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './files.js';
import { freePort } from './ports.js';

declare module 'vitest' {
  /** What test-support's postgres-setup provides to the tests (`inject('databaseUrl')`). */
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export interface Service {
  /** postgres://… or redis://… */
  readonly url: string;
  /** null when the service was given by the environment (it is not stopped here). */
  readonly pid: number | null;
  close(): Promise<void>;
}

/** A service of this test's own, which it may stop and start again (an outage). */
export interface DedicatedService extends Service {
  /** Stops the server (fast shutdown); the data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/** The folder of PostgreSQL's server programs (initdb, pg_ctl): PG_BIN, else Debian's newest. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => join(root, version, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!found)
    throw new Error(
      'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run `bash scripts/setup.sh --test`, or set TEST_DATABASE_URL',
    );
  return found;
}

/** Runs a PostgreSQL program as the `postgres` user when this process is root (postgres refuses root). */
function asPostgres(program: string, args: string[]): void {
  const [command, commandArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  execFileSync(command, commandArgs, { stdio: 'pipe' });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A PostgreSQL cluster of its own (initdb, then pg_ctl start), or the one of TEST_DATABASE_URL. */
export async function startPostgres(): Promise<Service> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, pid: null, close: () => Promise.resolve() };
  return startDedicatedPostgres();
}

/** A PostgreSQL cluster of its own, always (TEST_DATABASE_URL is not used): it can be stopped and started. */
export async function startDedicatedPostgres(): Promise<DedicatedService> {
  const bin = postgresBinDir();
  const dir = tempDir('push-api-postgres-');
  if (isRoot()) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = () => {
    asPostgres(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-w',
      '-l',
      join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300`,
      'start',
    ]);
    return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
  };
  let pid = start();
  // SIGINT is PostgreSQL's "fast" shutdown: it ends the sessions and stops.
  const stop = async () => {
    if (processAlive(pid)) process.kill(pid, 'SIGINT');
    await waitUntilGone(pid, 15_000);
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    get pid() {
      return pid;
    },
    stop,
    start: () => {
      pid = start();
      return Promise.resolve();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once something accepts TCP connections on the port. */
async function listening(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => {
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A Redis server of its own (no persistence), or the one of TEST_REDIS_URL. */
export async function startRedis(): Promise<Service> {
  const given = process.env.TEST_REDIS_URL;
  if (given) return { url: given, pid: null, close: () => Promise.resolve() };
  return startDedicatedRedis();
}

/** A Redis of this test's own, always: it can be stopped and started again on its port (an outage). */
export async function startDedicatedRedis(): Promise<DedicatedService> {
  const port = await freePort();
  const start = async () => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const failed = new Promise<never>((_resolve, reject) => {
      child.once('error', (error) => {
        reject(new Error(`redis-server could not start (${error.message}): run \`bash scripts/setup.sh --test\`, or set TEST_REDIS_URL`));
      });
    });
    await Promise.race([listening(port, 10_000), failed]);
    return child.pid ?? 0;
  };
  let pid = await start();
  const stop = async () => {
    if (processAlive(pid)) process.kill(pid, 'SIGTERM');
    await waitUntilGone(pid, 10_000);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return pid;
    },
    stop,
    async start() {
      pid = await start();
    },
    close: stop,
  };
}

/** A new, empty database on the PostgreSQL server of `adminUrl` (for one test's server); its URL. */
export async function createDatabase(adminUrl: string): Promise<string> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  const name = `test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
