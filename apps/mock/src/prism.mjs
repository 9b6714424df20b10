// Starts Stoplight Prism on the bundled spec, as `mock` (answers from the spec's examples) or
// `proxy` (forwards to a real server and checks both sides against the spec).
// Prism runs as a plain `node …/prism-cli/dist/index.js` child, so its PID is the server's
// own and stopping it stops the server (an npx wrapper would leave it running).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const prismBin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
export const specPath = fileURLToPath(import.meta.resolve('@push-api/spec/openapi.json'));

/**
 * @param {{ mode?: 'mock' | 'proxy', upstream?: string, host?: string, port: number,
 *           errors?: boolean, spec?: string, stdio?: 'inherit' | 'pipe', readyTimeoutMs?: number }} options
 * @returns {Promise<import('./prism.d.mts').Prism>}
 */
export async function startPrism(options) {
  const { mode = 'mock', upstream, host = '127.0.0.1', port, errors = false, spec = specPath, stdio = 'pipe' } = options;
  const args = [prismBin, mode, spec];
  if (mode === 'proxy') {
    if (!upstream) throw new Error('startPrism: proxy mode needs an upstream URL');
    args.push(upstream);
  }
  args.push('-h', host, '-p', String(port));
  if (errors) args.push('--errors');
  const child = spawn(process.execPath, args, { stdio: ['ignore', stdio, stdio] });
  let log = '';
  if (stdio === 'pipe') {
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://${host}:${port}`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}:\n${log}`);
    try {
      await fetch(`${url}/__prism_ready__`, { signal: AbortSignal.timeout(1000) });
      return { url, pid: child.pid, close, output: () => log };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await close();
  throw new Error(`Prism did not answer on ${url} within ${options.readyTimeoutMs ?? 30_000} ms:\n${log}`);
}
