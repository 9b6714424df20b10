// Routes outside the API (health, the served spec, the docs site), request ids, and what
// the logs contain — and never contain.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '@push-api/types';
import { createLogger } from '../src/logger.js';
import { TEST_APP, authorization, createTestServer, errorOf, notificationPush, push, recall, storeWith, tempDir } from './helpers.js';

const closing = closeAfterEach();

const bundle = (file: string) => readFileSync(fileURLToPath(import.meta.resolve(`@push-api/spec/${file}`)), 'utf8');

describe('health and the served spec', () => {
  it('GET /healthz → {"status":"ok"} without credentials, 503 once the store is gone', async () => {
    const server = closing(await createTestServer());
    const ok = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok' });
    await server.store.close();
    const down = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', store: 'the store is closed' });
  });

  it('serves the bundled spec byte for byte at /openapi.json and /openapi.yaml', async () => {
    const server = closing(await createTestServer());
    const json = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.body).toBe(bundle('openapi.json'));
    const yaml = await server.app.inject({ method: 'GET', url: '/openapi.yaml' });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(yaml.body).toBe(bundle('openapi.yaml'));
  });

  it('GET / says where things are; a browser is sent to the docs', async () => {
    const server = closing(await createTestServer());
    const index = await server.app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.json()).toEqual({ service: 'push-api reference server', docs: '/docs/', openapi: '/openapi.json', health: '/healthz' });
    const browser = await server.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe('/docs/');
  });
});

