#!/usr/bin/env node
// The server's entry as one file: `dist/main.js`, bundled by esbuild from src/main.ts with
// Fastify, pino and the rest inside, so a start loads one module instead of hundreds
// (start-up is mostly module loading). Left outside: better-sqlite3 (a native addon), and
// the PostgreSQL and Redis clients, loaded only when DATABASE_URL / REDIS_URL ask for them.
// What is loaded on first use goes to chunks of its own (Ajv, the docs' file server). Left
// out: what Fastify requires only for features the server does not use (see OMITTED).
// tsc still builds dist/ for the library entry (dist/index.js) and the declarations; this
// runs after it and replaces its dist/main.js.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const packageDir = new URL('..', import.meta.url);
// Chunks are named by content hash: those of an earlier build would stay beside the new ones.
rmSync(new URL('dist/chunks', packageDir), { recursive: true, force: true });

// Fastify requires these only when it is given no validator or serializer compiler (the
// server gives both: app.ts) and for inject() (tests, which run the sources): a third of
// the bundle, to parse at every start. Each is replaced by a module that says so if called.
const OMITTED = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'light-my-request'];
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
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Not minified: it saved no measurable start-up time, and keeping names (esbuild's keepNames)
  // costs a property definition at every closure created, a tenth of a push's CPU.
  // What is imported on demand (the PostgreSQL store, the Redis limiter) goes to chunks of its
  // own, so that its packages are loaded only then.
  splitting: true,
  external: ['better-sqlite3', 'postgres', 'ioredis'],
  plugins: [omitUnused],
  // Bundled CommonJS packages call require() and read __dirname; give them both.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { dirname as __pathDirname } from 'node:path';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __pathDirname(__filename);',
    ].join('\n'),
  },
  logLevel: 'warning',
});
