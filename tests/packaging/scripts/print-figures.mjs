#!/usr/bin/env node
// Prints what the packaging tests ran (test-output/figures.json), one line each.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatFigures } from '@push-api/test-support/figures';

const file = join(import.meta.dirname, '..', 'test-output', 'figures.json');
if (!existsSync(file)) {
  console.log('packaging figures: none yet (run the tests: pnpm --filter @push-api/packaging-tests test)');
  process.exit(0);
}
for (const line of formatFigures(file)) console.log(`packaging ${line}`);
