// Configuration from the environment, checked once at start. Every problem is reported
// together, naming the variable, so a wrong deployment fails fast and clearly. The README's
// configuration table lists every variable.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { LIMITS } from '@push-api/types';
import type { Credentials } from '@push-api/engine';
import type { SqliteSynchronous } from './store/sqlite.js';

/**
 * Set by a cluster's primary on every worker it forks (cluster.ts): '1' for the one worker
 * that runs the retention job, '0' for the others. Not for operators.
 */
export const RETENTION_WORKER_ENV = 'PUSH_API_RETENTION_WORKER';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** CORS_ORIGINS: every origin ('*'), a list of origins, or none (CORS off). */
export type CorsOrigins = '*' | readonly string[];

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
  /** AUTH_FAILURES_PER_MINUTE: failed authentications per client address before it is refused; 0 disables. */
  authFailuresPerMinute: number;
  /** DB_SYNCHRONOUS: NORMAL (survives process crashes) or FULL (also power loss). */
  dbSynchronous: SqliteSynchronous;
  /** NODE_ENV=production. */
  production: boolean;
  /** Largest request body accepted, in bytes (above it: 400, code 21005). */
  bodyLimitBytes: number;
  /** HEADERS_TIMEOUT_MS: time to receive a request's headers (then 408). */
  headersTimeoutMs: number;
  /** REQUEST_TIMEOUT_MS: time to receive a whole request (then 408). */
  requestTimeoutMs: number;
  /** KEEP_ALIVE_TIMEOUT_MS: an idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** MAX_CONNECTIONS: open connections at most; further ones are closed at once. */
  maxConnections: number;
  /** SHUTDOWN_TIMEOUT_MS: how long requests in flight may take to finish once a shutdown starts. */
  shutdownTimeoutMs: number;
  /** CORS_ORIGINS: origins browsers may call from ('*', a comma-separated list, or empty for none). */
  corsOrigins: CorsOrigins | null;
  /** DATABASE_URL: the PostgreSQL store shared by instances (postgres://…); null: SQLite in DATA_DIR. */
  databaseUrl: string | null;
  /** DB_POOL_SIZE: PostgreSQL connections per process. */
  dbPoolSize: number;
  /** DB_STATEMENT_TIMEOUT_MS: every PostgreSQL operation is answered within it (a statement running longer is cancelled; then 503). */
  dbStatementTimeoutMs: number;
  /** DB_CONNECT_TIMEOUT_MS: a connection attempt longer than this fails (then 503). */
  dbConnectTimeoutMs: number;
  /** DB_CONNECT_RETRIES: attempts to reach PostgreSQL at start, a second apart. */
  dbConnectRetries: number;
  /** REDIS_URL: the rate limit's counters shared by instances (redis://…); null: in this process. */
  redisUrl: string | null;
  /** WORKERS: server processes sharing the port ('auto' = one per CPU). */
  workers: number;
  /** RETENTION_DAYS: messages older than this are deleted; 0 keeps them. */
  retentionDays: number;
  /** METRICS_PORT: GET /metrics (Prometheus) on this port, off the API's; null: no metrics. */
  metricsPort: number | null;
  /** METRICS_HOST: the interface of the metrics' listener. */
  metricsHost: string;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './.data',
  logLevel: 'info',
  dbSynchronous: 'NORMAL',
  bodyLimitBytes: LIMITS.maxBodyBytes,
  authFailuresPerMinute: 60,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
  shutdownTimeoutMs: 10_000,
  dbPoolSize: 10,
  dbStatementTimeoutMs: 5_000,
  dbConnectTimeoutMs: 2_000,
  dbConnectRetries: 10,
  workers: 1,
  retentionDays: 30,
  metricsHost: '127.0.0.1',
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

