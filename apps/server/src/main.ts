#!/usr/bin/env node
// Entry point (`pnpm start`, `node dist/main.js`): read the environment, then serve — as one
// process, or as the primary or a worker of a cluster (WORKERS > 1).
import cluster from 'node:cluster';
import { RETENTION_WORKER_ENV, runPrimary } from './cluster.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { serve } from './serve.js';

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

if (cluster.isWorker) {
  await serve({ config, logger, mode: 'worker', retention: process.env[RETENTION_WORKER_ENV] === '1' });
} else if (config.workers > 1) {
  await runPrimary(config, logger);
} else {
  await serve({ config, logger, mode: 'single', retention: true });
}
