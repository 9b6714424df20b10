#!/usr/bin/env node
// Prints the conformance table the contract suite recorded (test-output/figures.json): a row
// per scenario, a column per target (numbered, named below), each cell pass (✓), failed or
// not run (✗), or not applicable (–, with the reason below), and the totals.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(import.meta.dirname, '..', 'test-output', 'figures.json');
const recorded = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).conformance : undefined;
if (recorded === undefined) {
  console.log('conformance: none yet (run the tests: pnpm --filter @push-api/contract-tests test)');
  process.exit(0);
}
const targets = [];
const scenarios = [];
const cells = new Map();
for (const [key, outcome] of Object.entries(recorded)) {
  if (key === 'recordedAt') continue;
  const [target, scenario] = key.split(' | ');
  if (!targets.includes(target)) targets.push(target);
  if (!scenarios.includes(scenario)) scenarios.push(scenario);
  cells.set(key, outcome);
}
const failed = (outcome) => outcome === undefined || outcome === 'FAIL' || outcome === 'not run';
const mark = (outcome) => (outcome === 'pass' ? '✓' : failed(outcome) ? '✗' : '–');
const width = Math.max(...scenarios.map((scenario) => scenario.length));
console.log(`conformance, targets × scenarios:`);
console.log(`  ${'scenario'.padEnd(width)}  ${targets.map((_, i) => String(i + 1).padStart(2)).join(' ')}`);
for (const scenario of scenarios) {
  console.log(`  ${scenario.padEnd(width)}  ${targets.map((target) => mark(cells.get(`${target} | ${scenario}`)).padStart(2)).join(' ')}`);
}
const counts = { pass: 0, fail: 0, na: 0 };
targets.forEach((target, i) => {
  const reasons = new Set();
  for (const scenario of scenarios) {
    const outcome = cells.get(`${target} | ${scenario}`);
    if (outcome === 'pass') counts.pass++;
    else if (failed(outcome)) counts.fail++;
    else {
      counts.na++;
      reasons.add(outcome.replace(/^n\/a \((.*)\)$/, '$1'));
    }
  }
  console.log(`  ${String(i + 1).padStart(2)} ${target}${reasons.size > 0 ? ` (–: ${[...reasons].join('; ')})` : ''}`);
});
console.log(
  `conformance: ${targets.length} targets × ${scenarios.length} scenarios: ${counts.pass} passed, ${counts.fail} failed, ${counts.na} not applicable`,
);
