#!/usr/bin/env node
// The client's cost, in one run, against bare openapi-fetch (and raw fetch):
//   size        min+gzip of everything the package exports (esbuild --minify, gzip -9)
//   CPU         per call, with an in-process answer standing in for the global fetch, both
//               clients on their default options (the clients' own CPU work)
//   loopback    calls per second to a bare node:http server on the other core, 50 at a time
// Rounds are interleaved, so the machine's noise falls on every contender alike; the figures
// are medians with their min–max. Run alone: node bench/client.mjs [--smoke]
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import createClient from 'openapi-fetch';
import { createPushClient } from '@push-api/client';
import { launch, pinned, GENERATOR_CORE } from './lib/processes.mjs';
import { SETTINGS, runAlone } from './lib/settings.mjs';
import { spread } from './lib/stats.mjs';
import { spawnSync } from 'node:child_process';

const here = import.meta.dirname;
const APP = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };
const auth = `Basic ${btoa(`${APP.appKey}:${APP.masterSecret}`)}`;
const body = JSON.stringify({ request_id: '', msg_id: '1828256757' });
const path = '/v4/push/withdraw/{msg_id}';
const params = { path: { msg_id: '1828256757' } };

async function minGzip(contents) {
  const result = await build({
    stdin: { contents, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return gzipSync(code, { level: 9 }).length;
}

/**
 * Runs each contender `rounds` times, interleaved, each round starting with the next one (so
 * that none always runs right after the same other, paying for its garbage); `measure(fn)`
 * gives one round's figure.
 */
async function interleaved(contenders, rounds, measure) {
  const entries = Object.entries(contenders);
  const samples = Object.fromEntries(entries.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < entries.length; i++) {
      const [name, fn] = entries[(round + i) % entries.length];
      samples[name].push(await measure(fn));
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, spread(values)]));
}

export async function clientFigures({
  rounds = SETTINGS.full.rounds,
  calls = SETTINGS.full.calls,
  httpCalls = SETTINGS.full.httpCalls,
  log = console.log,
} = {}) {
  const size = {
    client: await minGzip("export * from '@push-api/client';"),
    bare: await minGzip("export { default } from 'openapi-fetch';"),
  };
  log(`  client size ${(size.client / 1000).toFixed(2)} kB min+gzip (bare openapi-fetch ${(size.bare / 1000).toFixed(2)} kB)`);

  // CPU per call: both clients with their default options; the in-process answer stands in
  // for the global fetch (each client reads it when it is created or called).
  const realFetch = globalThis.fetch;
  const answer = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  const baseUrl = 'http://127.0.0.1:8080';
  globalThis.fetch = answer;
  let cpu;
  try {
    const bare = createClient({ baseUrl, headers: { Authorization: auth } });
    const ours = createPushClient({ ...APP, baseUrl });
    const oursNoTimeout = createPushClient({ ...APP, baseUrl, timeoutMs: 0 });
    const contenders = {
      'raw fetch': async () =>
        (await fetch(new Request(`${baseUrl}/v4/push/withdraw/1828256757`, { method: 'DELETE', headers: { Authorization: auth } }))).json(),
      'bare openapi-fetch': () => bare.DELETE(path, { params }),
      '@push-api/client': () => ours.withdraw('1828256757'),
      '@push-api/client, timeoutMs: 0': () => oursNoTimeout.withdraw('1828256757'),
    };
    for (const fn of Object.values(contenders)) for (let i = 0; i < 2000; i++) await fn();
    cpu = await interleaved(contenders, rounds, async (fn) => {
      const started = performance.now();
      for (let i = 0; i < calls; i++) await fn();
      return ((performance.now() - started) * 1000) / calls;
    });
  } finally {
    globalThis.fetch = realFetch;
  }
  log(
    `  CPU per call: client ${cpu['@push-api/client'].median.toFixed(1)} µs, bare openapi-fetch ${cpu['bare openapi-fetch'].median.toFixed(1)} µs`,
  );

  // Over loopback: the upstream on the other core from this process's.
  const upstream = await launch(
    'bare node:http',
    [
      '-e',
      `const body = ${JSON.stringify(body)};
       require('node:http').createServer((req, res) => {
         req.resume();
         req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body));
       }).listen(Number(process.env.PORT), '127.0.0.1');`,
    ],
    { core: GENERATOR_CORE },
  );
  let loopback;
  try {
    const bare = createClient({ baseUrl: upstream.url, headers: { Authorization: auth } });
    const ours = createPushClient({ ...APP, baseUrl: upstream.url });
    const contenders = {
      'raw fetch': async () =>
        (await fetch(`${upstream.url}/v4/push/withdraw/1828256757`, { method: 'DELETE', headers: { Authorization: auth } })).json(),
      'bare openapi-fetch': () => bare.DELETE(path, { params }),
      '@push-api/client': () => ours.withdraw('1828256757'),
    };
    for (const fn of Object.values(contenders)) for (let i = 0; i < 500; i++) await fn();
    loopback = await interleaved(contenders, rounds, async (fn) => {
      let left = httpCalls;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (left-- > 0) await fn();
        }),
      );
      return httpCalls / ((performance.now() - started) / 1000);
    });
  } finally {
    await upstream.stop();
  }
  log(
    `  loopback: client ${loopback['@push-api/client'].median.toFixed(0)} calls/s, bare openapi-fetch ${loopback['bare openapi-fetch'].median.toFixed(0)} calls/s`,
  );
  return { size, cpu, loopback };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // This process is the client: pin it to the core the servers do not use.
  if (pinned && !process.env.BENCH_PINNED) {
    const { status } = spawnSync('taskset', ['-c', '0', process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_PINNED: '1' },
    });
    process.exit(status ?? 1);
  }
  await runAlone(clientFigures);
}
