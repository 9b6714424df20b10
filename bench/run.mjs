#!/usr/bin/env node
// `pnpm bench`: every benchmark, one after the other (they share a 2-core machine).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

for (const name of ['client.mjs', 'server.mjs']) {
  const file = join(import.meta.dirname, name);
  if (!existsSync(file)) continue;
  console.log(`\n=== ${name}`);
  const { status } = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
