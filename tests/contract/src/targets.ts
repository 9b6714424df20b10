// The targets the suite runs against: the Prism mock, the reference server (the built
// dist/main.js, with both test apps configured), and Prism as a validating proxy in front of it.
import { fileURLToPath } from 'node:url';
import { OTHER_APP, TEST_APP, pushApps, startServer as startServerProcess, type ServerProcess } from '@push-api/test-support';

export { startMock, startProxy, type Running as Target } from '@push-api/test-support';

const serverMain = fileURLToPath(new URL('dist/main.js', import.meta.resolve('@push-api/server/package.json')));

/** The reference server on a fresh data folder, with both test apps configured. */
export function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess({ main: serverMain, env: { LOG_LEVEL: 'warn', PUSH_APPS: pushApps(TEST_APP, OTHER_APP), ...env } });
}
