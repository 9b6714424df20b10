// What the server prints never holds a secret: at LOG_LEVEL=trace and info, after malformed
// requests (control bytes, broken JSON, bad auth, huge headers, a body that never finishes),
// valid pushes and recalls with a unique marker in every part of the body, and wrong secrets,
// no line printed contains a master secret, an Authorization value (or its base64), a body
// marker, or a header marker.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OTHER_APP, TEST_APP, basicAuthorization, closeAfterEach } from '@push-api/test-support';
import { recordFigures } from '../src/figures.js';
import { RawClient, RawConnection, type RawRequest } from '../src/raw-http.js';
import { finalOutput, startApiServer } from '../src/server.js';

const closing = closeAfterEach();
const figures: Record<string, unknown> = {};

async function exerciseAndScan(level: 'trace' | 'info') {
  const marker = `MARK${randomBytes(6).toString('hex')}`;
  const wrongSecret = `wrongsecret${marker}`;
  const wrongAuthorization = basicAuthorization({ appKey: TEST_APP.appKey, masterSecret: wrongSecret });
  const unknownAuthorization = basicAuthorization({ appKey: `app${marker}`, masterSecret: `secret${marker}` });
  const authorization = basicAuthorization(TEST_APP);
  const server = closing(
    await startApiServer({ LOG_LEVEL: level, AUTH_FAILURES_PER_MINUTE: '0', HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '1500' }),
  );
  const client = new RawClient(server.port);
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const base: [string, string][] = [
    ['Host', '127.0.0.1'],
    ['Content-Type', 'application/json'],
    ['Cookie', `session=${marker}cookie`],
  ];
  const withAuth = (value: string): [string, string][] => [...base, ['Authorization', value]];
  const push = {
    to: { alias: [`${marker}alias`] },
    body: {
      platform: 'all',
      notification: { alert: `${marker}alert`, android: { title: `${marker}title`, extras: { k: `${marker}extra` } } },
      options: { cid: `${marker}cid` },
    },
    request_id: `${marker}rid`,
    custom_args: { c: `${marker}custom` },
  };
  const requests: RawRequest[] = [
    { method: 'POST', target: '/v4/push', headers: withAuth(authorization), body: json(push) },
    {
      method: 'POST',
      target: '/v4/push/validate',
      headers: withAuth(authorization),
      body: json({ ...push, request_id: `${marker}validate` }),
    },
    {
      method: 'POST',
      target: '/v4/push',
      headers: withAuth(authorization),
      body: Buffer.from(`{"to":"all","body":{"platform":"all","notification":{"alert":"${marker}broken"`),
    },
    {
      method: 'POST',
      target: '/v4/push',
      headers: withAuth(authorization),
      body: json({ ...push, body: { ...push.body, platform: `${marker}platform` } }),
    },
    { method: 'POST', target: '/v4/push', headers: withAuth(authorization), body: Buffer.from(`{"to":"all","to":"${marker}dup"}`) },
    { method: 'POST', target: '/v4/push', headers: withAuth(authorization), body: Buffer.from(`{"a":"${marker}\xff"}`, 'latin1') },
    { method: 'POST', target: '/v4/push', headers: withAuth(authorization), body: Buffer.from(`{"x":"${marker}${'p'.repeat(70_000)}"}`) },
    { method: 'POST', target: '/v4/push', headers: withAuth(wrongAuthorization), body: json(push) },
    { method: 'POST', target: '/v4/push', headers: withAuth(unknownAuthorization), body: json(push) },
    { method: 'POST', target: '/v4/push', headers: withAuth(`Basic ${marker}`), body: json(push) },
    {
      method: 'POST',
      target: '/v4/push',
      headers: withAuth(basicAuthorization(OTHER_APP)),
      body: json({ ...push, request_id: `${marker}other` }),
    },
    { method: 'POST', target: '/v4/push', headers: [...withAuth(authorization), ['X-Bad', `${marker}\x01`]], body: json(push) },
    {
      method: 'POST',
      target: '/v4/push',
      headers: [...withAuth(authorization), ['X-Huge', `${marker}${'h'.repeat(20_000)}`]],
      body: json(push),
    },
    { method: 'GET', target: '/v4/push', headers: withAuth(authorization), body: json(push) },
    { method: 'DELETE', target: '/v4/push/withdraw/1', headers: withAuth(authorization), body: json({ note: `${marker}recallbody` }) },
    { method: 'DELETE', target: `/v4/push/withdraw/999999`, headers: withAuth(wrongAuthorization) },
    { method: 'POST', target: '/nowhere', headers: withAuth(authorization), body: json(push) },
    {
      method: 'POST',
      target: '/v4/push',
      headers: [...base, ['Authorization', authorization], ['Authorization', wrongAuthorization]],
      body: json(push),
    },
  ];
  const statuses: number[] = [];
  for (const request of requests) {
    const exchange = await client.exchange(request);
    statuses.push(exchange.kind === 'answered' ? exchange.response.status : 0);
  }
  // The pushed message is recalled (its id is in the first answer).
  const pushed = await client.exchange({
    method: 'POST',
    target: '/v4/push',
    headers: withAuth(authorization),
    body: json({ ...push, body: { ...push.body, options: {} } }),
  });
  const msgId = pushed.kind === 'answered' ? (JSON.parse(pushed.response.body.toString()) as { msg_id: string }).msg_id : '0';
  await client.exchange({ method: 'DELETE', target: `/v4/push/withdraw/${msgId}`, headers: withAuth(authorization) });
  client.close();
  // A body that never finishes (408), with its headers and the start of a body.
  const slow = await RawConnection.open(server.port);
  slow.write(
    `POST /v4/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"to":"${marker}slow`,
  );
  const timedOut = await slow.readAnswer({ timeoutMs: 5000 });
  statuses.push(timedOut.kind === 'answered' ? timedOut.response.status : 0);
  await slow.close();

  // Everything it printed, up to its exit.
  await server.close();
  const output = await finalOutput(server);
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  const secrets: Record<string, string> = {
    'TEST_APP master secret': TEST_APP.masterSecret,
    'OTHER_APP master secret': OTHER_APP.masterSecret,
    'the Authorization value': authorization.slice('Basic '.length),
    'the wrong Authorization value': wrongAuthorization.slice('Basic '.length),
    'the unknown app Authorization value': unknownAuthorization.slice('Basic '.length),
    'the marker (bodies, headers, wrong secrets)': marker,
  };
  const leaks = Object.entries(secrets).flatMap(([name, secret]) =>
    lines.filter((line) => line.includes(secret)).map((line) => `${name} in: ${line.slice(0, 300)}`),
  );
  return { lines, leaks, statuses };
}

describe('the server prints no secret, Authorization value or body', () => {
  for (const level of ['trace', 'info'] as const) {
    it(`at LOG_LEVEL=${level}`, async () => {
      const { lines, leaks, statuses } = await exerciseAndScan(level);
      figures[level] = { linesScanned: lines.length, requests: statuses.length + 2, statuses: [...new Set(statuses)].sort() };
      recordFigures('logs', figures);
      expect(leaks).toEqual([]);
      // The scan had something to read: a line per request, and every kind of answer happened.
      expect(lines.filter((line) => line.includes('request completed')).length).toBeGreaterThanOrEqual(15);
      expect(new Set(statuses)).toEqual(new Set([200, 400, 401, 404, 405, 408, 431]));
    });
  }
});
