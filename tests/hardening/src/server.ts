// The reference server under test: its built entry (dist/main.cjs) as a process, with both
// test apps and without the per-AppKey rate limit unless a test sets one.
import { OTHER_APP, TEST_APP, pushApps, serverExecutable, startServer, type ServerProcess } from '@push-api/test-support';

export const SERVER_MAIN = serverExecutable(import.meta.resolve('@push-api/server/package.json'));

export interface StartOptions {
  /** Reuse a data folder (a restart); by default a fresh one, removed by close(). */
  dataDir?: string;
  readyTimeoutMs?: number;
}

export function startApiServer(env: Record<string, string> = {}, options: StartOptions = {}): Promise<ServerProcess> {
  return startServer({
    main: SERVER_MAIN,
    env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '0', PUSH_APPS: pushApps(TEST_APP, OTHER_APP), ...env },
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
  });
}

/**
 * Everything the process printed, once it has exited and its output pipes are drained ('exit'
 * can come before the last lines are read).
 */
export async function finalOutput(server: ServerProcess): Promise<string> {
  await server.exited;
  const drained = (stream: NodeJS.ReadableStream | null) =>
    stream === null || (stream as NodeJS.ReadableStream & { closed?: boolean }).closed === true
      ? Promise.resolve()
      : new Promise<void>((resolve) => stream.once('close', () => resolve()));
  await Promise.all([drained(server.child.stdout), drained(server.child.stderr)]);
  return server.output();
}
