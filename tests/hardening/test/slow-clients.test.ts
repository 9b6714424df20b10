// Slow and greedy clients over raw sockets: a body that never finishes, headers that never
// finish, idle keep-alive connections, more connections than MAX_CONNECTIONS, headers too large
// or with a control byte. Each is answered in the API's envelope with a declared status (408,
// 431, 400) and its connection is closed in bounded time. It also observes the 408 of each
// operation, which the contract suite leaves to this file.
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATIONS, type OperationId } from '@push-api/types';
import { TEST_APP, basicAuthorization, closeAfterEach, useTestServer } from '@push-api/test-support';
import { responseProblems } from '../src/answers.js';
import { recordFigures } from '../src/figures.js';
import { RawConnection, type Exchange } from '../src/raw-http.js';
import { startApiServer } from '../src/server.js';

const AUTHORIZATION = basicAuthorization(TEST_APP);
const TIMEOUTS = { HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000', KEEP_ALIVE_TIMEOUT_MS: '1000' };

const server = useTestServer(() => startApiServer(TIMEOUTS), { scope: 'all' });
const closing = closeAfterEach();
const figures: Record<string, unknown> = {};
afterAll(() => {
  recordFigures('slowClients', figures);
});

function expectEnvelope(exchange: Exchange, status: number, code: number, operationId?: OperationId): void {
  expect(exchange.kind, JSON.stringify(exchange)).toBe('answered');
  if (exchange.kind !== 'answered') return;
  const { response } = exchange;
  expect(response.status).toBe(status);
  expect(JSON.parse(response.body.toString('utf8'))).toEqual({ error: { code, message: expect.any(String) as unknown } });
  expect(
    responseProblems(response, {
      route: operationId ?? 'any',
      method: operationId ? OPERATIONS[operationId].method : 'GET',
      request: Buffer.alloc(0),
    }),
  ).toEqual([]);
  expect(response.headers.connection).toMatch(/close/i);
}

/** The request line and headers of an operation, with a body of `length` announced. */
function headOf(operationId: OperationId, length: number): string {
  const { method, path } = OPERATIONS[operationId];
  const target = path.replace('{msg_id}', '1');
  return `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTHORIZATION}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
}

describe('slow clients (HEADERS_TIMEOUT_MS=1000, REQUEST_TIMEOUT_MS=2000, KEEP_ALIVE_TIMEOUT_MS=1000)', () => {
  it('a body that stops after 7 of 1000 bytes: 408 / 27002 and the connection closed within ~3 s, for each operation', async () => {
    const operations = Object.keys(OPERATIONS) as OperationId[];
    const results = await Promise.all(
      operations.map(async (operationId) => {
        const connection = closing(await RawConnection.open(server().port));
        const started = Date.now();
        connection.write(headOf(operationId, 1000) + '{"to":"');
        const exchange = await connection.readAnswer({ timeoutMs: 6000 });
        const closed = await connection.waitForEnd(1000);
        return { operationId, exchange, elapsedMs: Date.now() - started, closed };
      }),
    );
    for (const { operationId, exchange, elapsedMs, closed } of results) {
      expectEnvelope(exchange, 408, 27002, operationId);
      expect(closed, `${operationId}: the connection is closed`).toBe(true);
      // Not before the request timeout, and not long after it.
      expect(elapsedMs, operationId).toBeGreaterThanOrEqual(1800);
      expect(elapsedMs, operationId).toBeLessThan(3500);
    }
    figures.bodyTimeoutMs = Object.fromEntries(results.map(({ operationId, elapsedMs }) => [operationId, elapsedMs]));
    figures.observed408 = results.map(({ operationId }) => operationId);
  });

  it('headers that never finish: 408 / 27002 after the headers timeout, then closed', async () => {
    const connection = closing(await RawConnection.open(server().port));
    const started = Date.now();
    connection.write(`POST /v4/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTHORIZATION}\r\nX-Slow: a`);
    const exchange = await connection.readAnswer({ timeoutMs: 5000 });
    const elapsedMs = Date.now() - started;
    expectEnvelope(exchange, 408, 27002);
    expect(await connection.waitForEnd(1000)).toBe(true);
    expect(elapsedMs).toBeGreaterThanOrEqual(900);
    expect(elapsedMs).toBeLessThan(3000);
    figures.headersTimeoutMs = elapsedMs;
  });

  it('headers sent one byte every 200 ms: still 408 once the headers timeout has passed (no reset of the timer per byte)', async () => {
    const connection = closing(await RawConnection.open(server().port));
    const started = Date.now();
    const line = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: ${'d'.repeat(40)}`;
    let answered: Exchange | undefined;
    const reading = connection.readAnswer({ timeoutMs: 6000 }).then((exchange) => (answered = exchange));
    for (const byte of line) {
      if (answered !== undefined || connection.ended) break;
      connection.write(byte);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const exchange = await reading;
    expectEnvelope(exchange, 408, 27002);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("an idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT_MS (as advertised, plus Node's 1 s margin)", async () => {
    const connection = closing(await RawConnection.open(server().port));
    const exchange = await connection.exchange({ method: 'GET', target: '/healthz', headers: [['Host', '127.0.0.1']] });
    expect(exchange.kind === 'answered' && exchange.response.status).toBe(200);
    expect(exchange.kind === 'answered' && exchange.closed).toBe(false);
    expect(exchange.kind === 'answered' && exchange.response.headers['keep-alive']).toBe('timeout=1');
    const idleSince = Date.now();
    expect(await connection.waitForEnd(5000), 'the server closed the idle connection').toBe(true);
    const idleMs = Date.now() - idleSince;
    // Node's HTTP server closes an idle connection 1 s after the timeout it advertises, so that
    // a client that honours `Keep-Alive: timeout=1` never races the close.
    expect(idleMs).toBeGreaterThanOrEqual(1000);
    expect(idleMs).toBeLessThan(1000 + 1000 + 1500);
    figures.keepAliveClosedAfterMs = idleMs;
  });

  it('a header of 20 000 bytes: 431 / 27003 in the envelope', async () => {
    const connection = closing(await RawConnection.open(server().port));
    const exchange = await connection.exchange({
      method: 'POST',
      target: '/v4/push',
      headers: [
        ['Host', '127.0.0.1'],
        ['Authorization', AUTHORIZATION],
        ['X-Big', 'b'.repeat(20_000)],
      ],
    });
    expectEnvelope(exchange, 431, 27003, 'createPush');
  });

  it('a header with a control byte: 400 / 21003 in the envelope, never the framework\'s {"error":"Bad Request",…,"statusCode":400}', async () => {
    for (const control of ['\x00', '\x01', '\x08', '\x1b', '\x7f']) {
      const connection = closing(await RawConnection.open(server().port));
      const exchange = await connection.exchange({
        method: 'POST',
        target: '/v4/push/validate',
        headers: [
          ['Host', '127.0.0.1'],
          ['Authorization', AUTHORIZATION],
          ['X-Bad', `a${control}b`],
        ],
      });
      expectEnvelope(exchange, 400, 21003, 'validatePush');
      const text = exchange.kind === 'answered' ? exchange.response.body.toString() : '';
      expect(text).not.toContain('statusCode');
      expect(text).not.toContain('"Bad Request"');
    }
  });
});

