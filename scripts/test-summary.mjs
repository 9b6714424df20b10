#!/usr/bin/env node
// Adds up the vitest JSON reports of every workspace package (test-output/vitest.json),
// prints what the hardening and scale-out suites measured (their figures), then one closing
// line, "tests: N passed, N failed", so CI can read the totals.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const packages = [
  'spec',
  'packages/types',
  'packages/client',
  'apps/server',
  'apps/docs',
  'apps/mock',
  'tests/contract',
  'tests/hardening',
  'tests/scale',
];
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
for (const dir of ['tests/hardening', 'tests/scale']) {
  const script = join(root, dir, 'scripts', 'print-figures.mjs');
  if (existsSync(script)) process.stdout.write(execFileSync(process.execPath, [script], { encoding: 'utf8' }));
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
