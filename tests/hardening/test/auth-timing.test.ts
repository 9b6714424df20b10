// Authentication through HTTP. Timing: a wrong secret for a known AppKey and an unknown AppKey
// must take the same time (the old defect looked the AppKey up in the store and skipped work for
// unknown ones), measured interleaved, after a warm-up, as the median of several rounds, each
// request with its own Authorization value so that no cache is involved. Then the failure
// limiter: past AUTH_FAILURES_PER_MINUTE failures an address is refused (429 with Retry-After),
// even with correct credentials.
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@push-api/types';
import { TEST_APP, basicAuthorization, closeAfterEach } from '@push-api/test-support';
import { envelopeProblem, parseJson } from '../src/answers.js';
import { recordFigures } from '../src/figures.js';
import { RawClient, serializeRequest } from '../src/raw-http.js';
import { startApiServer } from '../src/server.js';

const closing = closeAfterEach();
const figures: Record<string, unknown> = {};
afterAll(() => {
  recordFigures('authTiming', figures);
});

const WARM_UP_PAIRS = 300;
const ROUNDS = 5;
const PAIRS_PER_ROUND = 300;

/** A recall with the given credentials (it fails authentication before anything else is done). */
const recallWith = (appKey: string, secret: string) =>
  serializeRequest({
    method: 'DELETE',
    target: '/v4/push/withdraw/1',
    headers: [
      ['Host', '127.0.0.1'],
      ['Authorization', basicAuthorization({ appKey, masterSecret: secret })],
    ],
  });

/** 24 hex characters from a number (the length of the test app's key and secret). */
const hex24 = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(24 - prefix.length, '0')}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('authentication failures', () => {
  it('a wrong secret for a known AppKey and an unknown AppKey take the same time (medians, interleaved)', async () => {
    const server = closing(await startApiServer({ AUTH_FAILURES_PER_MINUTE: '0' }));
    const client = new RawClient(server.port);
    let sequence = 0;
    /** One request of each kind, in the order given, each with its own Authorization; times in ns. */
    const pair = async (knownFirst: boolean): Promise<{ known: number; unknown: number }> => {
      const n = ++sequence;
      const requests = {
        known: recallWith(TEST_APP.appKey, hex24('bad', n)),
        unknown: recallWith(hex24('fee', n), hex24('bad', n)),
      };
      const times = { known: 0, unknown: 0 };
      for (const kind of knownFirst ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)) {
        const started = process.hrtime.bigint();
        const exchange = await client.exchange(requests[kind]);
        times[kind] = Number(process.hrtime.bigint() - started);
        if (exchange.kind !== 'answered' || exchange.response.status !== 401)
          throw new Error(`expected 401, got ${JSON.stringify(exchange)}`);
      }
      return times;
    };

    for (let i = 0; i < WARM_UP_PAIRS; i++) await pair(i % 2 === 0);
    const rounds: { known: number; unknown: number }[] = [];
    /** known − unknown within each pair (drift cancels out). */
    const paired: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < PAIRS_PER_ROUND; i++) {
        const times = await pair(i % 2 === 0);
        known.push(times.known);
        unknown.push(times.unknown);
        paired.push(times.known - times.unknown);
      }
      rounds.push({ known: median(known), unknown: median(unknown) });
    }
    client.close();

    const knownMedian = median(rounds.map((round) => round.known));
    const unknownMedian = median(rounds.map((round) => round.unknown));
    const difference = Math.abs(knownMedian - unknownMedian);
    const bound = Math.max(3_000, 0.2 * Math.max(knownMedian, unknownMedian));
    const µs = (ns: number) => Math.round(ns / 10) / 100;
    figures.timing = {
      requestsEach: WARM_UP_PAIRS + ROUNDS * PAIRS_PER_ROUND,
      measuredEach: ROUNDS * PAIRS_PER_ROUND,
      wrongSecretMedianUs: µs(knownMedian),
      unknownAppKeyMedianUs: µs(unknownMedian),
      differenceUs: µs(difference),
      pairedDifferenceMedianUs: µs(median(paired)),
      boundUs: µs(bound),
      roundMediansUs: rounds.map((round) => ({ wrongSecret: µs(round.known), unknownAppKey: µs(round.unknown) })),
    };
    expect(difference, `wrong secret ${µs(knownMedian)} µs vs unknown AppKey ${µs(unknownMedian)} µs`).toBeLessThan(bound);
  });

  it('AUTH_FAILURES_PER_MINUTE=5: the 6th failure from an address answers 429 with Retry-After, and then even correct credentials are refused', async () => {
    const server = closing(await startApiServer({ AUTH_FAILURES_PER_MINUTE: '5' }));
    const client = new RawClient(server.port);
    const correct = serializeRequest({
      method: 'POST',
      target: '/v4/push/validate',
      headers: [
        ['Host', '127.0.0.1'],
        ['Authorization', basicAuthorization(TEST_APP)],
        ['Content-Type', 'application/json'],
      ],
      body: Buffer.from('{"to":"all","body":{"platform":"all","notification":{"alert":"hi"}}}'),
    });
    const statusOf = async (request: Buffer) => {
      const exchange = await client.exchange(request);
      if (exchange.kind !== 'answered') throw new Error(`no answer: ${JSON.stringify(exchange)}`);
      return exchange.response;
    };

    // Correct credentials are not failures.
    for (let i = 0; i < 3; i++) expect((await statusOf(correct)).status).toBe(200);
    const failures = [];
    for (let i = 1; i <= 5; i++) failures.push((await statusOf(recallWith(TEST_APP.appKey, hex24('bad', i)))).status);
    expect(failures).toEqual([401, 401, 401, 401, 401]);

    const sixth = await statusOf(recallWith(TEST_APP.appKey, hex24('bad', 6)));
    expect(sixth.status).toBe(429);
    const body = parseJson(sixth.body);
    expect(body.ok && envelopeProblem(body.value)).toBeUndefined();
    const rateLimited = ERROR_CODES.find((entry) => entry.status === 429)!.code;
    expect(body.ok && (body.value as { error: { code: number } }).error.code).toBe(rateLimited);
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${sixth.headers['retry-after']}`).toBe(true);

    // Until the window ends, the address is refused whatever it sends.
    const withCorrect = await statusOf(correct);
    expect(withCorrect.status).toBe(429);
    expect(withCorrect.headers['retry-after']).toBeDefined();
    const unknownApp = await statusOf(recallWith(hex24('fee', 1), hex24('bad', 1)));
    expect(unknownApp.status).toBe(429);
    client.close();
    figures.failureLimit = {
      limit: 5,
      failuresAnswered401: failures.length,
      sixthStatus: sixth.status,
      retryAfterSeconds: retryAfter,
      correctCredentialsThen: withCorrect.status,
    };
  });
});
