export { TEST_APP, OTHER_APP, basicAuthorization, pushApps, type TestApp } from './credentials.js';
export { tempDir, removeTempDirs } from './files.js';
export { freePort } from './ports.js';
export {
  spawnServer,
  startServer,
  startMock,
  startProxy,
  type Running,
  type ServerProcess,
  type ServerProcessOptions,
} from './processes.js';
export { useTestServer, closeAfterEach, type Closable } from './lifecycle.js';
