#!/usr/bin/env node
// The executable (`pnpm start`, `node dist/main.js`): runs the server's program (program.ts,
// bundled into dist/server.cjs by scripts/bundle.mjs) with V8's code cache. The cache
// (dist/server.cjs.cache, written by the build's warm-up run: scripts/code-cache.mjs) holds
// the program's functions as V8 compiled them while that run started and answered requests,
// so a start compiles almost nothing: a third of the time to the first answer. Node 20 has no
// compile cache of its own (module.enableCompileCache came in Node 22): hence this file.
// The cache is used only with the file it was made from (the SHA-1 of its bytes, written at
// its head: V8 itself checks only the length of the source) and when V8 accepts it (same V8,
// same flags); otherwise the program is compiled as usual. The start-up log line says which
// (`codeCache`: used, rejected, absent or off).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { CodeCacheState, runProgram } from './program.js';

/** Set to 1 by the build's warm-up run: compile without the cache, and write it at exit. */
const WRITE_CODE_CACHE_ENV = 'PUSH_API_WRITE_CODE_CACHE';

const programFile = fileURLToPath(new URL('server.cjs', import.meta.url));
const cacheFile = `${programFile}.cache`;

interface Program {
  runProgram: typeof runProgram;
}

/** The cached code made from the program file as it is now; undefined when there is none. */
function readCache(stamp: string): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const head = stamp.length;
  return cache.length > head && cache.toString('latin1', 0, head) === stamp ? cache.subarray(head) : undefined;
}

function load(): { program: Program; codeCache: CodeCacheState } {
  const require = createRequire(programFile);
  // With --enable-source-maps, Node's own loader, which maps stack traces to the sources.
  if (process.sourceMapsEnabled) return { program: require(programFile) as Program, codeCache: 'off' };
  const writing = process.env[WRITE_CODE_CACHE_ENV] === '1';
  const bytes = readFileSync(programFile);
  const stamp = `${createHash('sha1').update(bytes).digest('hex')}\n`;
  const cachedData = writing ? undefined : readCache(stamp);
  // Wrapped as Node's CommonJS loader wraps a file, on the same line (the shebang line stays
  // as an empty one), so that line numbers in stack traces hold.
  const source = bytes.toString('utf8').replace(/^#!.*/, '');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: programFile,
    ...(cachedData ? { cachedData } : {}),
  });
  if (writing) {
    process.once('exit', () => {
      writeFileSync(cacheFile, Buffer.concat([Buffer.from(stamp, 'latin1'), script.createCachedData()]));
    });
  }
  const module = { exports: {} as Program };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, require, module, programFile, dirname(programFile));
  const codeCache: CodeCacheState = writing ? 'off' : cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  return { program: module.exports, codeCache };
}

const { program, codeCache } = load();
await program.runProgram({ codeCache });
