// The commands against a fake client: what is sent, what is printed (text and --json), and
// the exit status, for every kind of answer: recalled, already recalled, expired, not found,
// refused otherwise, network error, timeout, interruption.
import { describe, expect, it } from 'vitest';
import { PushNetworkError, PushTimeoutError, RECALL_ERROR_MESSAGES, type PushRequest } from '@push-api/client';
import { runCli } from '../src/cli.js';
import { ExitCode } from '../src/exit.js';
import type { Client } from '../src/io.js';
import { apiError, fakeIo, type FakeIoOptions } from './fake-io.js';

async function run(argv: string[], options: FakeIoOptions = {}) {
  const fake = fakeIo(options);
  const code = await runCli(argv, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr(), clients: fake.clients, withdrawMany: fake.withdrawManyCalls };
}

const invalid = (text: string) => `Parameter value is invalid,${text}`;
const refusals: Record<string, Error> = {
  '200': apiError(400, 21003, RECALL_ERROR_MESSAGES.msgIdWithdrawn),
  '300': apiError(400, 21003, RECALL_ERROR_MESSAGES.msgIdExpired),
  '400': apiError(400, 21003, RECALL_ERROR_MESSAGES.msgIdNotExist),
  abc: apiError(400, 21003, RECALL_ERROR_MESSAGES.msgIdNotNumeric),
  '500': new PushNetworkError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') })),
  '600': new PushTimeoutError(100),
  '700': apiError(401, 21004, 'Verification failed'),
};
/** Recalls any id, except those of `refusals`. */
const withdraw: Client['withdraw'] = (msgId) => {
  const refusal = refusals[msgId];
  return refusal ? Promise.reject(refusal) : Promise.resolve({ request_id: '', msg_id: msgId });
};

