#!/usr/bin/env node
// `pnpm mock [--stateful]`: the Push API mock on 127.0.0.1:4010 (MOCK_HOST / MOCK_PORT).
//   pnpm mock              Prism answering from the spec's examples, behind the server's checks
//   pnpm mock --stateful   the reference server on a throwaway in-memory store (real recall)
import { parseArgs } from 'node:util';
import { MAX_TIME_OFFSET_SECONDS } from '@push-api/engine';
import { ConfigError, createLogger, loadConfig } from '@push-api/server';
import { startPrismMock } from './front.js';
import { specPath } from './prism.js';
import { startStatefulMock, TEST_APP } from './stateful.js';

const USAGE = `Usage: pnpm mock [--stateful]

  (default)    Prism on the spec: every request is checked as the API checks it, and a good
               one is answered from the spec's examples (Prefer: code=400, example=… picks one).
  --stateful   the reference server on a throwaway in-memory store, CORS open, one test app:
               push, then recall (200), recall again (400 "has been withdrawn"), and with
               Prefer: time-offset=<seconds> as if that much time had passed (expiry).

Environment: MOCK_HOST (default 127.0.0.1), MOCK_PORT (default 4010), LOG_LEVEL (--stateful).`;

function fail(message: string): never {
  process.stderr.write(`pnpm mock: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let stateful = false;
try {
  // `pnpm --filter … mock -- --help` passes the "--" on: it separates pnpm's options from ours.
  const args = process.argv.slice(2);
  if (args[0] === '--') args.shift();
  const { values } = parseArgs({
    args,
    options: { stateful: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  stateful = values.stateful === true;
} catch (error) {
  fail((error as Error).message);
}

const host = process.env.MOCK_HOST?.trim() || '127.0.0.1';
const portText = process.env.MOCK_PORT?.trim() || '4010';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port < 1 || port > 65_535) fail(`MOCK_PORT must be a port number from 1 to 65535, not "${portText}"`);

let logLevel;
try {
  ({ logLevel } = loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' }));
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const auth = `-u ${TEST_APP.appKey}:${TEST_APP.masterSecret}`;
try {
  if (stateful) {
    const mock = await startStatefulMock({ host, port, logger: createLogger(logLevel) });
    process.stdout.write(
      [
        '',
        `Push API stateful mock on ${mock.url} — the reference server, in memory: everything is forgotten when it stops`,
        `  test app   appKey ${TEST_APP.appKey}  masterSecret ${TEST_APP.masterSecret}`,
        `  push       curl -s ${auth} -H 'Content-Type: application/json' -d '{"to":"all","body":{"platform":"all","notification":{"alert":"hi"}}}' ${mock.url}/v4/push`,
        `  recall     curl -s ${auth} -X DELETE ${mock.url}/v4/push/withdraw/<msg_id>`,
        `  expiry     add -H 'Prefer: time-offset=86400' (seconds, 0 to ${MAX_TIME_OFFSET_SECONDS}): judged as if a day had passed`,
        '',
      ].join('\n'),
    );
    stopOnSignals(() => mock.close());
  } else {
    const mock = await startPrismMock({ host, port, stdio: 'inherit' });
    process.stdout.write(
      [
        '',
        `Push API mock (Prism) on ${mock.url}, serving ${specPath}`,
        `  try   curl -i ${auth} -X DELETE ${mock.url}/v4/push/withdraw/1828256757 -H 'Prefer: code=400, example=msgIdWithdrawn'`,
        `  real recall semantics (push, recall once, expiry): pnpm mock --stateful`,
        '',
      ].join('\n'),
    );
    stopOnSignals(() => mock.close());
  }
} catch (error) {
  const { code } = error as { code?: string };
  if (code === 'EADDRINUSE') fail(`${host}:${port} is in use: set MOCK_PORT to another port`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`cannot listen on ${host}: set MOCK_HOST to an address of this machine`);
  throw error;
}

function stopOnSignals(close: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void close().then(() => process.exit(0));
    });
  }
}
