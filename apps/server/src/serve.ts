// One server process: open the store, provision the apps, listen, say where everything is,
// and shut down gracefully on SIGINT/SIGTERM without dropping a request it has received.
import { writeSync } from 'node:fs';
import { Server as NetServer } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp, type ShutdownState } from './app.js';
import { basicAuthorization } from './auth/credentials.js';
import { systemClock } from './clock.js';
import type { ServerConfig } from './config.js';
import { provisionApps, StartupError, type DevelopmentApp } from './provision-apps.js';
import { openStore } from './store/index.js';
import { StoreOpenError, type Store } from './store/types.js';

/** Idle keep-alive connections are closed this long after a shutdown starts (see shutdown()). */
const IDLE_GRACE_MS = 1000;

function describeDevelopmentApp(dev: DevelopmentApp): string {
  const lines = [
    '',
    `  development app${dev.created ? ' (created now)' : ''} — for local use only, refused when NODE_ENV=production`,
    `    appKey:        ${dev.appKey}`,
  ];
  if (dev.masterSecret !== undefined) {
    lines.push(
      `    masterSecret:  ${dev.masterSecret}`,
      `    Authorization: ${basicAuthorization({ appKey: dev.appKey, masterSecret: dev.masterSecret })}`,
    );
  } else {
    lines.push(`    masterSecret:  unknown (${dev.file} is missing or names another app); create an app with app:create`);
  }
  lines.push(`    (saved in ${dev.file})`, '');
  return lines.join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const connectionCount = (app: FastifyInstance) =>
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
async function shutdown(app: FastifyInstance, state: ShutdownState, store: Store, timeoutMs: number): Promise<boolean> {
  state.draining = true;
  // net.Server's close stops the listener only; http.Server's would also close idle
  // connections at once, resetting a request that is on its way on one of them.
  NetServer.prototype.close.call(app.server);
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
  await store.close();
  return true;
}

export interface ServeOptions {
  config: ServerConfig;
  logger: FastifyBaseLogger;
  /** Print the development app's credentials (only one process of a cluster does). */
  announce: boolean;
}

/** Runs the server until a signal stops it; exits the process on a fatal start-up problem. */
export async function serve({ config, logger, announce }: ServeOptions): Promise<void> {
  let store: Store | undefined;
  try {
    const opened = openStore(config);
    store = opened;
    for (const warning of opened.warnings) logger.warn(warning);
    const provisioned = await provisionApps(opened, {
      dataDir: config.dataDir,
      pushApps: config.pushApps,
      production: config.production,
      clock: systemClock,
    });
    for (const appKey of provisioned.updated) logger.info({ appKey }, 'app from PUSH_APPS created or updated');
    if (provisioned.developmentApp && config.production) {
      logger.warn({ appKey: provisioned.developmentApp.appKey }, 'the development app exists but cannot authenticate in production');
    }

    const state: ShutdownState = { draining: false };
    const app = await buildApp({ store: opened, config, clock: systemClock, logger, shutdown: state });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    logger.info(
      {
        url,
        docs: `${url}/docs/`,
        openapi: `${url}/openapi.json`,
        store: `${opened.engine} ${opened.location}`,
        storeSettings: opened.settings,
        apps: provisioned.appCount,
        // Since the process started (performance.now() counts from there).
        startupMs: Math.round(performance.now()),
      },
      `push-api server listening on ${url}`,
    );
    if (announce && provisioned.developmentApp && !config.production) {
      // Printed for the developer, not logged: it is the one place a secret is shown.
      writeSync(1, `${describeDevelopmentApp(provisioned.developmentApp)}\n`);
    }

    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down: no new connections, answering the requests received');
      shutdown(app, state, opened, config.shutdownTimeoutMs).then(
        (finished) => {
          if (finished) {
            logger.info('stopped');
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
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    await store?.close();
    if (error instanceof StartupError || error instanceof StoreOpenError) {
      logger.fatal(error.message);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'the server could not start');
    process.exit(1);
  }
}
