// The published build: one executable ESM file, dist/main.js (`#!/usr/bin/env node`, with its
// source map), carrying @push-api/client (which carries the types), so
// `npm i -g @push-api/cli` installs nothing else.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  // tsup makes a file that starts with `#!` executable.
  banner: { js: '#!/usr/bin/env node' },
  noExternal: ['@push-api/client', '@push-api/types'],
  sourcemap: true,
  clean: true,
  target: 'node18',
  platform: 'node',
  define: { __PUSH_API_CLI_VERSION__: JSON.stringify(version) },
});
