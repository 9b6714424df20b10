// Configuration from the environment: defaults, parsing and clear errors.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: resolve('/srv/app', '.data'),
      pushApps: [],
      logLevel: 'info',
      dbSynchronous: 'NORMAL',
      production: false,
      bodyLimitBytes: 65536,
      authFailuresPerMinute: 60,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1024,
      shutdownTimeoutMs: 10_000,
      corsOrigins: '*',
    });
    expect(loadConfig({ NODE_ENV: 'production' }).corsOrigins).toBeNull();
  });

  it('reads the limits of connections and the CORS origins', () => {
    const config = loadConfig({
      HEADERS_TIMEOUT_MS: '2000',
      REQUEST_TIMEOUT_MS: '4000',
      KEEP_ALIVE_TIMEOUT_MS: '1500',
      MAX_CONNECTIONS: '64',
      SHUTDOWN_TIMEOUT_MS: '0',
      AUTH_FAILURES_PER_MINUTE: '0',
      CORS_ORIGINS: ' https://app.example.com , http://127.0.0.1:3000 ',
    });
    expect(config).toMatchObject({
      headersTimeoutMs: 2000,
      requestTimeoutMs: 4000,
      keepAliveTimeoutMs: 1500,
      maxConnections: 64,
      shutdownTimeoutMs: 0,
      authFailuresPerMinute: 0,
      corsOrigins: ['https://app.example.com', 'http://127.0.0.1:3000'],
    });
    expect(loadConfig({ CORS_ORIGINS: '' }).corsOrigins).toBeNull();
    expect(loadConfig({ CORS_ORIGINS: '*', NODE_ENV: 'production' }).corsOrigins).toBe('*');
  });

  it('refuses headers allowed longer than the whole request, origins with a path, and * in a list', () => {
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '1000' })).toThrow(
      'HEADERS_TIMEOUT_MS (5000) must not exceed REQUEST_TIMEOUT_MS (1000)',
    );
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/path' })).toThrow(/CORS_ORIGINS entries must be origins/);
    expect(() => loadConfig({ CORS_ORIGINS: '*,https://app.example.com' })).toThrow(/either \* or a list/);
    expect(() => loadConfig({ MAX_CONNECTIONS: '0' })).toThrow(/MAX_CONNECTIONS must be an integer from 1/);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        HOST: '0.0.0.0',
        PORT: '0',
        DATA_DIR: '/var/lib/push',
        PUSH_APPS: ' c96f42e0d2e662e45d035ab1:df4d59e84eac2f9d53b36f12 , other:se:cret-with-colon ',
        LOG_LEVEL: 'WARN',
        RATE_LIMIT_PER_SECOND: '0',
        DB_SYNCHRONOUS: 'full',
        NODE_ENV: 'production',
      },
      '/ignored',
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/push',
      logLevel: 'warn',
      rateLimitPerSecond: 0,
      dbSynchronous: 'FULL',
      production: true,
    });
    expect(config.pushApps).toEqual([
      { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' },
      { appKey: 'other', masterSecret: 'se:cret-with-colon' },
    ]);
  });

  it('reports every problem at once, naming the variables', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '80a',
        LOG_LEVEL: 'loud',
        RATE_LIMIT_PER_SECOND: '-1',
        DB_SYNCHRONOUS: 'OFF',
        PUSH_APPS: 'nosecret,bad key:x,k:s,k:t',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'LOG_LEVEL',
      'RATE_LIMIT_PER_SECOND',
      'DB_SYNCHRONOUS',
      'PUSH_APPS entry 1',
      'PUSH_APPS entry 2',
      'PUSH_APPS entry 4',
    ]) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).problems).toHaveLength(7);
    // A secret never appears in an error message.
    expect(problems).not.toContain(':x');
  });

  it('METRICS_PORT: none by default; a port off the API’s', () => {
    expect(loadConfig({})).toMatchObject({ metricsPort: null, metricsHost: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })).toMatchObject({ metricsPort: 9464, metricsHost: '0.0.0.0' });
    expect(() => loadConfig({ METRICS_PORT: '8080' })).toThrow(/METRICS_PORT \(8080\) must differ from PORT/);
    expect(() => loadConfig({ METRICS_PORT: '65536' })).toThrow(/METRICS_PORT/);
  });

  it('refuses short PUSH_APPS secrets in production only', () => {
    expect(loadConfig({ PUSH_APPS: 'dev:short' }).pushApps).toHaveLength(1);
    expect(() => loadConfig({ PUSH_APPS: 'dev:short', NODE_ENV: 'production' })).toThrow(/at least 16 characters/);
  });
});

describe('the documentation of the configuration', () => {
  // The docs app beside this one (the Guarantees guide documents the defaults).
  const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

  it('the README lists every variable the server reads', () => {
    const source = readFileSync(fileURLToPath(new URL('../src/config.ts', import.meta.url)), 'utf8');
    const read = new Set([...source.matchAll(/env(?:\.|\[')([A-Z_]+)|integer\('([A-Z_]+)'/g)].map((match) => match[1] ?? match[2]));
    expect(read.size).toBeGreaterThan(10);
    for (const name of read) expect(readme, name).toContain(`| \`${name}\` |`);
  });

  it('the Guarantees guide states the defaults the server has', () => {
    const guide = readFileSync(join(docs, 'guides', 'guarantees.md'), 'utf8');
    const config = loadConfig({});
    const stated = (name: string) => Number(new RegExp(`\\| \`${name}\` \\| ([0-9 ]+) \\|`).exec(guide)?.[1]?.replace(/ /g, ''));
    expect(stated('HEADERS_TIMEOUT_MS')).toBe(config.headersTimeoutMs);
    expect(stated('REQUEST_TIMEOUT_MS')).toBe(config.requestTimeoutMs);
    expect(stated('KEEP_ALIVE_TIMEOUT_MS')).toBe(config.keepAliveTimeoutMs);
    expect(stated('MAX_CONNECTIONS')).toBe(config.maxConnections);
    expect(stated('SHUTDOWN_TIMEOUT_MS')).toBe(config.shutdownTimeoutMs);
    expect(guide).toContain(`\`AUTH_FAILURES_PER_MINUTE\` (${config.authFailuresPerMinute})`);
  });
});
