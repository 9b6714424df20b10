#!/usr/bin/env node
// The server's program as one file: dist/server.cjs, bundled by esbuild from src/program.ts
// with pino, better-sqlite3's JavaScript and the rest inside, so that a start loads
// one script instead of hundreds of modules. dist/main.cjs (src/main.cts) runs it with V8's
// code cache, which scripts/code-cache.mjs writes next (that is why the format is CommonJS:
// Node 20 gives a code cache to scripts only, not to ES modules).
// Left outside: the PostgreSQL and Redis clients, loaded only when DATABASE_URL / REDIS_URL
// ask for them, and better-sqlite3's native addon (store/sqlite.ts names its file).
// tsc still builds dist/ for the library entry (dist/index.js), the declarations and
// dist/main.cjs; this runs after it.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const packageDir = new URL('..', import.meta.url);
// The cache belongs to the file it was made from: a new bundle makes it stale.
rmSync(new URL('dist/server.cjs.cache', packageDir), { force: true });

// Left out, each replaced by a module that says so if called: light-my-request, which only
// inject() loads (tests, which run the sources), and `bindings`, which better-sqlite3 requires
// only to search for its addon when it is not given the addon's file.
const OMITTED = ['light-my-request', 'bindings'];
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
  target: 'node20',
  sourcemap: true,
  // Not minified: it saved no measurable start-up time, and keeping names (esbuild's keepNames)
  // costs a property definition at every closure created, a tenth of a push's CPU.
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

// One character outside ASCII (in a comment esbuild keeps, say) and V8 holds the whole program
// as a two-byte string: 1.4 MB more of every server's memory.
const lines = readFileSync(new URL('dist/server.cjs', packageDir), 'latin1').split('\n');
const wide = lines.findIndex((line) => /[\u0080-\uffff]/.test(line));
if (wide >= 0) {
  console.error(
    `dist/server.cjs:${String(wide + 1)} has a character outside ASCII: write it as an escape, or outside comments\n${lines[wide]}`,
  );
  process.exit(1);
}
