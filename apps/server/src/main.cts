#!/usr/bin/env node
// The executable (`pnpm start`, `node dist/main.cjs`): runs the server's program (program.ts,
// bundled into dist/server.cjs by scripts/bundle.mjs) with V8's code cache. The cache
// (dist/server.cjs.cache, written by the build's warm-up run: scripts/code-cache.mjs) holds
// the program's functions as V8 compiled them while that run started and answered requests,
// so a start compiles almost nothing: a third of the time to the first answer. Node 20 has no
// compile cache of its own (module.enableCompileCache came in Node 22): hence this file.
// The cache is used only with the file it was made from (the SHA-1 of its bytes, written at
// its head: V8 itself checks only the length of the source) and when V8 accepts it (same V8,
// same flags); otherwise the program is compiled as usual. The start-up log line says which
// (`codeCache`: used, rejected, absent or off).
// A CommonJS file (main.cts → main.cjs) although the package's files are ES modules: Node
// starts an ES-module entry through its ES-module loader, ~12 ms more before the first line.
import crypto = require('node:crypto');
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');
import type { CodeCacheState, runProgram } from './program.js';

/** Set to 1 by the build's warm-up run: compile without the cache, and write it at exit. */
const WRITE_CODE_CACHE_ENV = 'PUSH_API_WRITE_CODE_CACHE';

const programFile = path.join(__dirname, 'server.cjs');
const cacheFile = `${programFile}.cache`;

interface Program {
  runProgram: typeof runProgram;
}

/** The cached code made from the program file as it is now; undefined when there is none. */
function readCache(stamp: string): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const head = stamp.length;
  return cache.length > head && cache.toString('latin1', 0, head) === stamp ? cache.subarray(head) : undefined;
}

function load(): { program: Program; codeCache: CodeCacheState } {
  const require = nodeModule.createRequire(programFile);
  // With --enable-source-maps, Node's own loader, which maps stack traces to the sources.
  if (process.sourceMapsEnabled) return { program: require(programFile) as Program, codeCache: 'off' };
  const writing = process.env[WRITE_CODE_CACHE_ENV] === '1';
  const bytes = fs.readFileSync(programFile);
  const stamp = `${crypto.createHash('sha1').update(bytes).digest('hex')}\n`;
  const cachedData = writing ? undefined : readCache(stamp);
  // Wrapped as Node's CommonJS loader wraps a file, on the same line (the shebang line stays
  // as an empty one), so that line numbers in stack traces hold.
  const source = bytes.toString('utf8').replace(/^#!.*/, '');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: programFile,
    ...(cachedData ? { cachedData } : {}),
  });
  if (writing) {
    process.once('exit', () => {
      fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(stamp, 'latin1'), script.createCachedData()]));
    });
  }
  const module = { exports: {} as Program };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, require, module, programFile, __dirname);
  const codeCache: CodeCacheState = writing ? 'off' : cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  return { program: module.exports, codeCache };
}

const { program, codeCache } = load();
// A failure to start is reported by runProgram; anything it throws ends the process as an
// unhandled rejection does (the error and its stack on stderr, exit code 1).
void program.runProgram({ codeCache });
