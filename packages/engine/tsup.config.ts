// The published build: ESM and CommonJS, each with its declarations and source map, carrying
// @push-api/types (the catalogue, the operations), the bundled spec and Ajv (the schemas and
// what compiles them, both loaded on the first check), so that the engine has no dependency.
// No `node:` import: the same files run in Node, browsers, service workers, Bun and Deno.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
  dts: {
    // The catalogue's types are inlined; nothing of Ajv's is part of the engine's own types.
    resolve: ['@push-api/types'],
    compilerOptions: { paths: { '@push-api/types': ['./node_modules/@push-api/types/dist/index.d.ts'] } },
  },
  noExternal: ['@push-api/types', '@push-api/spec', 'ajv'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
