#!/usr/bin/env node
// Builds the docs site into apps/docs/dist from the bundled spec (spec/dist):
//   index.html            the API reference: Redoc, inlined (no CDN), plus the site's nav bar
//   guides/*.html         the guides (guides/*.md), with tables and samples generated from the spec
//   guides/live-recall.js the recall guide's live panel (src/live-recall.ts and the engine, bundled)
//   openapi.{yaml,json}   the bundled spec itself, for download
// Everything is relative and self-contained, so the site works offline, from `pnpm docs` at
// `/`, and from the reference server at `/docs/`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGIONS } from '@push-api/client';
import { build as bundle } from 'esbuild';
import {
  FAVICON_SVG,
  GUIDES,
  LIVE_RECALL_SCRIPT,
  SITE_TITLE,
  expandPlaceholders,
  guidePage,
  guidesIndexMarkdown,
  patchReferenceHtml,
  referenceIntroMarkdown,
  renderMarkdown,
  sampleReader,
} from './lib/site.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, '..');
const dist = join(app, 'dist');
const guidesDir = join(app, 'guides');

const resolveSpec = (file) => {
  const path = fileURLToPath(import.meta.resolve(`@push-api/spec/${file}`));
  try {
    readFileSync(path);
  } catch {
    throw new Error(`docs: ${path} is missing; bundle the spec first (pnpm --filter @push-api/spec bundle)`);
  }
  return path;
};
const specYaml = resolveSpec('openapi.yaml');
const specJson = resolveSpec('openapi.json');
const spec = JSON.parse(readFileSync(specJson, 'utf8'));
// The code samples sit beside the spec's source (spec/code-samples), one level above its dist.
const samplesDir = join(dirname(specJson), '..', 'code-samples');
const readSample = sampleReader(samplesDir, 'sample');
// The guides' own example files (apps/docs/samples), which the docs tests typecheck and run.
const readDocsSample = sampleReader(join(app, 'samples'), 'docs-sample');

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'guides'), { recursive: true });

// 1. The reference. Redoc renders the bundle; the build adds the guides and the error table to
//    the front page's description (in a copy: the spec's own text is left as it is).
const referenceSpec = structuredClone(spec);
referenceSpec.info.description = `${referenceSpec.info.description.trimEnd()}\n\n${referenceIntroMarkdown()}`;
const work = mkdtempSync(join(tmpdir(), 'push-api-docs-'));
try {
  const input = join(work, 'openapi.json');
  writeFileSync(input, JSON.stringify(referenceSpec));
  const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const output = join(work, 'index.html');
  const result = spawnSync(
    process.execPath,
    [cli, 'build-docs', input, '--output', output, '--inlineBundle', '--title', `${spec.info.title} · ${SITE_TITLE}`],
    {
      cwd: app, // picks up apps/docs/redocly.yaml (telemetry off, Redoc options)
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    },
  );
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`docs: redocly build-docs failed (exit ${result.status})`);
  }
  writeFileSync(join(dist, 'index.html'), patchReferenceHtml(readFileSync(output, 'utf8')));
} finally {
  rmSync(work, { recursive: true, force: true });
}
copyFileSync(specYaml, join(dist, 'openapi.yaml'));
copyFileSync(specJson, join(dist, 'openapi.json'));
writeFileSync(join(dist, 'favicon.svg'), FAVICON_SVG);

// 2. The guides, and the script of the recall guide's live panel: the fake of @push-api/mock
//    (the API's engine) and the panel's code in one classic script, an IIFE with no import,
//    which also runs in a page opened from file:// (a module script would not).
await bundle({
  entryPoints: [join(app, 'src', 'live-recall.ts')],
  outfile: join(dist, 'guides', LIVE_RECALL_SCRIPT),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
  // The engine's dist imports its helper chunk for nothing but order (`import "./chunk-….js"`,
  // esbuild's helpers, no side effect); its own imports of the helpers are kept.
  logOverride: { 'ignored-bare-import': 'silent' },
});
const present = readdirSync(guidesDir)
  .filter((file) => file.endsWith('.md'))
  .map((file) => file.slice(0, -3));
const unlisted = present.filter((slug) => !GUIDES.some((g) => g.slug === slug));
if (unlisted.length) throw new Error(`docs: guides/${unlisted[0]}.md is not listed in GUIDES (scripts/lib/site.mjs)`);
const context = { spec, regions: REGIONS, readSample, readDocsSample };
for (const guide of GUIDES) {
  const markdown = expandPlaceholders(readFileSync(join(guidesDir, `${guide.slug}.md`), 'utf8'), context);
  const { html, title, sections } = renderMarkdown(markdown);
  writeFileSync(
    join(dist, 'guides', `${guide.slug}.html`),
    guidePage({ title, html, sections, current: guide.slug, version: spec.info.version }),
  );
}
const index = renderMarkdown(guidesIndexMarkdown());
writeFileSync(join(dist, 'guides', 'index.html'), guidePage({ ...index, current: 'guides', version: spec.info.version }));

console.log(`docs: built ${dist} (reference + ${GUIDES.length} guides) from ${specJson}`);
