#!/usr/bin/env node
// Entry point (`pnpm start`, `node dist/main.js`): read the environment, then serve.
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

await serve({ config, logger: createLogger(config.logLevel), announce: true });
