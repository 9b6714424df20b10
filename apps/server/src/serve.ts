// One server process: open the store, provision the apps, listen, say where everything is,
// and shut down gracefully on SIGINT/SIGTERM without dropping a request it has received. As a
// worker of a cluster (WORKERS > 1) it only opens the store and listens: the primary
// provisioned the apps and speaks for the cluster.
import { writeSync } from 'node:fs';
import { buildApp, type App } from './app.js';
import { basicAuthorization, systemClock } from '@push-api/engine';
import type { ServerConfig } from './config.js';
import type { Logger } from './logger.js';
import { provisionApps, StartupError, type DevelopmentApp, type ProvisionResult } from './provision-apps.js';
import type { MetricsListener } from './metrics/listener.js';
import { RetentionJob } from './retention.js';
import { openStore } from './store/index.js';
import { StoreOpenError, type Store } from './store/types.js';

/** Serves GET /metrics on METRICS_HOST:METRICS_PORT; a port it cannot take stops the start, saying which. */
export async function serveMetrics(config: ServerConfig, text: () => Promise<string>, logger: Logger): Promise<MetricsListener> {
  const { listenForMetrics } = await import('./metrics/listener.js');
  const address = { host: config.metricsHost, port: config.metricsPort ?? 0 };
  return listenForMetrics(address, text, (error) => {
    logger.error({ err: error }, 'the metrics could not be gathered');
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new StartupError(`cannot serve the metrics on ${address.host}:${address.port} (${code}): set METRICS_PORT to a free port`);
  });
}

/** Idle keep-alive connections are closed this long after a shutdown starts (see shutdown()). */
const IDLE_GRACE_MS = 1000;

/**
 * What a developer needs on the first screen: where the server and its docs are, the
 * development app's credentials, and a push to try with them.
 */
