#!/usr/bin/env node
// Prints what the fault tests counted (test-output/figures.json), one line each.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatFigures } from '@push-api/test-support/figures';

const file = join(import.meta.dirname, '..', 'test-output', 'figures.json');
if (!existsSync(file)) {
  console.log('fault figures: none yet (run the tests: pnpm --filter @push-api/fault-tests test)');
  process.exit(0);
}
for (const line of formatFigures(file)) console.log(`faults ${line}`);