describe('withdraw', () => {
  it('exits 0 and prints each id recalled and a summary', async () => {
    const result = await run(['withdraw', '11', '12'], { client: { withdraw } });
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stdout).toBe(
      [
        'recalled 11',
        'recalled 12',
        'summary of 2 msg_ids:',
        '  recalled          2',
        '  already recalled  0',
        '  expired           0',
        '  not found         0',
        '  other failures    0',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
  });

  it('sorts every failure into the summary, prints each with its code and message, and exits 4 for refused credentials', async () => {
    const result = await run(['withdraw', '11', '200', '300', '400', 'abc', '500', '600', '700', '12'], { client: { withdraw } });
    expect(result.code).toBe(ExitCode.auth);
    expect(result.stdout).toContain('recalled 11\nrecalled 12\nsummary of 9 msg_ids:\n');
    expect(result.stdout).toMatch(
      /recalled {10}2\n {2}already recalled {2}1\n {2}expired {11}1\n {2}not found {9}1\n {2}other failures {4}4\n$/,
    );
    expect(result.stderr.split('\n')).toEqual([
      `200: already recalled: 21003 ${invalid('msg_id has been withdrawn')} (HTTP 400, request id req-7)`,
      `300: expired: 21003 ${invalid('msg_id expired, recall is only supported within one day')} (HTTP 400, request id req-7)`,
      `400: not found: 21003 ${invalid('msg_id not exist')} (HTTP 400, request id req-7)`,
      `abc: failed: 21003 ${invalid('msg_id must be a numeric string')} (HTTP 400, request id req-7)`,
      '500: failed: Network error: fetch failed (connect ECONNREFUSED 127.0.0.1:1)',
      '600: failed: No answer within 100 ms',
      '700: failed: 21004 Verification failed (HTTP 401, request id req-7)',
      '',
    ]);
  });

  it('--json prints one document: each result, then the summary', async () => {
    const result = await run(['withdraw', '--json', '11', '200', '400', '500', '600'], { client: { withdraw } });
    expect(result.code).toBe(ExitCode.failed);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      results: [
        { msg_id: '11', ok: true },
        {
          msg_id: '200',
          ok: false,
          status: 400,
          code: 21003,
          reason: 'msg-id-withdrawn',
          message: RECALL_ERROR_MESSAGES.msgIdWithdrawn,
          requestId: 'req-7',
        },
        {
          msg_id: '400',
          ok: false,
          status: 400,
          code: 21003,
          reason: 'msg-id-not-exist',
          message: RECALL_ERROR_MESSAGES.msgIdNotExist,
          requestId: 'req-7',
        },
        { msg_id: '500', ok: false, reason: 'network-error', message: 'Network error: fetch failed (connect ECONNREFUSED 127.0.0.1:1)' },
        { msg_id: '600', ok: false, reason: 'timeout', message: 'No answer within 100 ms' },
      ],
      summary: { total: 5, recalled: 1, alreadyRecalled: 1, expired: 0, notFound: 1, failed: 2 },
    });
  });

  it('keeps the ids’ order whatever the order of the answers', async () => {
    // Later ids answer first: each answer waits for as many turns of the event loop as ids follow it.
    const ids = Array.from({ length: 12 }, (_, index) => String(100 + index));
    const slowFirst: Client['withdraw'] = async (msgId) => {
      for (let turn = 0; turn < 112 - Number(msgId); turn++) await new Promise((resolve) => setImmediate(resolve));
      return { request_id: '', msg_id: msgId };
    };
    const result = await run(['withdraw', '--json', '--concurrency', '12', ...ids], { client: { withdraw: slowFirst } });
    expect((JSON.parse(result.stdout) as { results: { msg_id: string }[] }).results.map((entry) => entry.msg_id)).toEqual(ids);
  });

  it('says when an already recalled message was probably recalled by this run', async () => {
    const lost = apiError(400, 21003, RECALL_ERROR_MESSAGES.msgIdWithdrawn);
    Object.defineProperty(lost, 'mayHaveSucceeded', { value: true });
    const result = await run(['withdraw', '9'], { client: { withdraw: () => Promise.reject(lost) } });
    expect(result.stderr).toContain('9: already recalled (probably by this run: an earlier attempt got no answer): 21003');
    const json = await run(['withdraw', '--json', '9'], { client: { withdraw: () => Promise.reject(lost) } });
    expect(JSON.parse(json.stdout)).toMatchObject({ results: [{ mayHaveSucceeded: true }] });
  });

  it.each([
    [[], 8],
    [['--concurrency', '3'], 3],
    [['--concurrency', '1'], 1],
    [['--concurrency', '64'], 64],
  ])('%j asks the client for that many recalls in flight', async (flags, expected) => {
    const ids = Array.from({ length: 3 }, (_, index) => String(index + 1));
    const result = await run(['withdraw', ...flags, ...ids]);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.withdrawMany).toEqual([expect.objectContaining({ concurrency: expected })]);
  });

  it('reads ids from stdin with "-", one per line, and sends a repeated id once', async () => {
    const sent: string[] = [];
    const recording: Client['withdraw'] = (msgId) => {
      sent.push(msgId);
      return Promise.resolve({ request_id: '', msg_id: msgId });
    };
    const result = await run(['withdraw', '1', '-', '4', '-'], { stdin: '2\n3\r\n\n 1 \n', client: { withdraw: recording } });
    expect(result.code).toBe(ExitCode.ok);
    expect(sent).toEqual(['1', '2', '3', '4']);
    expect(result.stderr).toBe('push-api: 1 repeated msg_id withdrawn once\n');
  });

  it('tells a person at a terminal that it waits for stdin', async () => {
    const fake = fakeIo({ stdin: '5\n' });
    await runCli(['withdraw', '-'], { ...fake.io, stdinIsTTY: true });
    expect(fake.stderr()).toContain('reading msg_ids from stdin');
  });

  it('draws "n/total done" on a terminal, erased before the results', async () => {
    const result = await run(['withdraw', '1', '2', '3'], { tty: true });
    expect(result.stderr).toBe('\r0/3 done\r1/3 done\r2/3 done\r3/3 done\r\x1b[K');
    expect(result.stdout).toContain('recalled 3');
  });

  it('writes no progress when stderr is not a terminal', async () => {
    expect((await run(['withdraw', '1', '2', '3'], { tty: false })).stderr).toBe('');
  });

  it('on Ctrl-C, stops sending, reports what was done, and exits 130', async () => {
    const interrupt = new AbortController();
    const first: Client['withdraw'] = (msgId) => {
      interrupt.abort();
      return Promise.resolve({ request_id: '', msg_id: msgId });
    };
    const result = await run(['withdraw', '--json', '--concurrency', '1', '1', '2', '3'], {
      client: { withdraw: first },
      signal: interrupt.signal,
    });
    expect(result.code).toBe(ExitCode.interrupted);
    expect(JSON.parse(result.stdout)).toMatchObject({
      results: [
        { msg_id: '1', ok: true },
        { msg_id: '2', ok: false, reason: 'not-sent' },
        { msg_id: '3', ok: false, reason: 'not-sent' },
      ],
      summary: { total: 3, recalled: 1, failed: 2 },
    });
  });

  it('passes the interruption signal to each call, and calls its abort "interrupted"', async () => {
    const interrupt = new AbortController();
    const hanging: Client['withdraw'] = (_, options) =>
      new Promise((_resolve, reject) => {
        options?.signal?.addEventListener('abort', () => {
          reject(options.signal?.reason as Error);
        });
        interrupt.abort();
      });
    const result = await run(['withdraw', '--json', '1'], { client: { withdraw: hanging }, signal: interrupt.signal });
    expect(result.code).toBe(ExitCode.interrupted);
    expect(JSON.parse(result.stdout)).toMatchObject({ results: [{ msg_id: '1', ok: false, reason: 'interrupted' }] });
  });
});

