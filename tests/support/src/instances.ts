// Two (or more) instances of the built server on one PostgreSQL database and one Redis, as an
// operator would run them behind a load balancer, and small HTTP helpers that spread requests.
import { Agent, request } from 'node:http';
import { OTHER_APP, TEST_APP, basicAuthorization, pushApps } from './credentials.js';
import { startServer, type ServerProcess } from './processes.js';
import { createDatabase } from './services.js';

export interface Cluster {
  instances: ServerProcess[];
  databaseUrl: string;
  close(): Promise<void>;
}

export interface InstancesOptions {
  /** Beside DATABASE_URL, REDIS_URL, PUSH_APPS, LOG_LEVEL=warn and RATE_LIMIT_PER_SECOND=0. */
  env?: Record<string, string>;
  /** How many (default 2). */
  count?: number;
  /** The URL the instances reach the new database by (e.g. through a proxy); default itself. */
  via?: (databaseUrl: string) => string;
}

/**
 * Instances of the server `main` (serverExecutable()) on a new database of `postgresUrl`'s
 * server, sharing `redisUrl`.
 */
export async function startInstances(
  main: string,
  postgresUrl: string,
  redisUrl: string,
  options: InstancesOptions = {},
): Promise<Cluster> {
  const { env = {}, count = 2, via = (url: string) => url } = options;
  const databaseUrl = await createDatabase(postgresUrl);
  const common = {
    DATABASE_URL: via(databaseUrl),
    REDIS_URL: redisUrl,
    PUSH_APPS: pushApps(TEST_APP, OTHER_APP),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_SECOND: '0',
    ...env,
  };
  // The first instance migrates the new database; the others find it done.
  const instances = [await startServer({ main, env: common })];
  instances.push(...(await Promise.all(Array.from({ length: count - 1 }, () => startServer({ main, env: common })))));
  return { instances, databaseUrl, close: () => Promise.all(instances.map((instance) => instance.close())).then(() => undefined) };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface Answer {
  status: number;
  body: { msg_id?: string; request_id?: string; error?: { code: number; message: string } };
}

/** One request over a keep-alive agent; rejects on a network error. */
export function send(url: string, method: 'POST' | 'DELETE', path: string, body?: unknown, app = TEST_APP): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${url}${path}`, {
      method,
      agent,
      headers: {
        authorization: basicAuthorization(app),
        ...(text ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } : {}),
      },
    });
    req.on('response', (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: data ? (JSON.parse(data) as Answer['body']) : {} });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(text);
  });
}

export const pushBody = (extra: Record<string, unknown> = {}, options?: Record<string, unknown>) => ({
  to: 'all',
  body: { platform: 'all', notification: { alert: 'scale' }, ...(options ? { options } : {}) },
  ...extra,
});

export const push = (url: string, extra?: Record<string, unknown>, options?: Record<string, unknown>, app = TEST_APP) =>
  send(url, 'POST', '/v4/push', pushBody(extra, options), app);
export const recall = (url: string, msgId: string, app = TEST_APP) => send(url, 'DELETE', `/v4/push/withdraw/${msgId}`, undefined, app);

/** Runs `task(i)` for i in 0..count-1 with at most `concurrency` at once. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}
