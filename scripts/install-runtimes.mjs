#!/usr/bin/env node
// Installs the runtimes of tests/support/runtimes.json (other Node.js lines, Bun, Deno) from the
// npm registry into .runtimes/<name>/, each the exact version named there, skipping those
// already in place. `bash scripts/setup.sh --test` runs it; the suites find them through
// @push-api/test-support's runtimes.ts and fail, saying to run the set-up, when one is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const runtimes = JSON.parse(readFileSync(join(root, 'tests', 'support', 'runtimes.json'), 'utf8'));

for (const [name, runtime] of Object.entries(runtimes)) {
  if (name.startsWith('$')) continue;
  const pkg = runtime.package.replace('{platform}', process.platform).replace('{arch}', process.arch);
  const dir = join(root, '.runtimes', name);
  const stamp = join(dir, 'installed.txt');
  const wanted = `${pkg}@${runtime.version}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) continue;
  console.log(`runtimes: installing ${name} (${wanted}, npm registry)`);
  rmSync(dir, { recursive: true, force: true });
  execFileSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', wanted], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const bin = join(dir, 'node_modules', pkg, runtime.bin);
  if (!existsSync(bin)) throw new Error(`runtimes: ${wanted} has no ${runtime.bin}`);
  writeFileSync(stamp, wanted);
}
