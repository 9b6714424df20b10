#!/usr/bin/env node
// An interleaved A/B of two builds of the server: push and recall req/s (SQLite, the bench's
// loads: a committed write each), and spawn → first /healthz 200, alternating A and B run by
// run so that the machine's drift falls on both alike. B is this checkout; A is another one,
// built (`pnpm build`) — e.g. a clone of the commit before a change:
//   git clone -q . /tmp/before && (cd /tmp/before && git checkout -q <commit> && pnpm install --offline && pnpm build)
//   node bench/ab.mjs /tmp/before [--rounds 5]
// Prints each figure's medians, B/A, and every run. Beside req/s, the server's CPU time per
// request (from /proc: less swayed than req/s by what else the machine runs). With
// `--postgres`, both run on a throwaway PostgreSQL (a new database each run) instead of SQLite.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, provisionApps, loadConfig } from '@push-api/server';
import { serverExecutable } from '@push-api/test-support/processes';
import { createDatabase, startDedicatedPostgres } from '@push-api/test-support/services';
import { runLoad } from './lib/load.mjs';
import { launch } from './lib/processes.mjs';

const [other, ...rest] = process.argv.slice(2);
if (other === undefined) {
  console.error('usage: node bench/ab.mjs <another checkout, built> [--rounds N] [--postgres]');
  process.exit(2);
}
const rounds = Number(rest[rest.indexOf('--rounds') + 1] ?? 5) || 5;
const postgres = rest.includes('--postgres') ? await startDedicatedPostgres() : undefined;
const builds = {
  A: serverExecutable(join(resolve(other), 'apps', 'server', 'package.json')),
  B: serverExecutable(join(import.meta.dirname, '..', 'apps', 'server', 'package.json')),
};

const APP = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };
const authorization = `Basic ${Buffer.from(`${APP.appKey}:${APP.masterSecret}`).toString('base64')}`;
const body = JSON.stringify({ to: 'all', body: { platform: 'all', notification: { alert: 'Hello, push!', android: { title: 'Bench' } } } });
const env = (dataDir, databaseUrl) => ({
  DATA_DIR: dataDir,
  ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  PUSH_APPS: `${APP.appKey}:${APP.masterSecret}`,
  RATE_LIMIT_PER_SECOND: '0',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
});
const RECALLS = 60_000;

/** A data folder with RECALLS messages to recall, ids first…last. */
async function seeded() {
  const dataDir = mkdtempSync(join(tmpdir(), 'push-api-ab-'));
  const databaseUrl = postgres && (await createDatabase(postgres.url));
  const store = await openStore({ ...loadConfig(databaseUrl ? { DATABASE_URL: databaseUrl } : {}, dataDir), dataDir });
  await provisionApps(store, { dataDir, pushApps: [APP], production: false, clock: { now: Date.now } });
  const ids = [];
  for (let done = 0; done < RECALLS; done += 2000) {
    const batch = await Promise.all(
      Array.from({ length: 2000 }, () =>
        store.insertMessage({ appKey: APP.appKey, cid: null, requestId: '', payload: body, sentAt: Date.now() }),
      ),
    );
    ids.push(...batch.map((result) => Number(result.msgId)));
  }
  await store.close();
  return { dataDir, databaseUrl, ids: { first: Math.min(...ids), last: Math.max(...ids) } };
}

const samples = {
  push: { A: [], B: [] },
  recall: { A: [], B: [] },
  start: { A: [], B: [] },
  pushCpu: { A: [], B: [] },
  recallCpu: { A: [], B: [] },
};

/** CPU time used so far by a process, in µs (user + system, from /proc/<pid>/stat). */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // Fields 14 and 15 of the file (utime, stime), in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
/** A load run, with the server's CPU µs per request. */
async function measured(pid, load) {
  const before = cpuMicros(pid);
  const result = await runLoad(load);
  return { rps: result.rps, cpu: (cpuMicros(pid) - before) / result.total };
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
    const { dataDir, databaseUrl, ids } = await seeded();
    const server = await launch(name, [builds[name]], { env: env(dataDir, databaseUrl), readyPath: '/healthz' });
    samples.start[name].push(server.startMs);
    await runLoad({ kind: 'push', url: server.url, connections: 50, duration: 1, authorization, body });
    const push = await measured(server.pid, { kind: 'push', url: server.url, connections: 50, duration: 5, authorization, body });
    const recall = await measured(server.pid, { kind: 'recall', url: server.url, connections: 50, duration: 5, authorization, ids });
    samples.push[name].push(push.rps);
    samples.pushCpu[name].push(push.cpu);
    samples.recall[name].push(recall.rps);
    samples.recallCpu[name].push(recall.cpu);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    console.log(
      `round ${round + 1} ${name}: push ${push.rps.toFixed(0)} req/s (${push.cpu.toFixed(1)} µs CPU), recall ${recall.rps.toFixed(0)} req/s (${recall.cpu.toFixed(1)} µs CPU), start ${server.startMs.toFixed(0)} ms`,
    );
  }
}
for (const [figure, unit] of [
  ['push', 'req/s'],
  ['pushCpu', 'µs CPU/request'],
  ['recall', 'req/s'],
  ['recallCpu', 'µs CPU/request'],
  ['start', 'ms'],
]) {
  const a = median(samples[figure].A);
  const b = median(samples[figure].B);
  console.log(`${figure.padEnd(7)} A ${a.toFixed(0)} ${unit}, B ${b.toFixed(0)} ${unit}: B/A ${(b / a).toFixed(3)}`);
}
await postgres?.close();
