// The published build: ESM and CommonJS of both entries (the fake, and the MSW handlers), each
// with declarations and a source map. The engine is a dependency (it carries the API's types
// and catalogue); msw is the user's own (a peer).
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/msw.ts'],
  format: ['esm', 'cjs'],
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
  dts: true,
  external: ['msw', '@push-api/engine'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
