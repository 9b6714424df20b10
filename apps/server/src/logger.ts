// The structured logger (pino, JSON lines on stdout). Requests are logged by
// pipeline/request-log.ts with their request id; Authorization headers and secrets are
// redacted should any code ever pass them, and bodies are never logged.
import { pino } from 'pino';
import type { LogLevel } from './config.js';

/** The logger every part of the server writes to (pino's). */
export type Logger = pino.Logger;

export const REDACTED_PATHS = ['req.headers.authorization', 'headers.authorization', 'authorization', 'masterSecret', '*.masterSecret'];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
