#!/usr/bin/env node
// `pnpm release`: applies the pending changesets (versions and CHANGELOG.md of the published
// packages), builds those packages, packs each into release/ and checks the tarballs with
// publint and attw. It never publishes: `npm publish release/<name>.tgz` is a person's call.
// `pnpm tarballs` (--tarballs-only) does the same at the versions as they are, changesets
// left pending: the packages as tarballs to install from a checkout (`npm install <file>`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const published = readdirSync(join(root, 'packages')).filter(
  (dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).private !== true,
);
const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' });
const step = (text) => console.log(`\n▸ ${text}`);

if (!process.argv.includes('--tarballs-only')) {
  step('changeset version (versions and changelogs)');
  run(join(root, 'node_modules', '.bin', 'changeset'), ['version']);
}

step(`build ${published.join(', ')}`);
run('pnpm', ['exec', 'turbo', 'run', 'build', '--ui=stream', ...published.map((dir) => `--filter=./packages/${dir}`)]);

const out = join(root, 'release');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
step(`pack into ${out}`);
for (const dir of published) run('pnpm', ['pack', '--pack-destination', out], join(root, 'packages', dir));

step('check the tarballs (publint, attw)');
const tarballs = readdirSync(out).map((file) => join(out, file));
run(process.execPath, [join(root, 'scripts', 'check-package.mjs'), ...tarballs]);

console.log(
  process.argv.includes('--tarballs-only')
    ? `\nPacked, to install in a project: npm install <file>\n${tarballs.map((file) => `  ${file}`).join('\n')}`
    : `\nReady to publish, after reading the CHANGELOGs:\n${tarballs.map((file) => `  npm publish ${file}`).join('\n')}`,
);
