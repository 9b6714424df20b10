// The published build: one ESM and one CommonJS file, each with its declarations and source
// map, carrying @push-api/types (the catalogue, the operations) and the bundled spec (the
// schemas Ajv compiles), so that the engine's only dependency is Ajv. No `node:` import: the
// same files run in Node, browsers, service workers, Bun and Deno.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
  dts: {
    resolve: true,
    compilerOptions: { paths: { '@push-api/types': ['./node_modules/@push-api/types/dist/index.d.ts'] } },
  },
  noExternal: ['@push-api/types', '@push-api/spec'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
