// GET /metrics (METRICS_PORT): the Prometheus text of the whole machine, off the API's port.
// With WORKERS=2, the counters are the sum of both workers' and match exactly the requests
// this test sent, per operation, status and error code; recall outcomes and refusals too.
import { execFileSync } from 'node:child_process';
import { closeAfterEach, freePort, pushApps, serverExecutable, startServer } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { TEST_APP, authorization, engineEnv, notificationPush, until } from './helpers.js';

const MAIN = serverExecutable(new URL('../package.json', import.meta.url));
const closing = closeAfterEach();

/** One sample line of the text format: name, labels, value. */
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.]+(?:e[+-]?[0-9]+)?|NaN|[+-]Inf)$/;

/** Parses the text format strictly: every line a comment (# HELP, # TYPE) or a sample; throws otherwise. */
function parse(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !/^# (HELP|TYPE) /.test(line))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (match === null) throw new Error(`not Prometheus text: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m): [string, string] => [
          m[1] ?? '',
          m[2] ?? '',
        ]),
      );
      return { name: match[1]!, labels: labels, value: Number(match[3]) };
    });
}

const workersOf = (pid: number) =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)])
    .toString()
    .split('\n')
    .filter((line) => Number(line.trim()) > 0).length;

describe('metrics', () => {
  it('WORKERS=2: one scrape counts every request of both workers, by operation, status and code', async () => {
    const metricsPort = await freePort();
    const server = closing(
      await startServer({
        main: MAIN,
        env: {
          ...(await engineEnv()),
          WORKERS: '2',
          PUSH_APPS: pushApps(TEST_APP),
          RATE_LIMIT_PER_SECOND: '0',
          METRICS_PORT: String(metricsPort),
        },
      }),
    );
    await until(() => workersOf(server.pid) === 2, { timeoutMs: 10_000, intervalMs: 20 });
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, { ...init, headers: { connection: 'close', ...(init.headers as Record<string, string> | undefined) } });
    const json = { ...authorization(TEST_APP), 'content-type': 'application/json' };

    const pushed = await Promise.all(
      Array.from(
        { length: 30 },
        async () =>
          (await (await api('/v4/push', { method: 'POST', headers: json, body: JSON.stringify(notificationPush()) })).json()) as {
            msg_id: string;
          },
      ),
    );
    const recall = (msgId: string) => api(`/v4/push/withdraw/${msgId}`, { method: 'DELETE', headers: authorization(TEST_APP) });
    const first = await Promise.all(pushed.slice(0, 20).map(({ msg_id }) => recall(msg_id)));
    const again = await Promise.all(pushed.slice(0, 5).map(({ msg_id }) => recall(msg_id)));
    const unknown = await Promise.all(['999999999', '999999998', '999999997'].map(recall));
    const badSecret = await api('/v4/push/validate', {
      method: 'POST',
      headers: { ...json, ...authorization({ ...TEST_APP, masterSecret: 'wrong-secret-0000' }) },
      body: '{}',
    });
    const invalid = await api('/v4/push/validate', { method: 'POST', headers: json, body: '{}' });
    expect([first, again, unknown].flat().map((answer) => answer.status)).toEqual([
      ...Array<number>(20).fill(200),
      ...Array<number>(8).fill(400),
    ]);
    expect([badSecret.status, invalid.status]).toEqual([401, 400]);

    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parse(await scrape.text());
    const value = (name: string, labels: Record<string, string>) =>
      samples
        .filter((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))
        .reduce((sum, sample) => sum + sample.value, 0);
    const requests = (operation: string, status: string, code = '') => value('push_api_requests_total', { operation, status, code });
    expect(requests('createPush', '200')).toBe(30);
    expect(requests('withdrawMessage', '200')).toBe(20);
    expect(requests('withdrawMessage', '400', '21003')).toBe(8);
    expect(requests('validatePush', '401', '21004')).toBe(1);
    expect(requests('validatePush', '400', '21002')).toBe(1);
    expect(value('push_api_request_duration_seconds_count', { operation: 'withdrawMessage' })).toBe(28);
    expect(value('push_api_recall_outcomes_total', { outcome: 'recalled' })).toBe(20);
    expect(value('push_api_recall_outcomes_total', { outcome: 'already_recalled' })).toBe(5);
    expect(value('push_api_recall_outcomes_total', { outcome: 'unknown' })).toBe(3);
    expect(value('push_api_refusals_total', { reason: 'authentication' })).toBe(1);
    // On PostgreSQL, every write went through a group commit: 30 pushes and 28 recalls.
    if (process.env.PUSH_API_TEST_ENGINE === 'postgres') {
      expect(value('push_api_store_commit_writes_sum', {})).toBe(58);
      expect(value('push_api_store_commit_writes_count', {})).toBeGreaterThan(0);
    }
    // Both workers answered, and their process figures are there too.
    expect(value('process_cpu_seconds_total', {})).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
    // The API's port does not serve them.
    expect((await api('/metrics')).status).toBe(404);
  });

  it('one process: served on METRICS_PORT, named in the start-up line; a port in use stops the start, saying so', async () => {
    const metricsPort = await freePort();
    const server = closing(
      await startServer({ main: MAIN, env: { ...(await engineEnv()), PUSH_APPS: pushApps(TEST_APP), METRICS_PORT: String(metricsPort) } }),
    );
    // The start-up line comes over a pipe: it may arrive after /healthz's first answer.
    await until(() => server.output().includes(`"metrics":"http://127.0.0.1:${metricsPort}/metrics"`), { timeoutMs: 5000, intervalMs: 20 });
    await fetch(`${server.url}/v4/push`, {
      method: 'POST',
      headers: { ...authorization(TEST_APP), 'content-type': 'application/json' },
      body: JSON.stringify(notificationPush()),
    });
    const samples = parse(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
    expect(samples.find((sample) => sample.name === 'push_api_requests_total' && sample.labels.operation === 'createPush')?.value).toBe(1);
    await expect(
      startServer({ main: MAIN, env: { ...(await engineEnv()), PUSH_APPS: pushApps(TEST_APP), METRICS_PORT: String(metricsPort) } }),
    ).rejects.toThrow(/cannot serve the metrics on 127\.0\.0\.1:\d+ \(EADDRINUSE\): set METRICS_PORT to a free port/);
  });
});
