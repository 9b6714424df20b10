// Configuration from the environment, checked once at start. Every problem is reported
// together, naming the variable, so a wrong deployment fails fast and clearly.
import { resolve } from 'node:path';
import { LIMITS } from '@push-api/types';
import type { Credentials } from './auth/credentials.js';
import type { SqliteSynchronous } from './store/sqlite.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  /** HOST: interface to listen on. */
  host: string;
  /** PORT: TCP port (0 picks a free one). */
  port: number;
  /** DATA_DIR: folder of the database and of dev-app.json (absolute). */
  dataDir: string;
  /** PUSH_APPS: apps created or updated at start. */
  pushApps: Credentials[];
  /** LOG_LEVEL. */
  logLevel: LogLevel;
  /** RATE_LIMIT_PER_SECOND: requests per AppKey per second; 0 disables the limit. */
  rateLimitPerSecond: number;
  /** DB_SYNCHRONOUS: NORMAL (survives process crashes) or FULL (also power loss). */
  dbSynchronous: SqliteSynchronous;
  /** NODE_ENV=production. */
  production: boolean;
  /** Largest request body accepted, in bytes (above it: 400, code 21005). */
  bodyLimitBytes: number;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './.data',
  logLevel: 'info',
  dbSynchronous: 'NORMAL',
  bodyLimitBytes: 64 * 1024,
} as const;

/** AppKeys: what the vendor's look like (hex) and then some; never a ':' (Basic auth). */
const APP_KEY = /^[A-Za-z0-9_-]{1,64}$/;
/** Shorter secrets are refused in production: the fast salted hash relies on their entropy. */
export const MIN_SECRET_LENGTH = 16;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parsePushApps(raw: string, production: boolean, problems: string[]): Credentials[] {
  const apps: Credentials[] = [];
  const seen = new Set<string>();
  raw
    .split(',')
    .map((entry) => entry.trim())
    .forEach((entry, index) => {
      if (entry === '') return;
      const colon = entry.indexOf(':');
      const appKey = colon < 0 ? entry : entry.slice(0, colon);
      const masterSecret = colon < 0 ? '' : entry.slice(colon + 1);
      const where = `PUSH_APPS entry ${index + 1}`;
      if (!APP_KEY.test(appKey)) {
        problems.push(`${where}: the appKey must be 1-64 letters, digits, '_' or '-' (format "appKey:secret,…")`);
      } else if (masterSecret === '') {
        problems.push(`${where} (${appKey}): the master secret is missing (format "appKey:secret,…")`);
      } else if (production && masterSecret.length < MIN_SECRET_LENGTH) {
        problems.push(`${where} (${appKey}): the master secret must have at least ${MIN_SECRET_LENGTH} characters in production`);
      } else if (seen.has(appKey)) {
        problems.push(`${where}: appKey ${appKey} is listed twice`);
      } else {
        seen.add(appKey);
        apps.push({ appKey, masterSecret });
      }
    });
  return apps;
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): ServerConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const host = env.HOST?.trim() || DEFAULTS.host;
  const port = parseInteger('PORT', env.PORT, DEFAULTS.port, 0, 65535, problems);
  const dataDir = resolve(cwd, env.DATA_DIR?.trim() || DEFAULTS.dataDir);
  const pushApps = parsePushApps(env.PUSH_APPS ?? '', production, problems);

  const rawLevel = (env.LOG_LEVEL?.trim() || DEFAULTS.logLevel).toLowerCase();
  const logLevel = (LOG_LEVELS as readonly string[]).includes(rawLevel) ? (rawLevel as LogLevel) : DEFAULTS.logLevel;
  if (logLevel !== rawLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);

  const rateLimitPerSecond = parseInteger(
    'RATE_LIMIT_PER_SECOND',
    env.RATE_LIMIT_PER_SECOND,
    LIMITS.rateLimitPerSecond,
    0,
    1_000_000_000,
    problems,
  );

  const rawSync = (env.DB_SYNCHRONOUS?.trim() || DEFAULTS.dbSynchronous).toUpperCase();
  const dbSynchronous: SqliteSynchronous = rawSync === 'FULL' ? 'FULL' : 'NORMAL';
  if (rawSync !== 'FULL' && rawSync !== 'NORMAL') {
    problems.push(`DB_SYNCHRONOUS must be NORMAL or FULL, got "${env.DB_SYNCHRONOUS}"`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    dataDir,
    pushApps,
    logLevel,
    rateLimitPerSecond,
    dbSynchronous,
    production,
    bodyLimitBytes: DEFAULTS.bodyLimitBytes,
  };
}
