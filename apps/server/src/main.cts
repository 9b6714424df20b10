#!/usr/bin/env node
// The executable (`pnpm start`, `node dist/main.cjs`): turns Node's compile cache on, then runs
// the server's program, bundled into one script (dist/server.cjs: scripts/bundle.mjs). The
// cache keeps V8's compiled code of the program between starts (in the system's temporary
// folder, or where NODE_COMPILE_CACHE says), so that a start compiles little; it has to be on
// before the program is loaded, hence this file.
import nodeModule = require('node:module');
import type { runProgram } from './program.js';

nodeModule.enableCompileCache();
const program = require('./server.cjs') as { runProgram: typeof runProgram };
void program.runProgram();
