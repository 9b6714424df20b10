#!/usr/bin/env node
// `pnpm compat` (in `pnpm lint` and `pnpm test`): the current bundle (dist/openapi.json)
// against the released snapshot (released/openapi.json, which `pnpm release` rewrites),
// graded by lib/compat.mjs, printed as markdown. Fails (exit 1) on a breaking change that no
// pending changeset (.changeset/*.md) declares with the bump it needs, naming the element, the
// rule and the remedy; an additive change passes, listed.
//   node scripts/compat.mjs [--released FILE] [--current FILE] [--changesets DIR] [--root DIR]
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compare, markdown, pendingRelease, specConfig, verdict } from '../lib/compat.mjs';

const spec = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { released: { type: 'string' }, current: { type: 'string' }, changesets: { type: 'string' }, root: { type: 'string' } },
});
const root = resolve(values.root ?? join(spec, '..'));
const releasedFile = resolve(values.released ?? join(spec, 'released', 'openapi.json'));
const currentFile = resolve(values.current ?? join(spec, 'dist', 'openapi.json'));
const changesetDir = resolve(values.changesets ?? join(root, '.changeset'));
for (const [what, file] of [
  ['the released spec', releasedFile],
  ['the current bundle (pnpm --filter @push-api/spec bundle)', currentFile],
]) {
  if (!existsSync(file)) {
    console.error(`compat: ${what} is missing: ${file}`);
    process.exit(2);
  }
}

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const report = await compare(read(releasedFile), read(currentFile), { config: specConfig });
console.log(markdown(report));

const { fails, message } = verdict(report, pendingRelease(root, changesetDir));
if (message !== null) console.error(`compat: ${message}`);
if (fails) process.exit(1);
console.log(
  report.grade === 'none'
    ? 'compat: the spec is the released one'
    : `compat: ${report.grade} changes; nothing breaks without being declared`,
);
