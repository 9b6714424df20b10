// The client's log: what each attempt did, for the people who run it. Nothing is logged by
// default; `logLevel` (or PUSH_API_LOG, where there is an environment) turns it on. A line
// never carries a header: the credentials cannot reach it.

/** From quietest to chattiest: `debug` logs every attempt, `info` each retry, `warn` a call that failed after retrying. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Where lines go: `console` by default, or anything with its four methods (pino, winston, …). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** Writes at `level` or quieter; undefined when nothing would be written. */
export type Log = ((level: Exclude<LogLevel, 'off'>, message: string) => void) | undefined;

/** PUSH_API_LOG, where there is an environment that may be read (Deno asks for a permission). */
function fromEnvironment(): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.PUSH_API_LOG;
  } catch {
    return undefined;
  }
}

/** The log of a client: `logLevel`, else PUSH_API_LOG, else off. Throws TypeError on a level it does not know. */
export function createLog(level: LogLevel | undefined, logger: Logger | undefined): Log {
  const source = level === undefined ? 'PUSH_API_LOG' : 'logLevel';
  const chosen = level ?? (fromEnvironment() || undefined) ?? 'off';
  const rank = LEVELS.indexOf(chosen as LogLevel);
  if (rank < 0) throw new TypeError(`${source}: unknown log level "${chosen}"; use one of ${LEVELS.join(', ')}`);
  if (rank === 0) return undefined;
  const out = logger ?? console;
  return (at, message) => {
    if (LEVELS.indexOf(at) <= rank) out[at](`push-api: ${message}`);
  };
}
