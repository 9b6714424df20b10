#!/usr/bin/env node
// The server's program as one file: dist/server.cjs, bundled by esbuild from src/program.ts
// with pino and the rest inside, so that a start loads one script instead of hundreds of
// modules (with Node's compile cache, ~70 ms from spawn to the first answer against ~115 ms
// for the same modules loaded one by one: bench/README.md, "Where start-up goes").
// dist/main.cjs (src/main.cts) turns the compile cache on and runs it.
// Left outside: the PostgreSQL and Redis clients, loaded only when DATABASE_URL / REDIS_URL
// ask for them. tsc still builds dist/ for the library entry (dist/index.js), the
// declarations and dist/main.cjs; this runs after it.
import { build } from 'esbuild';

const packageDir = new URL('..', import.meta.url);

// Left out, replaced by a module that says so if called: light-my-request, which only
// inject() loads (tests, which run the sources).
const OMITTED = ['light-my-request'];
const omitUnused = {
  name: 'omit-unused',
  setup(build) {
    const filter = new RegExp(`^(${OMITTED.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, ({ path }) => ({ path, namespace: 'omitted' }));
    build.onLoad({ filter: /.*/, namespace: 'omitted' }, ({ path }) => ({
      contents: `throw new Error(${JSON.stringify(`${path} is not in the bundled server (scripts/bundle.mjs)`)});`,
      loader: 'js',
    }));
  },
};

await build({
  absWorkingDir: packageDir.pathname,
  entryPoints: ['src/program.ts'],
  outfile: 'dist/server.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node24',
  sourcemap: true,
  // Not minified: it saved no measurable start-up time, and keeping names (esbuild's keepNames)
  // costs a property definition at every closure created, a tenth of a push's CPU.
  // No comments at all (esbuild keeps only licence comments): the file stays ASCII (esbuild
  // escapes the rest), and V8 holds an ASCII source in half the memory of any other.
  legalComments: 'none',
  external: ['postgres', 'ioredis'],
  plugins: [omitUnused],
  // The sources are ES modules: their import.meta becomes this file's.
  define: { 'import.meta.url': '__importMetaUrl', 'import.meta.resolve': '__importMetaResolve' },
  banner: {
    js: [
      "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      "const __importMetaResolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
    ].join('\n'),
  },
  logLevel: 'warning',
});
