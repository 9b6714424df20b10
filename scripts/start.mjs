#!/usr/bin/env node
// `pnpm start`, `pnpm mock`, `pnpm docs`: builds what the program needs (turbo, its output
// kept unless the build fails), then runs the program in its package's folder as the only
// thing on the screen. Ctrl-C reaches the program (the whole process group gets it); this
// script waits for it to stop and exits as it did, so a stop is as quiet as the program's own.
//   node scripts/start.mjs server|mock|docs [arguments for the program…]
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
/** What each command builds (turbo's filters, each with its dependencies) and runs. */
const PROGRAMS = {
  server: { build: ['@push-api/server', '@push-api/docs'], dir: 'apps/server', main: 'dist/main.cjs' },
  mock: { build: ['@push-api/mock-server'], dir: 'apps/mock', main: 'dist/main.js' },
  docs: { build: ['@push-api/docs'], dir: 'apps/docs', main: 'scripts/serve.mjs' },
};

const [name, ...args] = process.argv.slice(2);
const program = PROGRAMS[name];
if (program === undefined) {
  console.error(`usage: node scripts/start.mjs ${Object.keys(PROGRAMS).join('|')} [arguments…]`);
  process.exit(2);
}

const started = performance.now();
if (process.stderr.isTTY) process.stderr.write('building (turbo; the first build of a checkout takes a while)… ');
const turbo = join(root, 'node_modules', '.bin', 'turbo');
const built = spawnSync(
  turbo,
  ['run', 'build', ...program.build.map((filter) => `--filter=${filter}`), '--ui=stream', '--output-logs=errors-only'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  },
);
if (built.status !== 0) {
  if (process.stderr.isTTY) process.stderr.write('failed\n');
  process.stderr.write(`${built.stdout ?? ''}${built.stderr ?? ''}${built.error ? String(built.error) : ''}\n`);
  console.error(`the build failed (exit ${built.status ?? built.signal}): what turbo printed is above`);
  process.exit(1);
}
if (process.stderr.isTTY) process.stderr.write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

const child = spawn(process.execPath, [program.main, ...args], { cwd: join(root, program.dir), stdio: 'inherit' });
// Ctrl-C and a terminal's hang-up reach the program too; a SIGTERM sent to this script alone is passed on.
for (const signal of ['SIGINT', 'SIGHUP']) process.on(signal, () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
});
