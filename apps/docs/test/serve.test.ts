// `pnpm docs` (scripts/serve.mjs) and the static server behind it: content types, folders,
// prefixes, and no way out of dist/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStaticServer, resolveFile } from '../scripts/lib/static-server.mjs';
import { appDir } from './paths.js';

/** A raw GET, so that paths like `/../x` reach the server unnormalised (fetch would resolve them). */
function get(
  origin: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the static server', () => {
  let root: string;
  const servers: Server[] = [];
  const origins: Record<string, string> = {};

  beforeAll(async () => {
    // A site, and a secret beside it that must stay out of reach.
    const base = mkdtempSync(join(tmpdir(), 'docs-serve-'));
    root = join(base, 'site');
    mkdirSync(join(root, 'guides'), { recursive: true });
    mkdirSync(join(root, 'empty'));
    writeFileSync(join(root, 'index.html'), '<!DOCTYPE html><title>home</title>');
    writeFileSync(join(root, 'guides', 'a b.html'), 'guide');
    writeFileSync(join(root, 'openapi.yaml'), 'openapi: 3.1.0\n');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    writeFileSync(join(base, 'secret.txt'), 'secret');
    for (const prefix of ['/', '/docs/']) {
      const server = createStaticServer({ root, prefix });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      origins[prefix] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(join(root, '..'), { recursive: true, force: true });
  });

  test('serves files with their content types', async () => {
    const origin = origins['/']!;
    const index = await get(origin, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('<title>home</title>');
    expect((await get(origin, '/index.html')).body).toBe(index.body);
    expect((await get(origin, '/openapi.yaml')).headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect((await get(origin, '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await get(origin, '/guides/a%20b.html')).body).toBe('guide');
    const head = await get(origin, '/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(index.body.length));
  });

  test('answers 404 for what is not there, 405 for other methods', async () => {
    const origin = origins['/']!;
    expect((await get(origin, '/missing.html')).status).toBe(404);
    expect((await get(origin, '/empty/')).status).toBe(404);
    const post = await get(origin, '/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  test('redirects a folder without its slash, so relative links resolve', async () => {
    const guides = await get(origins['/']!, '/guides?x=1');
    expect(guides.status).toBe(301);
    expect(guides.headers.location).toBe('/guides/?x=1');
    const docs = await get(origins['/docs/']!, '/docs');
    expect(docs.status).toBe(301);
    expect(docs.headers.location).toBe('/docs/');
  });

  test('mounts the site under a prefix, and only there', async () => {
    const origin = origins['/docs/']!;
    expect((await get(origin, '/docs/')).body).toContain('<title>home</title>');
    expect((await get(origin, '/docs/guides/a%20b.html')).body).toBe('guide');
    expect((await get(origin, '/index.html')).status).toBe(404);
    expect((await get(origin, '/docsx/index.html')).status).toBe(404);
  });

  test.each([
    '/../secret.txt',
    '/guides/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/index.html%00',
    '/%E0%A4%A',
  ])('never serves outside the site: %s', async (path) => {
    const answer = await get(origins['/']!, path);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('secret');
    const prefixed = await get(origins['/docs/']!, `/docs${path}`);
    expect(prefixed.status).toBe(404);
  });

  test('resolveFile refuses escapes before touching the disk', async () => {
    expect(await resolveFile(root, '/../secret.txt')).toBeNull();
    expect(await resolveFile(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(await resolveFile(root, '/index.html')).toEqual({ file: join(root, 'index.html') });
  });
});

test('scripts/serve.mjs serves the built site and says where', async () => {
  const child = spawn(process.execPath, [join(appDir, 'scripts', 'serve.mjs')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`serve.mjs printed no URL:\n${output}`)), 10_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (match) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`serve.mjs exited (${code}):\n${output}`)));
    });
    const origin = url.slice(0, -1);
    const index = await get(origin, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('hydrate(__redoc_definition');
    expect((await get(origin, '/guides/quick-start.html')).body).toContain('<h1 id="quick-start">Quick start</h1>');
    expect((await get(origin, '/../package.json')).status).toBe(404);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid!, 'SIGTERM');
      await exited;
    }
  }
});
