// The server's program: read the environment, then serve — as one process, or as the primary
// or a worker of a cluster (WORKERS > 1). main.cts (the executable, dist/main.cjs) runs it from
// the bundle dist/server.cjs (scripts/bundle.mjs). node:cluster (and the child_process it
// loads) is imported only for a cluster: it was a tenth of a single server's start-up.
import { ConfigError, loadConfig, RETENTION_WORKER_ENV, type ServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { serve } from './serve.js';

export async function runProgram(): Promise<void> {
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

  // The primary sets RETENTION_WORKER_ENV on every worker it forks (cluster.ts).
  const retentionWorker = process.env[RETENTION_WORKER_ENV];
  if (retentionWorker !== undefined && (await import('./cluster.js')).isClusterWorker()) {
    await serve({ config, logger, mode: 'worker', retention: retentionWorker === '1' });
  } else if (config.workers > 1) {
    const { runPrimary } = await import('./cluster.js');
    await runPrimary(config, logger);
  } else {
    await serve({ config, logger, mode: 'single', retention: true });
  }
}
