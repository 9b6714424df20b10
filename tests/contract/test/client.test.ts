// The client against the reference server: its methods resolve to the typed bodies and
// throw PushApiError with the server's status, code and message. Then the client README's
// examples, which must be the files in packages/client/examples, run against the server.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createPushClient, PushApiError, type PushRequest } from '@push-api/client';
import { TEST_APP as credentials, useTestServer } from '@push-api/test-support';
import { ERROR_MESSAGES } from '@push-api/types';
import { startServer } from '../src/targets.js';

const server = useTestServer(() => startServer({ RATE_LIMIT_PER_SECOND: '0' }), { scope: 'all' });

const request: PushRequest = { to: 'all', body: { platform: 'all', notification: { alert: 'hello' } } };
const client = () => createPushClient({ ...credentials, baseUrl: server().url, retries: 0 });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected the call to throw'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(PushApiError);
      return error as PushApiError;
    },
  );

describe('the client against the reference server', () => {
  it('pushes, validates and withdraws', async () => {
    const pushed = await client().push({ ...request, request_id: 'r-1' });
    expect(pushed).toEqual({ request_id: 'r-1', msg_id: expect.stringMatching(/^[0-9]{1,20}$/) as string });
    const validated = await client().validate(request);
    expect(validated.msg_id).toMatch(/^[0-9]+$/);
    await expect(client().withdraw(pushed.msg_id)).resolves.toEqual({ request_id: '', msg_id: pushed.msg_id });
  });

  it('withdraw again: 400, 21003, has been withdrawn', async () => {
    const { msg_id } = await client().push(request);
    await client().withdraw(msg_id);
    const error = await failure(client().withdraw(msg_id));
    expect([error.status, error.code, error.message]).toEqual([400, 21003, ERROR_MESSAGES.msgIdWithdrawn]);
    expect(error.isAlreadyWithdrawn).toBe(true);
    expect(error.mayHaveSucceeded).toBe(false);
    expect(error.requestId).toBeTruthy();
  });

  it('unknown id: 400, 21003, msg_id not exist', async () => {
    const error = await failure(client().withdraw('999999999999999999'));
    expect([error.status, error.code, error.message]).toEqual([400, 21003, ERROR_MESSAGES.msgIdNotExist]);
    expect(error.isNotFound).toBe(true);
  });

  it('bad credentials: 401, 21004, Verification failed', async () => {
    const bad = createPushClient({ ...credentials, masterSecret: 'not-the-secret', baseUrl: server().url, retries: 0 });
    const error = await failure(bad.push(request));
    expect([error.status, error.code, error.message]).toEqual([401, 21004, 'Verification failed']);
    expect(error.isAuth).toBe(true);
  });

  it('a retried push with a cid is stored once', async () => {
    const cid = `contract-${Date.now()}`;
    const body = { ...request, body: { ...request.body, options: { cid } } };
    const [a, b] = await Promise.all([client().push(body), client().push(body)]);
    expect(a.msg_id).toBe(b.msg_id);
  });
});

const examplesDir = fileURLToPath(new URL('../../../packages/client/examples/', import.meta.url));
const readme = readFileSync(join(examplesDir, '..', 'README.md'), 'utf8');
// `.mts` too: the first example is an ES module whatever the reader's project ("type": "commonjs"
// from `npm init`), so its top-level await runs with `node push-and-withdraw.mts`.
const exampleFiles = readdirSync(examplesDir)
  .filter((f) => /\.m?ts$/.test(f))
  .sort();

describe('the client README examples', () => {
  it('are exactly the files in examples/', () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd());
    for (const file of exampleFiles) {
      expect(blocks, `${file} is not in the README verbatim`).toContain(readFileSync(join(examplesDir, file), 'utf8').trimEnd());
    }
    expect(exampleFiles).toHaveLength(7);
  });

  const expected: Record<string, RegExp[]> = {
    'push-and-withdraw.mts': [/^pushed \d+$/, /^recalled \d+$/],
    'error-handling.ts': [/^already recalled: 21003 Parameter value is invalid,msg_id has been withdrawn$/],
    'retries.ts': [/^same message: true$/, /^recall done$/],
    'regions.ts': [/^sgp hk usva defra jpn bra$/, /^valid, placeholder id \d+$/],
    'logging-and-per-call.ts': [
      /^push-api: POST \/v4\/push → 200 in \d+ ms \(attempt 1\)$/,
      /^pushed \d+ request id \S+$/,
      /^push-api: DELETE \/v4\/push\/withdraw\/999999999999999999 → 400 21003 .*msg_id not exist in \d+ ms \(attempt 1\); failed$/,
      /^DELETE failed after 1 attempt\(s\): Parameter value is invalid,msg_id not exist$/,
    ],
    'withdraw-many.ts': [
      /^already withdrawn: true$/,
      /^4\/4 \d+: (recalled|already-recalled|not-found)$/,
      /^not recalled \d+: msg-id-withdrawn$/,
      /^not recalled 999999999999999999: msg-id-not-exist$/,
      /^summary \{"total":4,"recalled":2,"alreadyRecalled":1,"expired":0,"notFound":1,"failed":0\}$/,
    ],
    'custom-fetch.ts': [/^POST \/v4\/push\/validate → 200 in \d+ ms$/, /^calls made: 1$/, /^400 \[object Object\]$|^400 /],
  };

  it.each(exampleFiles)('%s runs against the reference server', async (file) => {
    vi.stubEnv('BASE_URL', server().url);
    vi.stubEnv('APP_KEY', credentials.appKey);
    vi.stubEnv('MASTER_SECRET', credentials.masterSecret);
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      await import(join(examplesDir, file));
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    const patterns = expected[file];
    expect(patterns, `add the expected output of ${file}`).toBeDefined();
    for (const pattern of patterns!)
      expect(
        lines.some((line) => pattern.test(line)),
        `${pattern} in\n${lines.join('\n')}`,
      ).toBe(true);
  });
});
