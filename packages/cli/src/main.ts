// The `push-api` executable (dist/main.js): runs the command line with the real process's
// streams and environment, turns Ctrl-C into an abort of the calls in flight, and sets the
// exit status. Everything else is in cli.ts and what it imports.
import { runCli } from './cli.js';
import { processIo } from './io.js';

// With PUSH_API_DEBUG set, stack traces point into the sources (dist/main.js.map).
if (process.env.PUSH_API_DEBUG !== undefined) process.setSourceMapsEnabled(true);

// The first Ctrl-C stops sending and reports what was done; a second one ends the process.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
});

process.exitCode = await runCli(process.argv.slice(2), processIo(interrupt.signal));
