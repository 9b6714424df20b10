#!/usr/bin/env node
// Installs from the npm registry what the suites run on besides this workspace, each exactly as
// pinned, skipping what is in place already: the runtimes of tests/support/runtimes.json (other
// Node.js lines, Bun, Deno) into .runtimes/<name>/, and the packages a user's project brings
// beside ours (tests/packaging/consumer: msw, vitest, by its lockfile) into .runtimes/consumer/,
// so that the packaging test installs our tarballs into a project offline. `bash
// scripts/setup.sh --test` runs it; the suites find them through @push-api/test-support's
// runtimes.ts and fail, saying to run the set-up, when one is missing.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const consumer = join(root, 'tests', 'packaging', 'consumer');
const consumerDir = join(root, '.runtimes', 'consumer');
const lock = readFileSync(join(consumer, 'package-lock.json'), 'utf8');
const consumerStamp = join(root, '.runtimes', 'consumer.lock');
if (!existsSync(consumerStamp) || readFileSync(consumerStamp, 'utf8') !== lock) {
  console.log('runtimes: installing the consumer project (tests/packaging/consumer: msw, vitest)');
  rmSync(consumerDir, { recursive: true, force: true });
  mkdirSync(consumerDir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(consumer, file), join(consumerDir, file));
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumerDir, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(consumerStamp, lock);
}
