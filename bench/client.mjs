#!/usr/bin/env node
// The client's cost, in one run: its min+gzip size against bare openapi-fetch, and its cost
// per call against bare openapi-fetch and raw fetch, twice: with an in-process fetch that
// answers at once (the clients' own CPU work), and over loopback HTTP to a bare node:http
// server at 50 concurrent calls (what a caller sees).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import createClient from 'openapi-fetch';
import { createPushClient } from '@push-api/client';

const here = import.meta.dirname;

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
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const sizes = {
  '@push-api/client (all exports, with openapi-fetch)': await minGzip("export * from '@push-api/client';"),
  'bare openapi-fetch': await minGzip("export { default } from 'openapi-fetch';"),
};

const body = JSON.stringify({ request_id: '', msg_id: '1828256757' });
const answer = () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const fakeFetch = async () => answer();
const baseUrl = 'http://127.0.0.1:8080';
const auth = `Basic ${btoa('c96f42e0d2e662e45d035ab1:df4d59e84eac2f9d53b36f12')}`;

// Both clients with their default options: the in-process answer stands in for the global fetch.
const realFetch = globalThis.fetch;
globalThis.fetch = fakeFetch;
const bare = createClient({ baseUrl, headers: { Authorization: auth } });
const ours = createPushClient({ appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12', baseUrl });
const oursNoTimeout = createPushClient({
  appKey: 'c96f42e0d2e662e45d035ab1',
  masterSecret: 'df4d59e84eac2f9d53b36f12',
  baseUrl,
  timeoutMs: 0,
});

const contenders = {
  'raw fetch': async () => {
    const response = await fakeFetch(
      new Request(`${baseUrl}/v4/push/withdraw/1828256757`, { method: 'DELETE', headers: { Authorization: auth } }),
    );
    return response.json();
  },
  'bare openapi-fetch': () => bare.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: { msg_id: '1828256757' } } }),
  '@push-api/client withdraw': () => ours.withdraw('1828256757'),
  '… with timeoutMs: 0': () => oursNoTimeout.withdraw('1828256757'),
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const calls = Number(process.env.BENCH_CALLS ?? 20_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (const fn of Object.values(contenders)) for (let i = 0; i < 2000; i++) await fn(); // warm up
for (let round = 0; round < rounds; round++) {
  // Interleaved rounds, so machine noise falls on every contender alike.
  for (const [name, fn] of Object.entries(contenders)) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    samples[name].push(((performance.now() - started) * 1000) / calls);
  }
}
globalThis.fetch = realFetch;
const perCall = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));

console.log('\nClient size (esbuild --minify, gzip -9)');
for (const [name, { min, gzip }] of Object.entries(sizes))
  console.log(`  ${name.padEnd(52)} ${String(min).padStart(6)} B min  ${(gzip / 1000).toFixed(2)} kB gzip`);
console.log(
  `  client over bare openapi-fetch: +${((sizes[Object.keys(sizes)[0]].gzip - sizes['bare openapi-fetch'].gzip) / 1000).toFixed(2)} kB gzip (target: total ≤ 5 kB)`,
);
console.log(`\nCPU per call, median of ${rounds} interleaved rounds × ${calls} calls (in-process fetch)`);
for (const [name, us] of Object.entries(perCall)) {
  console.log(
    `  ${name.padEnd(28)} ${us.toFixed(2).padStart(7)} µs   ×${(us / perCall['bare openapi-fetch']).toFixed(3)} of bare openapi-fetch   ×${(us / perCall['raw fetch']).toFixed(3)} of raw fetch`,
  );
}

// Over loopback HTTP: a bare node:http server in its own process, started and stopped by PID.
const upstream = spawn(
  process.execPath,
  [
    '-e',
    `
  const body = ${JSON.stringify(body)};
  require('node:http').createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body));
  }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [portLine] = await once(upstream.stdout, 'data');
const httpUrl = `http://127.0.0.1:${String(portLine).trim()}`;
const httpBare = createClient({ baseUrl: httpUrl, headers: { Authorization: auth } });
const httpOurs = createPushClient({ appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12', baseUrl: httpUrl });
const httpOursNoTimeout = createPushClient({
  appKey: 'c96f42e0d2e662e45d035ab1',
  masterSecret: 'df4d59e84eac2f9d53b36f12',
  baseUrl: httpUrl,
  timeoutMs: 0,
});
const overHttp = {
  'raw fetch': async () =>
    (await fetch(`${httpUrl}/v4/push/withdraw/1828256757`, { method: 'DELETE', headers: { Authorization: auth } })).json(),
  'bare openapi-fetch': () => httpBare.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: { msg_id: '1828256757' } } }),
  '@push-api/client withdraw': () => httpOurs.withdraw('1828256757'),
  '… with timeoutMs: 0': () => httpOursNoTimeout.withdraw('1828256757'),
};
const httpCalls = Number(process.env.BENCH_HTTP_CALLS ?? 10_000);
const concurrency = 50;
const rates = Object.fromEntries(Object.keys(overHttp).map((name) => [name, []]));
try {
  for (const fn of Object.values(overHttp)) for (let i = 0; i < 500; i++) await fn();
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(overHttp)) {
      let left = httpCalls;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left-- > 0) await fn();
        }),
      );
      rates[name].push(httpCalls / ((performance.now() - started) / 1000));
    }
  }
} finally {
  upstream.kill();
}
const perSecond = Object.fromEntries(Object.entries(rates).map(([name, values]) => [name, median(values)]));
console.log(`\nOver loopback HTTP to bare node:http, ${concurrency} concurrent, median of ${rounds} rounds × ${httpCalls} calls`);
for (const [name, rate] of Object.entries(perSecond)) {
  console.log(
    `  ${name.padEnd(28)} ${rate.toFixed(0).padStart(7)} calls/s   ×${(rate / perSecond['bare openapi-fetch']).toFixed(3)} of bare openapi-fetch   ×${(rate / perSecond['raw fetch']).toFixed(3)} of raw fetch`,
  );
}
