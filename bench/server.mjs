#!/usr/bin/env node
// The reference server against a bare node:http server and the Prism mock, in one run on one
// machine (compare the ratios, not the absolute numbers: the machine is shared and noisy).
//
//   bare GET        node:http answering a fixed JSON: the ceiling of this machine (run first
//                   and last; the better of the two is what the ratios divide by)
//   server push     POST /v4/push: auth, spec validation, one committed INSERT each
//   server recall   DELETE /v4/push/withdraw/{id}: every id recalled once, so every request
//                   is a committed UPDATE (the ids come from the push run)
//   Prism push      POST /v4/push on `prism mock` of the same spec
//
// Each server is its own child process on a free 127.0.0.1 port, stopped by its PID.
// Also measured: the server's start-to-first-answer time (spawn → first 200 of /healthz) and
// its idle RSS; Prism's start time and RSS. Exits 1 if a server request was not a 2xx.
// Knobs: BENCH_DURATION (s, default 5), BENCH_CONNECTIONS (default 50), BENCH_SKIP_PRISM=1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';

const root = join(import.meta.dirname, '..');
const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const skipPrism = process.env.BENCH_SKIP_PRISM === '1';

const APP = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };
const authorization = `Basic ${Buffer.from(`${APP.appKey}:${APP.masterSecret}`).toString('base64')}`;
const pushBody = JSON.stringify({
  to: 'all',
  body: { platform: 'all', notification: { alert: 'Hello, push!', android: { title: 'Bench' } } },
  request_id: 'bench',
});
const pushOptions = { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: pushBody };

const serverMain = join(root, 'apps', 'server', 'dist', 'main.js');
const specJson = join(root, 'spec', 'dist', 'openapi.json');
const prismBin = join(
  dirname(createRequire(join(root, 'apps', 'mock', 'package.json')).resolve('@stoplight/prism-cli/package.json')),
  'dist',
  'index.js',
);

const BARE_SERVER = `
import http from 'node:http';
const body = JSON.stringify({ request_id: '', msg_id: '1180003' });
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** One GET; resolves the status code, or 0 when nothing answers yet. */
function probe(port, path) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2000, () => request.destroy());
  });
}

const children = new Set();
function stopAll() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** Spawns a server (`argsFor(port)`) and waits for its first answer on `readyPath`. */
async function launch(name, argsFor, { env = {}, readyPath = '/', timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, argsFor(port), {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${stderr}`);
    if ((await probe(port, readyPath)) > 0) break;
    if (performance.now() - started > timeoutMs) throw new Error(`${name} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const startMs = performance.now() - started;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    children.delete(child);
  };
  return { name, pid: child.pid, port, url: `http://127.0.0.1:${port}`, startMs, stop };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

/** Runs autocannon; req/s is counted here (autocannon rounds an `amount` run's duration to seconds). */
function load(title, options) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    autocannon({ connections, duration, ...options }, (error, result) => {
      if (error) reject(error);
      else resolve({ title, result, seconds: (performance.now() - started) / 1000 });
    });
  });
}

async function warmUp(url, options) {
  await new Promise((resolve, reject) =>
    autocannon({ url, connections: 10, duration: 1, ...options }, (error) => (error ? reject(error) : resolve())),
  );
}

const rows = [];
function record(title, { result, seconds }) {
  rows.push({
    title,
    rps: result.requests.total / seconds,
    p99: result.latency.p99,
    total: result.requests.total,
    bad: result.non2xx + result.errors + result.timeouts,
  });
}

function report({ serverStartMs, idleRss, prismStartMs, prismRss }) {
  // The machine is shared: bare node:http runs first and last, and the better run is the ceiling.
  const bareRps = Math.max(...rows.filter((row) => row.title.startsWith('bare')).map((row) => row.rps));
  const cell = (value, width) => String(value).padStart(width);
  console.log(`\n${connections} connections, ${duration} s each, autocannon in this process (node ${process.version})\n`);
  console.log(
    `${'target'.padEnd(26)}${cell('req/s', 10)}${cell('p99 ms', 9)}${cell('× bare', 9)}${cell('requests', 10)}${cell('not 2xx', 9)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.title.padEnd(26)}${cell(Math.round(row.rps), 10)}${cell(row.p99, 9)}${cell((row.rps / bareRps).toFixed(2), 9)}${cell(row.total, 10)}${cell(row.bad, 9)}`,
    );
  }
  console.log(`\nreference server: start to first answer ${Math.round(serverStartMs)} ms, idle RSS ${idleRss.toFixed(1)} MB`);
  if (prismStartMs !== undefined) {
    console.log(`Prism mock:       start to first answer ${Math.round(prismStartMs)} ms, RSS after load ${prismRss.toFixed(1)} MB`);
  }
  const failed = rows.filter((row) => row.bad > 0 && !row.title.startsWith('Prism'));
  if (failed.length > 0) {
    console.error(`\nunexpected answers in: ${failed.map((row) => row.title).join(', ')}`);
    process.exitCode = 1;
  }
}

let prismStartMs;
let prismRss;
const dataDir = mkdtempSync(join(tmpdir(), 'push-api-bench-'));
try {
  // 1. bare node:http
  const bareRun = async (title) => {
    const bare = await launch('bare node:http', () => ['--input-type=module', '-e', BARE_SERVER]);
    await warmUp(bare.url, {});
    record(title, await load('bare', { url: bare.url }));
    await bare.stop();
  };
  await bareRun('bare node:http GET');

  // 2. the reference server
  const server = await launch('reference server', () => [serverMain], {
    env: {
      DATA_DIR: dataDir,
      PUSH_APPS: `${APP.appKey}:${APP.masterSecret}`,
      RATE_LIMIT_PER_SECOND: '0',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
    },
    readyPath: '/healthz',
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleRss = rssMb(server.pid);

  await warmUp(`${server.url}/v4/push`, pushOptions);
  record('server push (INSERT)', await load('server push', { url: `${server.url}/v4/push`, ...pushOptions }));

  // Every message pushed so far has an id in 1..last and has not been recalled.
  const last = await new Promise((resolve, reject) => {
    const request = http.request(`${server.url}/v4/push`, { method: 'POST', headers: pushOptions.headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(Number(JSON.parse(text).msg_id)));
    });
    request.on('error', reject);
    request.end(pushBody);
  });
  let nextId = 1;
  record(
    'server recall (UPDATE)',
    await load('server recall', {
      url: server.url,
      amount: last, // never more recalls than messages: each one is a successful, committed write
      headers: { authorization, 'content-type': 'application/json; charset=utf-8' },
      requests: [
        {
          method: 'DELETE',
          setupRequest: (request) => {
            request.path = `/v4/push/withdraw/${nextId++}`;
            return request;
          },
        },
      ],
    }),
  );
  await server.stop();

  // 3. Prism
  if (!skipPrism) {
    const prism = await launch('Prism mock', (port) => [prismBin, 'mock', specJson, '-h', '127.0.0.1', '-p', String(port)], {
      readyPath: '/__ready__',
    });
    await warmUp(`${prism.url}/v4/push`, pushOptions);
    record('Prism mock push', await load('Prism push', { url: `${prism.url}/v4/push`, ...pushOptions }));
    prismStartMs = prism.startMs;
    prismRss = rssMb(prism.pid);
    await prism.stop();
  }

  await bareRun('bare node:http GET (again)');
  report({ serverStartMs: server.startMs, idleRss, prismStartMs, prismRss });
} finally {
  stopAll();
  rmSync(dataDir, { recursive: true, force: true });
}
