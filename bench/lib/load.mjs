// Load generation, in a process of its own pinned to its own core: wrk when it is installed
// (`bash scripts/setup.sh --bench` installs it), else autocannon in a child Node process.
// Three kinds of load: `get` (a fixed GET), `push` (POST /v4/push, a new message each) and
// `recall` (DELETE /v4/push/withdraw/{id} over a range of pushed, unrecalled ids, so that every
// answer is a committed write; the run stops when the ids run out).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATOR_CORE, onCore } from './processes.mjs';

// BENCH_GENERATOR=autocannon uses autocannon even where wrk is installed.
export const hasWrk = process.env.BENCH_GENERATOR !== 'autocannon' && spawnSync('wrk', ['--version']).error === undefined;
export const generatorName = hasWrk ? 'wrk' : 'autocannon (child process)';

/** Collects a child's output and resolves it when the child exits 0. */
function output(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited with ${code}:\n${stderr}${stdout}`))));
  });
}

// wrk's own Requests/sec divides by the whole -d duration even when a thread stops early (a
// recall run that used up its ids): the script times its run itself, by the wall clock.
const WRK_SCRIPT = `
local kind = os.getenv("BENCH_KIND")
local auth = os.getenv("BENCH_AUTH")
local body = os.getenv("BENCH_BODY")
local first = tonumber(os.getenv("BENCH_FIRST") or "0")
local last = tonumber(os.getenv("BENCH_LAST") or "0")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "50")
local threads = {}
local function now_ns()
  local clock = io.popen("date +%s%N")
  local value = tonumber(clock:read("*a"))
  clock:close()
  return value
end
setup = function(thread) table.insert(threads, thread) end
next_id = first
completed = 0
started_ns = nil
stopped_ns = nil
request = function()
  if started_ns == nil then started_ns = now_ns() end
  if kind == "push" then
    return wrk.format("POST", "/v4/push", { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
  elseif kind == "recall" then
    if next_id > last then return wrk.format("GET", "/healthz") end
    local id = next_id
    next_id = next_id + 1
    return wrk.format("DELETE", "/v4/push/withdraw/" .. id, { ["Authorization"] = auth })
  end
  return wrk.format("GET", "/")
end
response = function(status, headers, body)
  if stopped_ns ~= nil then return end
  completed = completed + 1
  if kind == "recall" and next_id > last - connections then
    stopped_ns = now_ns()
    wrk.thread:stop()
  end
end
done = function(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local started, stopped = thread:get("started_ns"), thread:get("stopped_ns")
    if started ~= nil and stopped ~= nil then
      io.write(string.format("BENCH_STOPPED_EARLY %d %d\\n", thread:get("completed"), stopped - started))
    end
  end
end
`;

const seconds = (text) => {
  const match = /([\d.]+)(us|ms|s)/.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
};

async function runWrk(options) {
  const dir = mkdtempSync(join(tmpdir(), 'push-api-wrk-'));
  try {
    const script = join(dir, 'load.lua');
    writeFileSync(script, WRK_SCRIPT);
    const args = ['-t1', `-c${options.connections}`, `-d${options.duration}s`, '--latency', '-s', script, options.url];
    const [command, commandArgs] = onCore(GENERATOR_CORE, 'wrk', args);
    const text = await output(command, commandArgs, {
      BENCH_KIND: options.kind,
      BENCH_AUTH: options.authorization ?? '',
      BENCH_BODY: options.body ?? '',
      BENCH_FIRST: String(options.ids?.first ?? 0),
      BENCH_LAST: String(options.ids?.last ?? 0),
      BENCH_CONNECTIONS: String(options.connections),
    });
    const total = Number(/(\d+) requests in/.exec(text)?.[1]);
    const notOk = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
    const errors = [...(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text) ?? [])].slice(1).map(Number);
    // A recall run that used up its ids: its own count over its own time.
    const early = /BENCH_STOPPED_EARLY (\d+) (\d+)/.exec(text);
    return {
      rps: early ? Number(early[1]) / (Number(early[2]) / 1e9) : Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]),
      p99: seconds(/\s99%\s+(\S+)/.exec(text)?.[1] ?? ''),
      total,
      bad: notOk + errors.reduce((sum, n) => sum + n, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runAutocannon(options) {
  const child = join(import.meta.dirname, 'load-child.mjs');
  const [command, args] = onCore(GENERATOR_CORE, process.execPath, [child, JSON.stringify(options)]);
  return JSON.parse(await output(command, args, {}));
}

/**
 * One load run. options: { kind: 'get'|'push'|'recall', url, connections, duration (s),
 * authorization?, body? (push), ids?: { first, last } (recall) } → { rps, p99 (ms), total, bad }.
 */
export function runLoad(options) {
  return hasWrk ? runWrk(options) : runAutocannon(options);
}
