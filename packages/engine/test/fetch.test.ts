// The engine's Web adapter, fetch(): what only a Web Request brings — a body that may be an
// empty stream, a body read within the limit, the request id.
import { describe, expect, it } from 'vitest';
import { ErrorCodes, LIMITS } from '@push-api/types';
import { basicAuthorization, createEngine, createMemoryStore, hashSecret } from '../src/index.js';

const APP = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };

async function engine() {
  const store = createMemoryStore();
  const { salt, hash } = await hashSecret(APP.masterSecret);
  await store.saveApp({ appKey: APP.appKey, secretSalt: salt, secretHash: hash, kind: 'configured', createdAt: 0, updatedAt: 0 });
  return createEngine({ store });
}

function request(path: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set('authorization', basicAuthorization(APP));
  return new Request(`https://pushapi-sgp.engagelab.com${path}`, { ...init, headers });
}
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: number; message: string } }).error;

describe('engine.fetch', () => {
  it('takes a body-less DELETE whose body is an empty stream as one without a body', async () => {
    const api = await engine();
    const empty = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.close();
      },
    });
    const response = await api.fetch(request('/v4/push/withdraw/1', { method: 'DELETE', body: empty, duplex: 'half' } as RequestInit));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe('Parameter value is invalid,msg_id not exist');
  });

  it('refuses a body over the limit, declared or streamed, with 21005', async () => {
    const api = await engine();
    const big = 'x'.repeat(LIMITS.maxBodyBytes + 1);
    const declared = await api.fetch(request('/v4/push', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }));
    expect([declared.status, (await errorOf(declared)).code]).toEqual([400, ErrorCodes.BODY_TOO_LARGE]);
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('x'.repeat(8192)));
      },
    });
    const chunked = await api.fetch(
      request('/v4/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: streamed,
        duplex: 'half',
      } as RequestInit),
    );
    expect([chunked.status, (await errorOf(chunked)).code]).toEqual([400, ErrorCodes.BODY_TOO_LARGE]);
  });

  it('answers JSON with a request id, keeping a sane incoming one', async () => {
    const api = await engine();
    const given = await api.fetch(request('/v4/push/withdraw/abc', { method: 'DELETE', headers: { 'x-request-id': 'trace-123' } }));
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    expect(given.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const made = await api.fetch(request('/v4/push/withdraw/abc', { method: 'DELETE', headers: { 'x-request-id': 'not sane!' } }));
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
  });

  it('pushes the body as received and recalls it once', async () => {
    const api = await engine();
    const pushed = await api.fetch(
      request('/v4/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"to":"all","body":{"platform":"all","notification":{"alert":"hi"}}}',
      }),
    );
    const { msg_id: msgId } = (await pushed.json()) as { msg_id: string };
    expect((await api.fetch(request(`/v4/push/withdraw/${msgId}`, { method: 'DELETE' }))).status).toBe(200);
    const again = await api.fetch(request(`/v4/push/withdraw/${msgId}`, { method: 'DELETE' }));
    expect((await errorOf(again)).message).toBe('Parameter value is invalid,msg_id has been withdrawn');
  });
});