describe('push', () => {
  const recording = () => {
    const sent: PushRequest[] = [];
    const push: Client['push'] = (request) => {
      sent.push(request);
      return Promise.resolve({ request_id: '', msg_id: '1828256757' });
    };
    return { sent, push };
  };

  it('prints the msg_id and exits 0; to all platforms of all devices by default (the client adds the cid)', async () => {
    const { sent, push } = recording();
    const result = await run(['push', '--alert', 'Sale ends at noon'], { client: { push } });
    expect(result).toMatchObject({ code: ExitCode.ok, stdout: '1828256757\n', stderr: '' });
    expect(sent).toEqual([{ to: 'all', body: { platform: 'all', notification: { alert: 'Sale ends at noon' } } }]);
    expect(result.clients[0]).toMatchObject({ retries: 2 });
  });

  it('--file pushes the file’s JSON as it is; "-" reads stdin', async () => {
    const body = {
      to: { tag: ['vip'] },
      body: { platform: ['ios'], notification: { alert: 'From a file' }, options: { time_to_live: 60 } },
    };
    const { sent, push } = recording();
    const fromFile = await run(['push', '--file', 'body.json'], { files: { 'body.json': JSON.stringify(body) }, client: { push } });
    expect(fromFile).toMatchObject({ code: ExitCode.ok, stdout: '1828256757\n' });
    const fromStdin = await run(['push', '-f', '-', '--json'], { stdin: JSON.stringify({ ...body, from: 'stdin' }), client: { push } });
    expect(JSON.parse(fromStdin.stdout)).toEqual({ request_id: '', msg_id: '1828256757' });
    expect(sent).toEqual([body, { ...body, from: 'stdin' }]);
  });

  it('--to, --platform and --cid', async () => {
    const { sent, push } = recording();
    await run(['push', '--alert', 'hi', '--to', 'r1, r2', '--platform', 'ios,android,ios', '--cid', 'my-cid'], { client: { push } });
    expect(sent).toEqual([
      {
        to: { registration_id: ['r1', 'r2'] },
        body: { platform: ['ios', 'android'], notification: { alert: 'hi' }, options: { cid: 'my-cid' } },
      },
    ]);
  });

  it('--json prints the API’s answer', async () => {
    const result = await run(['push', '--json', '--alert', 'hi']);
    expect(JSON.parse(result.stdout)).toEqual({ request_id: '', msg_id: '1' });
  });

  it('a refusal: its code and message on stderr, exit 1', async () => {
    const refused = () => Promise.reject(apiError(400, 21003, invalid('override_msg_id not exist')));
    const result = await run(['push', '--alert', 'hi'], { client: { push: refused } });
    expect(result).toMatchObject({ code: ExitCode.failed, stdout: '' });
    expect(result.stderr).toBe(`push-api: push refused: 21003 ${invalid('override_msg_id not exist')} (HTTP 400, request id req-7)\n`);
  });

  it('refused credentials with --json: {"error": …} on stdout, exit 4', async () => {
    const refused = () => Promise.reject(apiError(401, 21004, 'Verification failed'));
    const result = await run(['push', '--json', '--alert', 'hi'], { client: { push: refused } });
    expect(result).toMatchObject({ code: ExitCode.auth, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      error: { status: 401, code: 21004, reason: 'verification-failed', message: 'Verification failed', requestId: 'req-7' },
    });
  });

  it('no answer: exit 1', async () => {
    const lost = () => Promise.reject(new PushNetworkError(new TypeError('fetch failed')));
    const result = await run(['push', '--alert', 'hi'], { client: { push: lost } });
    expect(result).toMatchObject({ code: ExitCode.failed, stderr: 'push-api: push failed: Network error: fetch failed\n' });
  });
});

