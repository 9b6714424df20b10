#!/usr/bin/env node
// `pnpm --filter @push-api/server app:create [--app-key KEY] [--json]`: creates an app in
// the store of DATA_DIR and prints its credentials once. Only a salted hash of the master
// secret is stored: it cannot be shown again. A running server sees the app at once.
import { parseArgs } from 'node:util';
import { basicAuthorization, generateAppKey, generateMasterSecret, hashSecret } from '@push-api/engine';
import { ConfigError, loadConfig } from '../config.js';
import { openStore } from '../store/index.js';

const USAGE = "usage: app:create [--app-key KEY] [--json]   (the server's store: DATABASE_URL if set, else DATA_DIR, default ./.data)";
const APP_KEY = /^[A-Za-z0-9_-]{1,64}$/;

function fail(message: string): never {
  process.stderr.write(`app:create: ${message}\n`);
  process.exit(1);
}

let args;
try {
  // `pnpm … app:create -- --json` passes the `--` on: ignore a leading one.
  const argv = process.argv.slice(2);
  args = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: { 'app-key': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const appKey = args['app-key'] ?? generateAppKey();
if (!APP_KEY.test(appKey)) fail('--app-key must be 1-64 letters, digits, "_" or "-"');
const masterSecret = generateMasterSecret();
const { salt, hash } = await hashSecret(masterSecret);
const store = await openStore(config);
const now = Date.now();
const created = await store.createApp({ appKey, secretSalt: salt, secretHash: hash, kind: 'created', createdAt: now, updatedAt: now });
const location = store.location;
await store.close();
if (!created) fail(`an app with appKey ${appKey} already exists in ${location}`);

const authorization = basicAuthorization({ appKey, masterSecret });
if (args.json) {
  process.stdout.write(`${JSON.stringify({ appKey, masterSecret, authorization })}\n`);
} else {
  process.stdout.write(
    [
      `Created an app in ${location}`,
      `  appKey:        ${appKey}`,
      `  masterSecret:  ${masterSecret}`,
      `  Authorization: ${authorization}`,
      'The master secret is shown only now: it is stored as a salted hash.',
      '',
    ].join('\n'),
  );
}
