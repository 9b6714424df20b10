#!/usr/bin/env node
// Adds up the vitest JSON reports of every workspace package (test-output/vitest.json) and
// prints one closing line, "tests: N passed, N failed", so CI can read the totals.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const packages = ['spec', 'packages/types', 'packages/client', 'apps/server', 'apps/docs', 'apps/mock', 'tests/contract'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of packages) {
  const file = join(root, dir, 'test-output', 'vitest.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(`  ${dir}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
