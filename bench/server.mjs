#!/usr/bin/env node
// The reference server's figures, each a ratio to what was measured in the same run:
//   ceiling          a bare node:http server answering a fixed JSON body (the machine's limit)
//   push / recall    POST /v4/push (a committed INSERT each) and DELETE /v4/push/withdraw/{id}
//                    (a committed UPDATE each: every id recalled once), on SQLite with
//                    DB_SYNCHRONOUS=NORMAL and FULL, with WORKERS=2, and on PostgreSQL when
//                    its binaries are installed
//   floor            on SQLite, a bare node:http server (lib/floor.mjs) committing the same
//                    INSERT and UPDATE on the same file with the same pragmas and group
//                    commit, with no checks at all, after the server's NORMAL and FULL runs
//   Prism            the Prism mock answering the same recall
//   start-up         spawn → first /healthz 200, on a fresh data folder, on the same folder
//                    again (a restart) and on the seeded store (its size named),
//                    against spawn → exit of `node -e 0` and spawn → first answer of the
//                    ceiling's bare server
//   memory           the server's RSS idle (on a small and on the seeded store) and after load
// Servers run on core 0 and the load generator (wrk, else autocannon) on core 1 (taskset);
// every figure is the median of several runs, with their min–max.
// Run alone: node bench/server.mjs [--smoke]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, provisionApps, loadConfig } from '@push-api/server';
import { LIMITS } from '@push-api/types';
import { startDedicatedPostgres, postgresBinDir } from '@push-api/test-support/services';
import { serverExecutable } from '@push-api/test-support/processes';
import { runLoad } from './lib/load.mjs';
import { pgbench, pgbenchScripts, recallIds } from './lib/pgbench.mjs';
import { SETTINGS, runAlone } from './lib/settings.mjs';
import { launch, nodeStartMs, SERVER_CORE } from './lib/processes.mjs';
import { spread } from './lib/stats.mjs';

const root = join(import.meta.dirname, '..');
const serverMain = serverExecutable(join(root, 'apps', 'server', 'package.json'));
const specJson = join(root, 'spec', 'dist', 'openapi.json');
const floorServer = join(import.meta.dirname, 'lib', 'floor.mjs');
// The store's file in DATA_DIR (DATABASE_FILE of apps/server/src/store/sqlite.ts).
const DATABASE_FILE = 'push-api.sqlite';
const { prismBin } = await import('@push-api/mock-server');

const APP = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };
const authorization = `Basic ${Buffer.from(`${APP.appKey}:${APP.masterSecret}`).toString('base64')}`;
const pushBody = JSON.stringify({
  to: 'all',
  body: { platform: 'all', notification: { alert: 'Hello, push!', android: { title: 'Bench' } } },
  request_id: 'bench',
});
// CommonJS, as `node -e` runs it: its start is also the floor of any Node HTTP server's.
const BARE_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ request_id: '', msg_id: '1180003' });
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

/** Messages stored directly (not through HTTP) to be recalled: a contiguous id range per run. */
async function seed(storeConfig, count) {
  const store = await openStore(storeConfig);
  try {
    await provisionApps(store, { dataDir: storeConfig.dataDir, pushApps: [APP], production: false, clock: { now: Date.now } });
    const ids = [];
    const batch = 2000;
    for (let done = 0; done < count; done += batch) {
      const results = await Promise.all(
        Array.from({ length: Math.min(batch, count - done) }, () =>
          store.insertMessage({ appKey: APP.appKey, cid: null, requestId: '', payload: pushBody, sentAt: Date.now() }),
        ),
      );
      ids.push(...results.map((result) => BigInt(result.msgId)));
    }
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (ids.at(-1) - ids[0] + 1n !== BigInt(ids.length)) throw new Error('seeded ids are not contiguous');
    return { first: Number(ids[0]), last: Number(ids.at(-1)) };
  } finally {
    await store.close();
  }
}

/** Splits a seeded range into `parts` ranges of `size`. */
const slices = ({ first }, parts, size) =>
  Array.from({ length: parts }, (_, i) => ({ first: first + i * size, last: first + (i + 1) * size - 1 }));

