#!/usr/bin/env node
// Entry point (`pnpm start`, `node dist/main.js`): read the environment, open the store,
// seed the apps, listen, say where everything is, and shut down gracefully on SIGINT/SIGTERM.
import { writeSync } from 'node:fs';
import { buildApp } from './app.js';
import { basicAuthorization } from './auth/credentials.js';
import { provisionApps, StartupError, type DevelopmentApp } from './provision-apps.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';

/** How long in-flight requests may take to finish once a shutdown starts. */
const SHUTDOWN_GRACE_MS = 10_000;

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

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`push-api server: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  let store: Store | undefined;
  try {
    const opened = openStore(config);
    store = opened;
    const seeded = await provisionApps(opened, {
      dataDir: config.dataDir,
      pushApps: config.pushApps,
      production: config.production,
      clock: systemClock,
    });
    for (const appKey of seeded.updated) logger.info({ appKey }, 'app from PUSH_APPS created or updated');
    if (seeded.developmentApp && config.production) {
      logger.warn({ appKey: seeded.developmentApp.appKey }, 'the development app exists but cannot authenticate in production');
    }

    const app = await buildApp({ store, config, clock: systemClock, logger });
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
        store: `${store.engine} ${store.location}`,
        storeSettings: store.settings,
        apps: seeded.appCount,
        // Since the process started (performance.now() counts from there).
        startupMs: Math.round(performance.now()),
      },
      `push-api server listening on ${url}`,
    );
    if (seeded.developmentApp && !config.production) {
      // Printed for the developer, not logged: it is the one place a secret is shown.
      writeSync(1, `${describeDevelopmentApp(seeded.developmentApp)}\n`);
    }

    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
      const force = setTimeout(() => {
        logger.error('in-flight requests did not finish in time: exiting');
        process.exit(1);
      }, SHUTDOWN_GRACE_MS);
      force.unref();
      // Keep-alive connections whose last request finished after close() began would hold
      // the server open: close each one as soon as it is idle.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      sweep.unref();
      app
        .close()
        .then(() => opened.close())
        .then(
          () => {
            logger.info('stopped');
            clearTimeout(force);
            clearInterval(sweep);
          },
          (error: unknown) => {
            logger.error({ err: error }, 'error while shutting down');
            clearInterval(sweep);
            process.exitCode = 1;
          },
        );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (error) {
    await store?.close();
    if (error instanceof StartupError) {
      logger.fatal(error.message);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'the server could not start');
    process.exit(1);
  }
}

await main();
