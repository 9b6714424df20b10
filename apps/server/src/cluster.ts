// WORKERS > 1: this primary checks the store and provisions the apps once, forks the workers
// (each a server on the same port, node:cluster spreading the connections), says once where
// everything is, restarts a worker that dies, and on SIGTERM/SIGINT stops them all gracefully.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.js';
import { RETENTION_WORKER_ENV, type ServerConfig } from './config.js';
import { announceDevelopmentApp, exitOnStartupError, prepareStore, serveMetrics } from './serve.js';

/** A worker that dies this soon after it started counts as a failed start. */
const EARLY_DEATH_MS = 5000;
/** This many failed starts in a row, and the primary gives up (the workers cannot start). */
const MAX_FAILED_STARTS = 5;

/** Whether this process is a worker forked by a primary (node:cluster's own answer). */
export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

export async function runPrimary(config: ServerConfig, logger: Logger): Promise<void> {
  let provisioned;
  try {
    const prepared = await prepareStore(config, logger);
    provisioned = prepared.provisioned;
    await prepared.store.close();
  } catch (error) {
    exitOnStartupError(error, logger);
  }

  const started = new Map<Worker, { at: number; retention: boolean }>();
  let stopping = false;
  let failedStarts = 0;
  let listening = 0;
  let announced = false;

  const fork = (retention: boolean) => {
    const worker = cluster.fork({ [RETENTION_WORKER_ENV]: retention ? '1' : '0' });
    started.set(worker, { at: Date.now(), retention });
  };

  cluster.on('listening', (_worker, address) => {
    failedStarts = 0;
    listening++;
    if (announced || listening < config.workers) return;
    announced = true;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${address.port}`;
    logger.info(
      {
        url,
        docs: `${url}/docs/`,
        openapi: `${url}/openapi.json`,
        workers: config.workers,
        store: config.databaseUrl ? 'postgres' : `sqlite ${config.dataDir}`,
        rateLimit: config.rateLimitPerSecond === 0 ? 'off' : config.redisUrl ? 'redis' : 'in each worker',
        apps: provisioned.appCount,
        node: process.version,
        startupMs: Math.round(performance.now()),
      },
      `push-api server listening on ${url}`,
    );
    announceDevelopmentApp(config, provisioned, url);
  });

  cluster.on('exit', (worker, code, signal) => {
    const info = started.get(worker);
    started.delete(worker);
    if (stopping) {
      if (started.size === 0) {
        logger.info('stopped');
        process.exit(0);
      }
      return;
    }
    listening = Math.max(0, listening - 1);
    const early = info !== undefined && Date.now() - info.at < EARLY_DEATH_MS;
    failedStarts = early ? failedStarts + 1 : 0;
    if (failedStarts >= MAX_FAILED_STARTS) {
      logger.fatal({ code, signal }, `workers keep dying at start (${MAX_FAILED_STARTS} times in a row): stopping`);
      stopAll('SIGTERM');
      process.exitCode = 1;
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'a worker died: starting another');
    fork(info?.retention ?? false);
  });

  const stopAll = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: started.size }, 'shutting down: stopping the workers');
    for (const worker of started.keys()) worker.process.kill('SIGTERM');
    const force = setTimeout(() => {
      logger.error('workers did not stop in time: exiting');
      for (const worker of started.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5000);
    force.unref();
    if (started.size === 0) process.exit(process.exitCode ?? 0);
  };
  process.on('SIGTERM', () => {
    stopAll('SIGTERM');
  });
  process.on('SIGINT', () => {
    stopAll('SIGINT');
  });

  // The machine's metrics, before any worker: the primary asks each for theirs (prom-client over IPC).
  if (config.metricsPort !== null) {
    const { clusterMetricsText } = await import('./metrics/metrics.js');
    try {
      const listener = await serveMetrics(config, clusterMetricsText(), logger);
      logger.info({ metrics: listener.url }, `metrics on ${listener.url}`);
    } catch (error) {
      exitOnStartupError(error, logger);
    }
  }

  for (let i = 0; i < config.workers; i++) fork(i === 0);
}
