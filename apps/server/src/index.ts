// What other packages of this repository build on (the mock's Prism front and its stateful
// mode, the benchmarks): the application, the stores, the apps and the configuration. The
// server itself starts from main.cts.
export { buildApp, ApiRequest, type Answer, type App, type AppConfig, type BuildAppOptions } from './app.js';
export { loadConfig, ConfigError, type ServerConfig } from './config.js';
export { createLogger, type Logger } from './logger.js';
export { provisionApps } from './provision-apps.js';
export { openSqliteStore } from './store/sqlite.js';
export { openStore } from './store/index.js';
