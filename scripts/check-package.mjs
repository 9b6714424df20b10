#!/usr/bin/env node
// Checks what a published package would contain, the way its users will get it: packs the
// package (or takes tarballs already packed), then runs `publint` (package.json fields,
// files, exports) and `@arethetypeswrong/cli` (types under node10, node16 ESM and CJS, and
// bundler resolution) on the tarball. Exits 1 on any problem, naming it.
//
//   node scripts/check-package.mjs                  # pack the package in the current folder (pnpm pack)
//   node scripts/check-package.mjs a.tgz b.tgz      # check these tarballs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

let tarballs = process.argv.slice(2).map((file) => resolve(file));
let packedInto;
if (tarballs.length === 0) {
  packedInto = mkdtempSync(join(tmpdir(), 'push-api-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', packedInto], { stdio: ['ignore', 'ignore', 'inherit'] });
  tarballs = readdirSync(packedInto).map((file) => join(packedInto, file));
}

/** The package.json inside a tarball, read with tar (every npm tarball has package/package.json). */
function manifestOf(tarball) {
  return JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status === 0;

let failures = 0;
for (const tarball of tarballs) {
  const manifest = manifestOf(tarball);
  console.log(`\n${manifest.name}@${manifest.version} (${tarball})`);
  const specs = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
  const unresolved = Object.entries(specs).filter(([, spec]) => /^(workspace|link|file):/.test(spec));
  if (unresolved.length > 0) {
    console.error(`  ✗ dependencies npm cannot install: ${unresolved.map(([name, spec]) => `${name}@${spec}`).join(', ')}`);
    failures++;
  }
  if (!run(bin('publint'), ['run', tarball, '--strict'])) failures++;
  // A command-line package (a `bin`, nothing to import) has no types for attw to check.
  if (manifest.exports || manifest.main || manifest.types) {
    if (!run(bin('attw'), [tarball, '--profile', 'strict', '--format', 'table-flipped', '--no-emoji', '--no-color'])) failures++;
  } else {
    console.log('  (no entry points to import: attw skipped)');
  }
}
if (packedInto) rmSync(packedInto, { recursive: true, force: true });
if (failures > 0) {
  console.error(`\n${failures} problem(s) found`);
  process.exit(1);
}
console.log(`\n${tarballs.length} package(s): no problems`);