describe('/docs', () => {
  it('answers 503 with a hint when the docs site is not built (the server still runs)', async () => {
    const server = closing(await createTestServer({ docsDir: tempDir() }));
    for (const url of ['/docs', '/docs/', '/docs/index.html']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(503);
      expect(response.body).toBe('docs not built: run pnpm build\n');
    }
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('serves the built site, /docs redirecting to /docs/', async () => {
    const docsDir = tempDir();
    writeFileSync(join(docsDir, 'index.html'), '<!doctype html><title>Push API</title>');
    mkdirSync(join(docsDir, 'guides'));
    writeFileSync(join(docsDir, 'guides', 'recall.html'), '<p>recall</p>');
    const server = closing(await createTestServer({ docsDir }));
    const redirect = await server.app.inject({ method: 'GET', url: '/docs' });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/docs/');
    const index = await server.app.inject({ method: 'GET', url: '/docs/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.body).toContain('<title>Push API</title>');
    expect((await server.app.inject({ method: 'GET', url: '/docs/guides/recall.html' })).body).toBe('<p>recall</p>');
    expect((await server.app.inject({ method: 'GET', url: '/docs/../package.json' })).statusCode).not.toBe(200);
  });

  it('answers as a file server does: a folder without its slash redirected, 304 for a known ETag, 404 in the envelope', async () => {
    const docsDir = tempDir();
    writeFileSync(join(docsDir, 'index.html'), '<!doctype html><title>Push API</title>');
    mkdirSync(join(docsDir, 'guides'));
    writeFileSync(join(docsDir, 'guides', 'index.html'), '<p>guides</p>');
    const server = closing(await createTestServer({ docsDir }));
    const folder = await server.app.inject({ method: 'GET', url: '/docs/guides?x=1' });
    expect(folder.statusCode).toBe(301);
    expect(folder.headers.location).toBe('/docs/guides/?x=1');
    const page = await server.app.inject({ method: 'GET', url: '/docs/guides/' });
    expect(page.body).toBe('<p>guides</p>');
    expect(page.headers.etag).toBeTruthy();
    const again = await server.app.inject({ method: 'GET', url: '/docs/guides/', headers: { 'if-none-match': String(page.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const head = await server.app.inject({ method: 'HEAD', url: '/docs/' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    const missing = await server.app.inject({ method: 'GET', url: '/docs/nope.html' });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing)).toEqual({ code: ErrorCodes.INVALID_PARAMETER, message: 'Parameter value is invalid,no such path' });
  });
});

describe('request ids', () => {
  it('every answer carries a distinct X-Request-Id; a sane incoming one is kept', async () => {
    const server = closing(await createTestServer());
    const ids = new Set<string>();
    for (const url of ['/healthz', '/nope', '/v4/push']) {
      const response = await server.app.inject({ method: 'GET', url });
      ids.add(String(response.headers['x-request-id']));
    }
    expect(ids.size).toBe(3);
    const given = await server.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers['x-request-id']).toBe('trace-123');
    const hostile = await server.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a\nb"c' } });
    expect(hostile.headers['x-request-id']).not.toContain('"');
  });
});

describe('logs', () => {
  async function loggedServer(options: Parameters<typeof createTestServer>[0] = {}) {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        callback();
      },
    });
    const server = closing(await createTestServer({ ...options, logger: createLogger('info', sink) }));
    return { server, lines };
  }

  it('one JSON line per request with its id, never the Authorization header, a secret or a body', async () => {
    const { server, lines } = await loggedServer();
    const bodyMarker = 'body-text-that-must-not-be-logged';
    const response = await push(server.app, TEST_APP, notificationPush({ request_id: bodyMarker }));
    expect(response.statusCode).toBe(200);
    await server.app.inject({
      method: 'POST',
      url: '/v4/push',
      headers: { authorization: 'Basic bm90OnZhbGlk' },
      payload: { x: bodyMarker },
    });
    const all = lines.join('\n');
    expect(all).not.toContain(TEST_APP.masterSecret);
    expect(all).not.toContain(authorization(TEST_APP).authorization.slice(6));
    expect(all).not.toContain('bm90OnZhbGlk');
    expect(all).not.toContain(bodyMarker);

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const completed = entries.filter((entry) => entry.msg === 'request completed');
    expect(completed).toHaveLength(2);
    expect(completed[0]).toMatchObject({
      method: 'POST',
      url: '/v4/push',
      statusCode: 200,
      appKey: TEST_APP.appKey,
      reqId: response.headers['x-request-id'],
    });
    expect(completed[1]).toMatchObject({ statusCode: 401 });
  });

  it('at trace level, requests Node refuses (malformed, too large) are never logged raw, nor any secret or body', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        callback();
      },
    });
    const server = closing(await createTestServer({ logger: createLogger('trace', sink) }));
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = server.app.server.address() as AddressInfo;
    const header = authorization(TEST_APP).authorization;
    const marker = 'body-marker-that-must-not-be-logged';
    const send = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(text));
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => resolve(answer));
      });
    const body = JSON.stringify(notificationPush({ request_id: marker }));
    const answers = await Promise.all([
      send(
        `POST /v4/push HTTP/1.1\r\nHost: x\r\nAuthorization: ${header}\r\nX-Bad: a\u0001b\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      ),
      send(`POST /v4/push HTTP/1.1\r\nHost: x\r\nAuthorization: ${header}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      send(
        `POST /v4/push HTTP/1.1\r\nHost: x\r\nAuthorization: ${header}\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{"to"`,
      ),
      send(
        `POST /v4/push HTTP/1.1\r\nHost: x\r\nAuthorization: ${header}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      ),
    ]);
    expect(answers.map((answer) => answer.split('\r\n', 1)[0])).toEqual([
      'HTTP/1.1 400 Bad Request',
      'HTTP/1.1 431 Request Header Fields Too Large',
      'HTTP/1.1 400 Bad Request',
      'HTTP/1.1 200 OK',
    ]);
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [TEST_APP.masterSecret, header.slice(6), marker, 'rawPacket']) expect(all).not.toContain(secret);
  });

  it('an unexpected fault is logged with the request id and the error, answered without them', async () => {
    const { server, lines } = await loggedServer({
      wrapStore: (store) =>
        storeWith(store, {
          withdrawMessage: () => Promise.reject(new Error('database disk image is malformed')),
        }),
    });
    const response = await recall(server.app, TEST_APP, '42');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('malformed');
    const fault = lines
      .map((line) => JSON.parse(line) as { msg: string; reqId?: string; err?: { message: string } })
      .find((entry) => entry.msg === 'unexpected fault');
    expect(fault?.reqId).toBe(response.headers['x-request-id']);
    expect(fault?.err?.message).toBe('database disk image is malformed');
  });
});