export async function serverFigures({
  duration = SETTINGS.full.duration,
  runs = SETTINGS.full.runs,
  connections = SETTINGS.full.connections,
  recallsPerRun = SETTINGS.full.recallsPerRun,
  startups = SETTINGS.full.startups,
  log = console.log,
} = {}) {
  const figures = {};
  const record = (name, samples) => {
    figures[name] = {
      rps: spread(samples.map((s) => s.rps)),
      p99: spread(samples.map((s) => s.p99)),
      bad: samples.reduce((sum, s) => sum + s.bad, 0),
      total: samples.reduce((sum, s) => sum + s.total, 0),
    };
    log(`  ${name.padEnd(34)} ${Math.round(figures[name].rps.median)} req/s  p99 ${figures[name].p99.median.toFixed(1)} ms`);
  };
  const repeat = async (load) => {
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await load(run));
    return samples;
  };
  const env = (extra = {}) => ({
    PUSH_APPS: `${APP.appKey}:${APP.masterSecret}`,
    RATE_LIMIT_PER_SECOND: '0',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    ...extra,
  });
  const pushLoad = (url) => runLoad({ kind: 'push', url, connections, duration, authorization, body: pushBody });
  const recallLoad = (url, ids) => runLoad({ kind: 'recall', url, connections, duration, authorization, ids });
  /** The floor's recall run, whose every recall must have changed its row (the floor itself checks nothing). */
  const floorRecallLoad = async (floor, ids) => {
    const counts = async () => (await fetch(`${floor.url}/floor/counts`)).json();
    const before = await counts();
    const sample = await recallLoad(floor.url, ids);
    const after = await counts();
    return { ...sample, bad: sample.bad + after.recalls - before.recalls - (after.changed - before.changed) };
  };
  const temp = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'push-api-bench-'));
    temp.push(dir);
    return dir;
  };

  try {
    // Start-up floors: Node itself, and Node serving HTTP (the ceiling's server, spawn → its
    // first answer). Then the ceiling (measured first and last; the runs of both count).
    const nodeStarts = [];
    const bareStarts = [];
    for (let i = 0; i < startups; i++) {
      nodeStarts.push(await nodeStartMs());
      const bare = await launch('bare node:http', ['-e', BARE_SERVER]);
      bareStarts.push(bare.startMs);
      await bare.stop();
    }
    figures['node -e 0'] = { ms: spread(nodeStarts) };
    figures['start (bare node:http)'] = { ms: spread(bareStarts) };
    log(
      `  node -e 0 / bare node:http server  ${figures['node -e 0'].ms.median.toFixed(0)} / ${figures['start (bare node:http)'].ms.median.toFixed(0)} ms`,
    );
    const ceilingRuns = async () => {
      const bare = await launch('bare node:http', ['-e', BARE_SERVER]);
      await runLoad({ kind: 'get', url: bare.url, connections, duration: 1 });
      const samples = await repeat(() => runLoad({ kind: 'get', url: bare.url, connections, duration }));
      await bare.stop();
      return samples;
    };
    const ceiling = await ceilingRuns();

    // SQLite: one data folder, seeded with the ids every recall run of the server uses.
    const dataDir = newDir();
    const sqliteConfig = { ...loadConfig({ DATA_DIR: dataDir }), dataDir };
    const groups = ['NORMAL', 'FULL', 'WORKERS=2'];
    const seeded = await seed(sqliteConfig, groups.length * runs * recallsPerRun);
    const ranges = slices(seeded, groups.length * runs, recallsPerRun);

    // Start-up: a fresh folder; the same folder again (a restart); the seeded store, whose
    // size the start-up check of the file (PRAGMA quick_check) reads through.
    const fresh = [];
    const restart = [];
    const large = [];
    for (let i = 0; i < startups; i++) {
      const folder = newDir();
      for (const [times, name] of [
        [fresh, 'fresh data'],
        [restart, 'restart'],
      ]) {
        const server = await launch(`server (${name})`, [serverMain], { env: env({ DATA_DIR: folder }), readyPath: '/healthz' });
        times.push(server.startMs);
        if (i === 0 && times === restart) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          figures['RSS idle (small store)'] = { mb: server.rssMb() };
        }
        await server.stop();
      }
      const again = await launch('server (large store)', [serverMain], { env: env({ DATA_DIR: dataDir }), readyPath: '/healthz' });
      large.push(again.startMs);
      await again.stop();
    }
    const storedMessages = seeded.last - seeded.first + 1;
    figures['start (fresh data)'] = { ms: spread(fresh) };
    figures['start (restart)'] = { ms: spread(restart) };
    figures['start (large store)'] = { ms: spread(large), messages: storedMessages };
    // The floor's recall ids, stored after the start-up figures (which stay on the store above).
    const floorGroups = ['NORMAL', 'FULL'];
    const floorRanges = slices(
      await seed(sqliteConfig, floorGroups.length * runs * recallsPerRun),
      floorGroups.length * runs,
      recallsPerRun,
    );
    log(
      `  start, fresh / restart / ${storedMessages} messages ${figures['start (fresh data)'].ms.median.toFixed(0)} / ${figures['start (restart)'].ms.median.toFixed(0)} / ${figures['start (large store)'].ms.median.toFixed(0)} ms`,
    );

    for (const [index, group] of groups.entries()) {
      const extra = group === 'WORKERS=2' ? { WORKERS: '2' } : { DB_SYNCHRONOUS: group };
      // With two workers the server takes both cores: the generator then shares one with it.
      const server = await launch(`server ${group}`, [serverMain], {
        env: env({ DATA_DIR: dataDir, ...extra }),
        readyPath: '/healthz',
        core: group === 'WORKERS=2' ? '0,1' : SERVER_CORE,
      });
      if (group === 'NORMAL') {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        figures['RSS idle'] = { mb: server.rssMb() };
      }
      await runLoad({ kind: 'push', url: server.url, connections, duration: 1, authorization, body: pushBody });
      record(`push ${group}`, await repeat(() => pushLoad(server.url)));
      record(`recall ${group}`, await repeat((run) => recallLoad(server.url, ranges[index * runs + run])));
      if (group === 'NORMAL') figures['RSS after load'] = { mb: server.rssMb() };
      await server.stop();
      // The floor of the same runs: on the same file (the server stopped), the same synchronous.
      const floorIndex = floorGroups.indexOf(group);
      if (floorIndex === -1) continue;
      const floor = await launch(`floor ${group}`, [floorServer], {
        env: {
          FLOOR_DB: join(dataDir, DATABASE_FILE),
          FLOOR_SYNCHRONOUS: group,
          FLOOR_APP_KEY: APP.appKey,
          FLOOR_WINDOW_MS: String(LIMITS.recallWindowSeconds * 1000),
        },
      });
      await runLoad({ kind: 'push', url: floor.url, connections, duration: 1, body: pushBody });
      record(`floor push ${group}`, await repeat(() => pushLoad(floor.url)));
      record(`floor recall ${group}`, await repeat((run) => floorRecallLoad(floor, floorRanges[floorIndex * runs + run])));
      await floor.stop();
    }
    log(
      `  RSS idle (small / large store) / after load  ${figures['RSS idle (small store)'].mb.toFixed(0)} / ${figures['RSS idle'].mb.toFixed(0)} / ${figures['RSS after load'].mb.toFixed(0)} MB`,
    );

    // PostgreSQL, when its binaries are here (a throwaway cluster, fsync on).
    let postgresBin = null;
    try {
      postgresBin = postgresBinDir();
    } catch {
      log('  PostgreSQL: not installed, skipped');
    }
    if (postgresBin) {
      const postgres = await startDedicatedPostgres();
      try {
        const pgConfig = { ...loadConfig({ DATABASE_URL: postgres.url }), dataDir: newDir() };
        // The server's recall runs take a slice each; pgbench's recalls the rest (5 slices).
        const pgIds = slices(await seed(pgConfig, (runs + 5) * recallsPerRun), runs + 5, recallsPerRun);
        const server = await launch('server PostgreSQL', [serverMain], { env: env({ DATABASE_URL: postgres.url }), readyPath: '/healthz' });
        // The floor: pgbench on the same statements, with the server's pool size as clients.
        recallIds({ bin: postgresBin, url: postgres.url, first: pgIds[runs].first });
        const scripts = pgbenchScripts({ appKey: APP.appKey, payload: pushBody });
        const floor = (kind, seconds = duration) =>
          pgbench({ bin: postgresBin, url: postgres.url, script: scripts[kind], clients: pgConfig.dbPoolSize, seconds });
        await runLoad({ kind: 'push', url: server.url, connections, duration: 1, authorization, body: pushBody });
        floor('push', 1);
        // Side by side, run after run (server, then pgbench), so that the machine's drift and
        // the young cluster's (its first WAL segments are made as it goes) fall on both alike.
        for (const kind of ['push', 'recall']) {
          const served = [];
          const tps = [];
          for (let run = 0; run < runs; run++) {
            served.push(await (kind === 'push' ? pushLoad(server.url) : recallLoad(server.url, pgIds[run])));
            tps.push(floor(kind));
          }
          record(`${kind} PostgreSQL`, served);
          figures[`pgbench ${kind}`] = { tps: spread(tps), clients: pgConfig.dbPoolSize };
          log(`  pgbench ${kind.padEnd(26)} ${Math.round(figures[`pgbench ${kind}`].tps.median)} tps (${pgConfig.dbPoolSize} clients)`);
        }
        await server.stop();
      } finally {
        await postgres.close();
      }
    }

    // Prism on the same recall (it answers its example whatever the id).
    const prism = await launch('Prism mock', (port) => [prismBin, 'mock', specJson, '-h', '127.0.0.1', '-p', String(port)], {
      readyPath: '/v4/push/withdraw/1',
      readyStatus: null,
    });
    record('Prism recall', await repeat(() => recallLoad(prism.url, { first: 1, last: 1e12 })));
    await prism.stop();

    ceiling.push(...(await ceilingRuns()));
    record('ceiling (bare node:http)', ceiling);
    return figures;
  } finally {
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone(serverFigures);
