// Stoplight Prism on the bundled spec, as `mock` (answers from the spec's examples) or `proxy`
// (forwards to a real server and checks both sides against the spec). Prism runs as a plain
// `node …/prism-cli/dist/index.js` child, so its PID is the server's own and stopping it
// stops the server (an npx wrapper would leave it running).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const prismBin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
export const specPath = fileURLToPath(import.meta.resolve('@push-api/spec/openapi.json'));

export interface PrismOptions {
  /** `mock` answers from the spec's examples; `proxy` forwards to `upstream` and checks both sides. */
  mode?: 'mock' | 'proxy';
  upstream?: string;
  host?: string;
  port: number;
  /** Prism's `--errors`: a request or answer that breaks the spec is an error. */
  errors?: boolean;
  /** The spec to serve (default: the bundle of @push-api/spec). */
  spec?: string;
  stdio?: 'inherit' | 'pipe';
  /** How long Prism may take to listen (default 90 s: a few seconds on a quiet machine, far more on a busy one). */
  readyTimeoutMs?: number;
}

/** A server of ours: where it listens, its PID, and how to stop it. */
export interface Running {
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly pid: number;
  /** Stops it and waits until it has stopped. */
  close(): Promise<void>;
  /** What it printed so far (with `stdio: 'pipe'`). */
  output(): string;
}

/**
 * Whether something accepts TCP connections on host:port. Prism is ready once it listens;
 * a probe over HTTP would be a request outside the spec, which Prism logs as an error.
 */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    const settle = (ready: boolean) => {
      socket.destroy();
      resolve(ready);
    };
    socket.once('connect', () => {
      settle(true);
    });
    socket.once('error', () => {
      settle(false);
    });
    socket.once('timeout', () => {
      settle(false);
    });
  });
}

/** `http://host:port`, with an IPv6 host in brackets. */
export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startPrism(options: PrismOptions): Promise<Running> {
  const { mode = 'mock', upstream, host = '127.0.0.1', port, errors = false, spec = specPath, stdio = 'pipe' } = options;
  const args = [prismBin, mode, spec];
  if (mode === 'proxy') {
    if (!upstream) throw new Error('startPrism: proxy mode needs an upstream URL');
    args.push(upstream);
  }
  args.push('-h', host, '-p', String(port));
  if (errors) args.push('--errors');
  const child = spawn(process.execPath, args, { stdio: ['ignore', stdio, stdio] });
  const { pid } = child;
  if (pid === undefined) throw new Error('could not start Prism');
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = urlOf(host, port);
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}:\n${log}`);
    if (await listening(probeHost, port)) return { url, pid, close, output: () => log };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await close();
  throw new Error(`Prism did not listen on ${url} within ${timeoutMs} ms:\n${log}`);
}