describe('MAX_CONNECTIONS=50 against 200 stalled connections', () => {
  it('keeps at most 50 open, answers the others by closing them, and serves again once the stalled ones time out', async () => {
    const limited = closing(await startApiServer({ MAX_CONNECTIONS: '50', HEADERS_TIMEOUT_MS: '3000', REQUEST_TIMEOUT_MS: '3000' }));
    const connections = await Promise.all(Array.from({ length: 200 }, () => RawConnection.open(limited.port).then(closing)));
    const stalledAt = Date.now();
    for (const connection of connections) connection.write('POST /v4/push HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const open = () => connections.filter((connection) => !connection.ended).length;
    // The server closes what is over its limit at once; poll until it has (bounded).
    while (open() > 50 && Date.now() - stalledAt < 2500) await new Promise((resolve) => setTimeout(resolve, 20));
    const keptOpen = open();
    expect(keptOpen).toBeLessThanOrEqual(50);
    expect(keptOpen).toBeGreaterThan(0);

    // While they are held, a new connection gets no service.
    const extra = closing(await RawConnection.open(limited.port));
    const refused = await extra.exchange({ method: 'GET', target: '/healthz', headers: [['Host', '127.0.0.1']] }, { timeoutMs: 1000 });
    const stillHeld = Date.now() - stalledAt < 2800;

    // The stalled ones time out (408) and close; then requests are served again.
    const answers = await Promise.all(
      connections.filter((connection) => !connection.ended).map((connection) => connection.readAnswer({ timeoutMs: 6000 })),
    );
    for (const answer of answers) expectEnvelope(answer, 408, 27002);
    let health = 0;
    const deadline = Date.now() + 5000;
    while (health !== 200 && Date.now() < deadline) {
      health = await fetch(`${limited.url}/healthz`).then(
        (response) => response.status,
        () => 0,
      );
    }
    expect(health).toBe(200);
    if (stillHeld) expect(refused.kind, 'a connection over the limit is closed without an answer').toBe('closed');
    figures.maxConnections = {
      limit: 50,
      attempted: 200,
      keptOpen,
      timedOutWith408: answers.length,
      extraConnectionRefused: refused.kind === 'closed',
    };
  });
});