function parseCorsOrigins(raw: string | undefined, production: boolean, problems: string[]): CorsOrigins | null {
  if (raw === undefined) return production ? null : '*';
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  if (entries.includes('*')) {
    if (entries.length > 1) problems.push(`CORS_ORIGINS is either * or a list of origins, got "${raw}"`);
    return '*';
  }
  const isOrigin = (text: string) => {
    try {
      return new URL(text).origin === text;
    } catch {
      return false;
    }
  };
  for (const origin of entries) {
    if (!isOrigin(origin)) problems.push(`CORS_ORIGINS entries must be origins such as https://app.example.com (no path), got "${origin}"`);
  }
  return entries;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): ServerConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const integer = (name: string, fallback: number, min: number, max: number) => parseInteger(name, env[name], fallback, min, max, problems);

  const host = env.HOST?.trim() || DEFAULTS.host;
  const port = integer('PORT', DEFAULTS.port, 0, 65535);
  const dataDir = resolve(cwd, env.DATA_DIR?.trim() || DEFAULTS.dataDir);
  const pushApps = parsePushApps(env.PUSH_APPS ?? '', production, problems);

  const rawLevel = (env.LOG_LEVEL?.trim() || DEFAULTS.logLevel).toLowerCase();
  const logLevel = (LOG_LEVELS as readonly string[]).includes(rawLevel) ? (rawLevel as LogLevel) : DEFAULTS.logLevel;
  if (logLevel !== rawLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL ?? ''}"`);

  const rateLimitPerSecond = integer('RATE_LIMIT_PER_SECOND', LIMITS.rateLimitPerSecond, 0, 1_000_000_000);
  const authFailuresPerMinute = integer('AUTH_FAILURES_PER_MINUTE', DEFAULTS.authFailuresPerMinute, 0, 1_000_000_000);

  const rawSync = (env.DB_SYNCHRONOUS?.trim() || DEFAULTS.dbSynchronous).toUpperCase();
  const dbSynchronous: SqliteSynchronous = rawSync === 'FULL' ? 'FULL' : 'NORMAL';
  if (rawSync !== 'FULL' && rawSync !== 'NORMAL') {
    problems.push(`DB_SYNCHRONOUS must be NORMAL or FULL, got "${env.DB_SYNCHRONOUS ?? ''}"`);
  }

  const headersTimeoutMs = integer('HEADERS_TIMEOUT_MS', DEFAULTS.headersTimeoutMs, 100, 3_600_000);
  const requestTimeoutMs = integer('REQUEST_TIMEOUT_MS', DEFAULTS.requestTimeoutMs, 100, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    problems.push(`HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  }
  const keepAliveTimeoutMs = integer('KEEP_ALIVE_TIMEOUT_MS', DEFAULTS.keepAliveTimeoutMs, 100, 3_600_000);
  const maxConnections = integer('MAX_CONNECTIONS', DEFAULTS.maxConnections, 1, 1_000_000);
  const shutdownTimeoutMs = integer('SHUTDOWN_TIMEOUT_MS', DEFAULTS.shutdownTimeoutMs, 0, 3_600_000);
  const corsOrigins = parseCorsOrigins(env.CORS_ORIGINS, production, problems);
  const databaseUrl = parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'], problems);
  const dbPoolSize = integer('DB_POOL_SIZE', DEFAULTS.dbPoolSize, 1, 1000);
  const dbStatementTimeoutMs = integer('DB_STATEMENT_TIMEOUT_MS', DEFAULTS.dbStatementTimeoutMs, 100, 3_600_000);
  const dbConnectTimeoutMs = integer('DB_CONNECT_TIMEOUT_MS', DEFAULTS.dbConnectTimeoutMs, 100, 3_600_000);
  const dbConnectRetries = integer('DB_CONNECT_RETRIES', DEFAULTS.dbConnectRetries, 0, 10_000);
  const redisUrl = parseUrl('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:'], problems);
  const rawWorkers = env.WORKERS?.trim().toLowerCase();
  const workers = rawWorkers === 'auto' ? availableParallelism() : integer('WORKERS', DEFAULTS.workers, 1, 1024);
  const retentionDays = integer('RETENTION_DAYS', DEFAULTS.retentionDays, 0, 36_500);
  const metricsPort = env.METRICS_PORT?.trim() ? integer('METRICS_PORT', 0, 0, 65_535) : null;
  const metricsHost = env.METRICS_HOST?.trim() || DEFAULTS.metricsHost;
  if (metricsPort !== null && metricsPort !== 0 && metricsPort === port && metricsHost === host) {
    problems.push(`METRICS_PORT (${metricsPort}) must differ from PORT: the metrics are served off the API's port`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    dataDir,
    pushApps,
    logLevel,
    rateLimitPerSecond,
    authFailuresPerMinute,
    dbSynchronous,
    production,
    bodyLimitBytes: DEFAULTS.bodyLimitBytes,
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs,
    maxConnections,
    shutdownTimeoutMs,
    corsOrigins,
    databaseUrl,
    dbPoolSize,
    dbStatementTimeoutMs,
    dbConnectTimeoutMs,
    dbConnectRetries,
    redisUrl,
    workers,
    retentionDays,
    metricsPort,
    metricsHost,
  };
}

/** A URL of one of the protocols, or null when unset; never echoes credentials in problems. */
function parseUrl(name: string, raw: string | undefined, protocols: string[], problems: string[]): string | null {
  const value = raw?.trim();
  if (!value) return null;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === undefined || !protocols.includes(protocol)) {
    problems.push(`${name} must be a ${protocols.map((p) => `${p}//…`).join(' or ')} URL`);
    return null;
  }
  return value;
}
