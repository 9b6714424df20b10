#!/usr/bin/env node
// Adds up the vitest JSON reports of every workspace package (test-output/vitest.json),
// prints what the suites of tests/ measured or ran (each one's scripts/print-figures.mjs),
// then one closing line, "tests: N passed, N failed", so CI can read the totals.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
// Every workspace package with tests writes its report there (spec, packages/*, apps/*, tests/*, examples/*).
const packages = [
  'spec',
  ...['packages', 'apps', 'tests', 'examples'].flatMap((group) => readdirSync(join(root, group)).map((dir) => `${group}/${dir}`)),
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
for (const dir of packages.filter((dir) => dir.startsWith('tests/'))) {
  const script = join(root, dir, 'scripts', 'print-figures.mjs');
  if (existsSync(script)) process.stdout.write(execFileSync(process.execPath, [script], { encoding: 'utf8' }));
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
