#!/usr/bin/env node
// `pnpm release`: checks the spec against the released one (spec/lib/compat.mjs: a breaking
// change needs a changeset that declares it), applies the pending changesets (versions and
// CHANGELOG.md of the published packages), writes the API's changes into each package's
// CHANGELOG and into the docs' Changelog page (apps/docs/guides/changelog.md), makes the
// current bundle the released spec (spec/released/openapi.json), builds the packages, packs
// each into release/ and checks the tarballs with publint and attw. It never publishes:
// `npm publish release/<name>.tgz` is a person's call.
// `pnpm tarballs` (--tarballs-only) packs the packages at the versions as they are,
// changesets left pending: the packages as tarballs to install from a checkout.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { changelogLines, compare, pendingRelease, releaseSection, specConfig, verdict } from '../spec/lib/compat.mjs';

const root = join(import.meta.dirname, '..');
const published = readdirSync(join(root, 'packages')).filter(
  (dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).private !== true,
);
const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' });
const step = (text) => console.log(`\n▸ ${text}`);
function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

/** Puts "### API changes" first in the section of `version` of a package's CHANGELOG.md (changesets wrote it). */
function writeApiChanges(file, version, lines) {
  if (lines.length === 0 || !existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const heading = `## ${version}\n`;
  const at = text.indexOf(heading);
  if (at === -1) fail(`${file} has no section ${version} after changeset version`);
  const section = `\n### API changes\n\n${lines.map((line) => `- ${line}`).join('\n')}\n`;
  writeFileSync(file, text.slice(0, at + heading.length) + section + text.slice(at + heading.length));
}

/** The Changelog page with a release's section first, above the newest one. */
function withRelease(page, section) {
  const newest = page.search(/^## /m);
  return newest === -1 ? `${page.trimEnd()}\n\n${section}` : `${page.slice(0, newest)}${section}\n${page.slice(newest)}`;
}

if (!process.argv.includes('--tarballs-only')) {
  step('the spec against the released one (pnpm compat)');
  run('pnpm', ['exec', 'turbo', 'run', 'bundle', '--ui=stream', '--output-logs=errors-only', '--filter=@push-api/spec']);
  const releasedFile = join(root, 'spec', 'released', 'openapi.json');
  const currentFile = join(root, 'spec', 'dist', 'openapi.json');
  const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
  const report = await compare(read(releasedFile), read(currentFile), { config: specConfig });
  const pending = pendingRelease(root);
  if (pending.changesets === 0) fail('no pending changeset: nothing to release (describe the changes with `pnpm changeset`)');
  const { fails, message } = verdict(report, pending);
  if (fails) fail(message);
  console.log(report.grade === 'none' ? 'the API contract is the released one' : `API changes: ${report.grade}`);

  step('changeset version (versions and changelogs)');
  run(join(root, 'node_modules', '.bin', 'changeset'), ['version']);
  const { version } = pendingRelease(root);

  step(`the API's changes into the changelogs of ${version} and the docs' Changelog page; the released spec`);
  const lines = changelogLines(report);
  for (const dir of published) writeApiChanges(join(root, 'packages', dir, 'CHANGELOG.md'), version, lines);
  const page = join(root, 'apps', 'docs', 'guides', 'changelog.md');
  writeFileSync(
    page,
    withRelease(readFileSync(page, 'utf8'), releaseSection(report, { version, date: new Date().toISOString().slice(0, 10) })),
  );
  copyFileSync(currentFile, releasedFile);
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
