export { TEST_APP, OTHER_APP, basicAuthorization, pushApps, type TestApp } from './credentials.js';
export { tempDir, removeTempDirs } from './files.js';
export { freePort } from './ports.js';
export { serverExecutable, spawnServer, startServer, type Running, type ServerProcess, type ServerProcessOptions } from './processes.js';
export { useTestServer, closeAfterEach, type Closable } from './lifecycle.js';
export {
  createDatabase,
  startDedicatedPostgres,
  startDedicatedRedis,
  startPostgres,
  startRedis,
  postgresBinDir,
  type DedicatedService,
  type Service,
} from './services.js';
export { formatFigures, recordFigures, Tally } from './figures.js';
export { startFaultProxy, type FaultProxy, type FaultCounts } from './tcp-proxy.js';