export function describeDevelopmentApp(dev: DevelopmentApp, url: string): string {
  const lines = [
    '',
    `  push-api server on ${url} — docs ${url}/docs/ — Ctrl-C stops it`,
    `  development app${dev.created ? ' (created now)' : ''} — for local use only, refused when NODE_ENV=production`,
    `    appKey:        ${dev.appKey}`,
  ];
  if (dev.masterSecret !== undefined) {
    lines.push(
      `    masterSecret:  ${dev.masterSecret}`,
      `    Authorization: ${basicAuthorization({ appKey: dev.appKey, masterSecret: dev.masterSecret })}`,
      `    (saved in ${dev.file})`,
      '  try it:',
      `    curl -s -u ${dev.appKey}:${dev.masterSecret} -H 'Content-Type: application/json' \\`,
      `      -d '{"to":"all","body":{"platform":"all","notification":{"alert":"Hello"}}}' ${url}/v4/push`,
      `    curl -s -u ${dev.appKey}:${dev.masterSecret} -X DELETE ${url}/v4/push/withdraw/<msg_id>`,
    );
  } else {
    lines.push(`    masterSecret:  unknown (${dev.file} is missing or names another app); create an app with app:create`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Prints the development app's credentials for the developer: not a log line, the one place a secret is shown. */
export function announceDevelopmentApp(config: ServerConfig, provisioned: ProvisionResult, url: string): void {
  if (provisioned.developmentApp && !config.production) writeSync(1, `${describeDevelopmentApp(provisioned.developmentApp, url)}\n`);
}

/** A failure to listen, as what the operator should change. */
function listenProblem(error: unknown, config: ServerConfig): StartupError | undefined {
  const address = `${config.host}:${config.port}`;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new StartupError(`${address} is in use (another server?): stop it, or set PORT to another port (PORT=0 takes any free one)`);
    case 'EACCES':
      return new StartupError(`listening on ${address} is not permitted to this user: set PORT to 1024 or above`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(
        `cannot listen on ${config.host}: set HOST to an address of this machine (127.0.0.1, or 0.0.0.0 for every interface)`,
      );
    default:
      return undefined;
  }
}

/** Exits on a start-up problem the operator must fix, with its message; rethrows anything else. */
export function exitOnStartupError(error: unknown, logger: Logger): never {
  if (error instanceof StartupError || error instanceof StoreOpenError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'the server could not start');
  process.exit(1);
}

/** Opens the store and provisions the apps (what a single server, or a cluster's primary, does first). */
export async function prepareStore(config: ServerConfig, logger: Logger): Promise<{ store: Store; provisioned: ProvisionResult }> {
  const store = await openStore({
    ...config,
    onConnectRetry: (attempt, error) => {
      logger.warn(
        { attempt, retries: config.dbConnectRetries, err: { message: error.message } },
        'the database does not answer yet: retrying',
      );
    },
  });
  try {
    for (const warning of store.warnings) logger.warn(warning);
    const provisioned = await provisionApps(store, {
      dataDir: config.dataDir,
      pushApps: config.pushApps,
      production: config.production,
      clock: systemClock,
    });
    for (const appKey of provisioned.updated) logger.info({ appKey }, 'app from PUSH_APPS created or updated');
    if (provisioned.developmentApp && config.production) {
      logger.warn({ appKey: provisioned.developmentApp.appKey }, 'the development app exists but cannot authenticate in production');
    }
    return { store, provisioned };
  } catch (error) {
    await store.close();
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const connectionCount = (app: App) =>
  new Promise<number>((resolve) => {
    app.server.getConnections((_error, count) => {
      resolve(count);
    });
  });

/**
 * Stops without cutting a request off: no new connections; every answer from now on says
 * `Connection: close`, so clients with a request on the way get it answered and then leave;
 * connections still idle after IDLE_GRACE_MS are closed (as keep-alive expiry would); then
 * the app and the store close. Resolves false when requests were still running at `timeoutMs`.
 */
async function shutdown(app: App, close: () => Promise<void>, timeoutMs: number): Promise<boolean> {
  app.drain();
  const started = Date.now();
  let idleClosed = false;
  while ((await connectionCount(app)) > 0) {
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) return false;
    if (!idleClosed && elapsed >= IDLE_GRACE_MS) {
      app.server.closeIdleConnections();
      idleClosed = true;
    }
    await sleep(20);
  }
  await app.close();
  await close();
  return true;
}

export interface ServeOptions {
  config: ServerConfig;
  logger: Logger;
  /** 'single': this process is the server; 'worker': one of a cluster's (WORKERS > 1). */
  mode: 'single' | 'worker';
  /** Runs the retention job (in a cluster, one worker does). */
  retention: boolean;
}

/** Runs the server until a signal stops it; exits the process on a start-up problem. */
export async function serve({ config, logger, mode, retention: runRetention }: ServeOptions): Promise<void> {
  let store: Store | undefined;
  try {
    let provisioned: ProvisionResult | undefined;
    if (mode === 'single') {
      ({ store, provisioned } = await prepareStore(config, logger));
    } else {
      // The primary checked the file and provisioned the apps already.
      store = await openStore({ ...config, check: false });
    }
    const opened = store;
    // Metrics only when asked for (METRICS_PORT): prom-client is loaded then, not at every start.
    const metricsModule = config.metricsPort === null ? undefined : await import('./metrics/metrics.js');
    const metrics = metricsModule?.createMetrics();
    // A worker's are gathered by the primary, which serves the machine's.
    if (metrics && mode === 'worker') metricsModule?.shareWithPrimary(metrics);
    const served = metrics ? (await import('./metrics/store.js')).measuredStore(opened, metrics.store) : opened;
    const app = await buildApp({ store: served, config, clock: systemClock, logger, ...(metrics && { metrics }) });
    // The metrics first: once the API answers, they are there too.
    const metricsListener = metrics && mode === 'single' ? await serveMetrics(config, () => metrics.registry.metrics(), logger) : undefined;
    const url = await app.listen({ host: config.host, port: config.port }).catch(async (error: unknown) => {
      await metricsListener?.close();
      throw listenProblem(error, config) ?? error;
    });
    const retention = new RetentionJob(served, runRetention ? config.retentionDays : 0, systemClock, logger);
    retention.start();

    if (mode === 'single') {
      logger.info(
        {
          url,
          docs: `${url}/docs/`,
          openapi: `${url}/openapi.json`,
          store: `${opened.engine} ${opened.location}`,
          metrics: metricsListener?.url,
          storeSettings: opened.settings,
          rateLimit: config.rateLimitPerSecond === 0 ? 'off' : config.redisUrl ? 'redis' : 'in process',
          apps: provisioned?.appCount,
          node: process.version,
          // Since the process started (performance.now() counts from there).
          startupMs: Math.round(performance.now()),
        },
        `push-api server listening on ${url}`,
      );
      if (provisioned) announceDevelopmentApp(config, provisioned, url);
    } else {
      logger.debug({ url, startupMs: Math.round(performance.now()) }, 'worker listening');
    }

    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down: no new connections, answering the requests received');
      const close = async () => {
        await retention.stop();
        await metricsListener?.close();
        await opened.close();
      };
      shutdown(app, close, config.shutdownTimeoutMs).then(
        (finished) => {
          if (finished) {
            logger.info('stopped');
            // A worker's channel to its primary would keep it running: let go of it.
            if (mode === 'worker') process.disconnect();
            return;
          }
          logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'requests in flight did not finish in time: exiting');
          process.exit(1);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while shutting down');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    // A worker's stop is its primary's SIGTERM; Ctrl+C reaches the whole process group.
    process.on('SIGINT', mode === 'worker' ? () => undefined : stop);
  } catch (error) {
    await store?.close();
    exitOnStartupError(error, logger);
  }
}