describe('validate', () => {
  const body = { to: 'all', body: { platform: 'all', notification: { alert: 'hi' } } };

  it('sends the file’s JSON as it is, prints "valid", exits 0', async () => {
    const sent: unknown[] = [];
    const validate: Client['validate'] = (request) => {
      sent.push(request);
      return Promise.resolve({ request_id: '', msg_id: '0' });
    };
    const result = await run(['validate', 'push.json'], { files: { 'push.json': JSON.stringify(body) }, client: { validate } });
    expect(result).toMatchObject({ code: ExitCode.ok, stdout: 'valid\n', stderr: '' });
    expect(sent).toEqual([body]);
  });

  it('reads stdin for "-"; --json prints the answer', async () => {
    const result = await run(['validate', '--json', '-'], { stdin: JSON.stringify(body) });
    expect(result.code).toBe(ExitCode.ok);
    expect(JSON.parse(result.stdout)).toEqual({ request_id: '', msg_id: '0' });
  });

  it('a body the API refuses: exit 1 with its code', async () => {
    const refused = () =>
      Promise.reject(apiError(400, 21002, 'Required parameter missing,body needs one of notification, message, live_activity, voip'));
    const result = await run(['validate', 'push.json'], { files: { 'push.json': '{}' }, client: { validate: refused } });
    expect(result.code).toBe(ExitCode.failed);
    expect(result.stderr).toMatch(/^push-api: invalid push: 21002 Required parameter missing,body needs one of/);
    const json = await run(['validate', '--json', 'push.json'], { files: { 'push.json': '{}' }, client: { validate: refused } });
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { status: 400, code: 21002, reason: 'missing-parameter' } });
  });

  it('a file that is not JSON sends nothing', async () => {
    let calls = 0;
    const validate: Client['validate'] = () => {
      calls++;
      return Promise.resolve({ request_id: '', msg_id: '0' });
    };
    const result = await run(['validate', 'push.json'], { files: { 'push.json': 'to: all' }, client: { validate } });
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toMatch(/^push-api: push\.json is not JSON: /);
    expect(calls).toBe(0);
  });
});
