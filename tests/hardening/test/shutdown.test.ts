// SIGTERM under load: 40 keep-alive connections (raw sockets) push, 32 continuously and 8 that
// wait, idle, until the shutdown has begun and then send; the server is sent SIGTERM in the middle. Every request is classified: answered (any status), refused before
// it was sent (ECONNREFUSED on a new connection), or reset / hung up after it was written. No
// written request may be reset or left hanging; once the server drains (the first answer with
// `Connection: close` has come), every request written is answered with `Connection: close`;
// the process exits with 0.
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_APP, basicAuthorization, closeAfterEach } from '@push-api/test-support';
import { Tally, recordFigures } from '../src/figures.js';
import { RawConnection, serializeRequest } from '../src/raw-http.js';
import { finalOutput, startApiServer } from '../src/server.js';

const CONNECTIONS = 40;
/** Clients that, after their first answer, keep their connection idle until the server drains. */
const IDLE_CLIENTS = 8;
const AUTHORIZATION = basicAuthorization(TEST_APP);
const closing = closeAfterEach();
const figures: Record<string, unknown> = {};
afterAll(() => {
  recordFigures('shutdown', figures);
});

const push = (client: number, n: number) =>
  serializeRequest({
    method: 'POST',
    target: '/v4/push',
    headers: [
      ['Host', '127.0.0.1'],
      ['Authorization', AUTHORIZATION],
      ['Content-Type', 'application/json'],
    ],
    body: Buffer.from(JSON.stringify({ to: 'all', body: { platform: 'all', notification: { alert: `client ${client} push ${n}` } } })),
  });

describe('SIGTERM under load', () => {
  it('answers every request it received, says Connection: close from then on, refuses new connections, exits 0', async () => {
    const server = closing(await startApiServer({ LOG_LEVEL: 'info' }));
    let signalled = false;
    /** An answer with Connection: close has come: the server is draining (it says so only then). */
    let drainingSeen = false;
    let drained: () => void = () => undefined;
    const draining = new Promise<void>((resolve) => (drained = resolve));

    const byStatus = new Tally();
    const counts = {
      written: 0,
      answered: 0,
      refusedBeforeSent: 0,
      resetAfterWritten: 0,
      hungAfterWritten: 0,
      writtenWhileDraining: 0,
      answeredWithoutCloseWhileDraining: 0,
      answeredAfterSignalWithClose: 0,
      answeredAfterSignalWithoutClose: 0,
      connectionsOpened: 0,
    };
    const resets: string[] = [];
    /** Answers per client: the signal waits until every connection has been served. */
    const served = new Array<number>(CONNECTIONS).fill(0);

    const client = async (id: number) => {
      let connection: RawConnection | undefined;
      for (let n = 0; ; n++) {
        if (connection === undefined || connection.ended) {
          try {
            connection = await RawConnection.open(server.port);
            counts.connectionsOpened++;
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code !== 'ECONNREFUSED' || !signalled) throw error;
            counts.refusedBeforeSent++;
            return;
          }
        }
        // The idle clients send their second request only once the server drains.
        if (id < IDLE_CLIENTS && n === 1) await draining;
        const whileDraining = drainingSeen;
        counts.written++;
        if (whileDraining) counts.writtenWhileDraining++;
        const exchange = await connection.exchange(push(id, n), { timeoutMs: 15_000 });
        if (exchange.kind === 'answered') {
          counts.answered++;
          served[id] = (served[id] ?? 0) + 1;
          byStatus.add(exchange.response.status);
          const close = /\bclose\b/i.test(exchange.response.headers.connection ?? '');
          if (close && signalled && !drainingSeen) {
            drainingSeen = true;
            drained();
          }
          if (whileDraining && !close) counts.answeredWithoutCloseWhileDraining++;
          if (signalled) {
            if (close) counts.answeredAfterSignalWithClose++;
            else counts.answeredAfterSignalWithoutClose++;
          }
        } else if (exchange.kind === 'closed') {
          counts.resetAfterWritten++;
          resets.push(`client ${id} request ${n}: ${exchange.error ?? 'closed'} (${exchange.received.length} bytes received)`);
          if (!signalled) throw new Error(`a request was reset before the signal: ${resets.at(-1) ?? ''}`);
        } else {
          counts.hungAfterWritten++;
          return;
        }
      }
    };
    const clients = Array.from({ length: CONNECTIONS }, (_, id) => client(id));
    const outcome = Promise.allSettled(clients);

    // Mid-load: once every connection has been served (the server has accepted it: a connection
    // still in the kernel's accept queue when the listener closes is reset, having never been
    // read) and the load has run a while. Polled, bounded.
    const started = Date.now();
    const loaded = () => counts.answered >= 400 && served.every((n) => n > 0);
    while (!loaded() && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(served.filter((n) => n === 0).length, 'connections never served before the signal').toBe(0);
    const answeredBeforeSignal = counts.answered;
    signalled = true;
    const signalledAt = Date.now();
    server.kill('SIGTERM');
    const exitCode = await server.exited;
    const shutdownMs = Date.now() - signalledAt;
    const settled = await outcome;

    Object.assign(figures, {
      connections: CONNECTIONS,
      answeredBeforeSignal,
      ...counts,
      byStatus: byStatus.sorted(),
      exitCode,
      shutdownMs,
    });
    expect(settled.filter((result) => result.status === 'rejected').map((result) => String(result.reason))).toEqual([]);
    expect(answeredBeforeSignal, 'the load ran before the signal').toBeGreaterThan(100);
    expect(resets, 'written requests reset or hung up').toEqual([]);
    expect(counts.hungAfterWritten).toBe(0);
    expect(counts.answered + counts.resetAfterWritten + counts.hungAfterWritten).toBe(counts.written);
    expect(counts.writtenWhileDraining, 'requests sent on idle connections once the server drains').toBeGreaterThanOrEqual(IDLE_CLIENTS);
    expect(counts.answeredWithoutCloseWhileDraining).toBe(0);
    expect(counts.answeredAfterSignalWithClose, 'answers during the shutdown say Connection: close').toBeGreaterThan(0);
    expect(counts.refusedBeforeSent, 'new connections are refused once it stops listening').toBe(CONNECTIONS);
    expect(Object.keys(byStatus.counts)).toEqual(['200']);
    expect(exitCode).toBe(0);
    expect(await finalOutput(server)).toMatch(/"msg":"stopped"/);
  });
});
