// The published build: one ESM and one CommonJS file, each with its declarations and source
// map, carrying what it uses of @push-api/types (runtime and types), so that
// `npm i @push-api/client` is the one install a user needs and it has no dependencies.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
  dts: {
    resolve: true,
    // The types package's declarations, found by path (it declares them under `exports` only).
    compilerOptions: {
      paths: { '@push-api/types': ['./node_modules/@push-api/types/dist/index.d.ts'] },
    },
  },
  noExternal: ['@push-api/types'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  define: { __PUSH_API_CLIENT_VERSION__: JSON.stringify(version) },
});
