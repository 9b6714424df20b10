#!/usr/bin/env node
// `pnpm bench`: every figure, each a ratio to what was measured in the same run, printed and
// written to bench/results/latest.md and to the table of the repository's README.
// `pnpm bench -- --smoke` (what CI runs): a pass of a few seconds per figure that checks the
// benchmarks work; it writes bench/test-output/smoke.md, touches nothing else and asserts
// nothing on speed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine } from './lib/machine.mjs';
import { generatorName } from './lib/load.mjs';
import { pinned } from './lib/processes.mjs';
import { SETTINGS } from './lib/settings.mjs';
import { formatSpread } from './lib/stats.mjs';

const here = import.meta.dirname;
const smoke = process.argv.includes('--smoke');
const settings = SETTINGS[smoke ? 'smoke' : 'full'];

/** Runs one of the bench scripts in a process of its own and reads its figures. */
function figuresOf(script) {
  const dir = mkdtempSync(join(tmpdir(), 'push-api-bench-out-'));
  try {
    const out = join(dir, 'figures.json');
    console.log(`\n▸ ${script}`);
    const { status } = spawnSync(process.execPath, [join(here, script), '--out', out, '--settings', JSON.stringify(settings)], {
      stdio: 'inherit',
    });
    if (status !== 0) throw new Error(`${script} failed (exit ${status})`);
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const client = figuresOf('client.mjs');
const server = figuresOf('server.mjs');

const ceiling = server['ceiling (bare node:http)'].rps.median;
const rps = (name) => server[name]?.rps;
const ratio = (value, base) => `${(value / base).toFixed(2)}×`;
const throughput = (name) => {
  const figure = server[name];
  return `${formatSpread(figure.rps)} req/s, p99 ${figure.p99.median.toFixed(1)} ms`;
};
const rows = [['figure', 'measured (median, min–max)', 'ratio', 'goal']];
const add = (figure, measured, ratioText, goal) => rows.push([figure, measured, ratioText, goal]);

add('ceiling: bare node:http, fixed JSON', throughput('ceiling (bare node:http)'), '1.00×', '');
for (const [name, label, goal] of [
  ['recall NORMAL', 'recall, each a committed UPDATE', '≥ 0.8×'],
  ['push NORMAL', 'push, each a committed INSERT', '≥ 0.6×'],
  ['recall FULL', 'recall, DB_SYNCHRONOUS=FULL', '≥ 0.5×'],
  ['push FULL', 'push, DB_SYNCHRONOUS=FULL', ''],
  ['recall WORKERS=2', 'recall, WORKERS=2 (both cores, shared with the generator)', ''],
  ['push WORKERS=2', 'push, WORKERS=2', ''],
]) {
  if (rps(name)) add(label, throughput(name), `${ratio(rps(name).median, ceiling)} ceiling`, goal);
  // Its floor (SQLite, lib/floor.mjs): the same committed statement, on the same file, with
  // no checks at all; server / floor is the cost of everything the API promises.
  const floor = rps(`floor ${name}`);
  if (!floor) continue;
  const [kind, synchronous] = name.split(' ');
  add(
    `floor: bare \`node:http\`, the same committed ${kind === 'push' ? 'INSERT' : 'UPDATE'} (synchronous=${synchronous}), no checks`,
    throughput(`floor ${name}`),
    `${ratio(floor.median, ceiling)} ceiling; server / floor ${rps(name) ? ratio(rps(name).median, floor.median) : '?'}`,
    '',
  );
}
// PostgreSQL against its own floor: pgbench on the same statements, the server's pool size as clients.
for (const kind of ['recall', 'push']) {
  const figure = rps(`${kind} PostgreSQL`);
  const floor = server[`pgbench ${kind}`];
  if (!figure || !floor) continue;
  add(`${kind}, PostgreSQL (fsync on)`, throughput(`${kind} PostgreSQL`), `${ratio(figure.median, floor.tps.median)} pgbench`, '≥ 0.8×');
  add(`pgbench, the ${kind}'s statement, ${floor.clients} clients`, `${formatSpread(floor.tps)} tps`, '1.00×', '');
}
add(
  'Prism mock, the same recall',
  throughput('Prism recall'),
  `ours ${ratio(rps('recall NORMAL').median, rps('Prism recall').median)} Prism`,
  '≥ 20×',
);
const nodeStart = server['node -e 0'].ms.median;
const bareStart = server['start (bare node:http)'].ms.median;
for (const [name, label] of [
  ['start (fresh data)', 'fresh data folder'],
  ['start (restart)', 'existing data folder (a restart)'],
  ['start (large store)', `a store of ${server['start (large store)']?.messages ?? '?'} messages (the start-up check reads it all)`],
]) {
  if (!server[name]) continue;
  add(
    `server spawn → first /healthz 200, ${label}`,
    `${formatSpread(server[name].ms)} ms`,
    `${ratio(server[name].ms.median, bareStart)} bare node:http`,
    name === 'start (large store)' ? '' : '≤ 2×',
  );
}
add(
  'bare `node:http` server, spawn → first 200 (the floor of any Node HTTP server)',
  `${formatSpread(server['start (bare node:http)'].ms)} ms`,
  '1.00×',
  '',
);
add(
  'bare `node -e 0`, spawn → exit (Node itself)',
  `${formatSpread(server['node -e 0'].ms)} ms`,
  `${ratio(nodeStart, bareStart)} bare node:http`,
  '',
);
add(
  'server RSS idle (a small store; the large one) / after load',
  `${server['RSS idle (small store)'].mb.toFixed(0)} (${server['RSS idle'].mb.toFixed(0)}) / ${server['RSS after load'].mb.toFixed(0)} MB`,
  '',
  '≤ 60 / ≤ 100 MB',
);
add(
  'client CPU per call, default options',
  `${formatSpread(client.cpu['@push-api/client'], 1)} µs (bare openapi-fetch ${client.cpu['bare openapi-fetch'].median.toFixed(1)} µs)`,
  `${ratio(client.cpu['@push-api/client'].median, client.cpu['bare openapi-fetch'].median)} bare`,
  '≤ 1.05×',
);
add(
  'client calls/s over loopback, 50 at a time',
  `${formatSpread(client.loopback['@push-api/client'])} (bare ${client.loopback['bare openapi-fetch'].median.toFixed(0)})`,
  `${ratio(client.loopback['@push-api/client'].median, client.loopback['bare openapi-fetch'].median)} bare`,
  '≥ 0.97×',
);
add(
  'client size, min+gzip, all exports',
  `${(client.size.client / 1000).toFixed(2)} kB (bare openapi-fetch ${(client.size.bare / 1000).toFixed(2)} kB)`,
  '',
  '≤ 5 kB',
);

const bad = Object.entries(server).filter(([name, figure]) => figure.bad > 0 && !name.startsWith('Prism'));
// A smoke pass checks that every benchmark runs, on a few seconds each: its figures are no
// measurement, so it shows which ran (and whether their answers were the expected ones), not ratios or goals.
const shown = smoke ? [['figure', 'smoke pass'], ...rows.slice(1).map(([figure]) => [figure, 'ran'])] : rows;
const table = shown.map((row, index) => `| ${row.join(' | ')} |${index === 0 ? `\n|${' --- |'.repeat(row.length)}` : ''}`).join('\n');
const machine = describeMachine(generatorName);
const how = smoke
  ? [
      `Smoke pass on ${machine.cpu}, Node.js ${machine.node}: every benchmark below ran, on ${settings.duration} s each, and answered as expected${
        bad.length > 0 ? ' but for those named at the end' : ''
      }.`,
      'It checks that the benchmarks work; its figures are not measurements (`pnpm bench` measures).',
    ].join('\n')
  : [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine.cpu}, ${machine.memory} RAM, ${machine.os}, Node.js ${machine.node}.`,
      `Load generator: ${machine.generator}, ${settings.connections} connections, ${settings.duration} s per run, median of ${settings.runs} runs (min–max);` +
        ` ${pinned ? 'servers pinned to core 0 and the generator to core 1 (taskset)' : 'not pinned (taskset or a second core is missing)'}.`,
      `Recall runs use messages stored beforehand, ${settings.recallsPerRun} per run, each recalled once: every answer is a committed write.`,
      'Ratios are of medians measured in this run; compare ratios, not absolute figures, across machines.',
    ].join('\n');
const report = `# Benchmark results${smoke ? ' (smoke pass: a check that the benchmarks run, not a measurement)' : ''}\n\n${how}\n\n${table}\n${
  bad.length > 0 ? `\nUnexpected answers (not 2xx) in: ${bad.map(([name]) => name).join(', ')}\n` : ''
}`;

console.log(`\n${report}`);
if (smoke) {
  mkdirSync(join(here, 'test-output'), { recursive: true });
  writeFileSync(join(here, 'test-output', 'smoke.md'), report);
} else {
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'latest.md'), report);
  // The repository README shows the same table between its markers.
  const readmePath = join(here, '..', 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const updated = readme.replace(/(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/, `$1${how}\n\n${table}$2`);
  if (updated === readme && !readme.includes('<!-- bench:start -->'))
    console.warn('README.md has no <!-- bench:start --> marker: not updated');
  writeFileSync(readmePath, updated);
  console.log('\nwritten: bench/results/latest.md, and the table of README.md');
}
if (bad.length > 0) process.exit(1);
