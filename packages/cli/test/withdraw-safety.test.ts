// What makes a bulk recall safe to run at 3 a.m.: a dry run that sends nothing, a
// confirmation on a terminal above a threshold (never in a pipe), a result per line as each
// id completes, re-running only the failures, and re-runs that may exit 0.
import { describe, expect, it } from 'vitest';
import { RECALL_ERROR_MESSAGES } from '@push-api/client';
import { runCli } from '../src/cli.js';
import { CONFIRM_ABOVE } from '../src/commands/withdraw.js';
import { ExitCode } from '../src/exit.js';
import type { Client } from '../src/io.js';
import { apiError, fakeIo, type FakeIoOptions } from './fake-io.js';

async function run(argv: string[], options: FakeIoOptions = {}) {
  const sent: string[] = [];
  const withdraw: Client['withdraw'] =
    options.client?.withdraw ??
    ((msgId) => {
      sent.push(msgId);
      return Promise.resolve({ request_id: '', msg_id: msgId });
    });
  const fake = fakeIo({ ...options, client: { ...options.client, withdraw } });
  const code = await runCli(argv, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr(), sent, questions: fake.questions, clients: fake.clients };
}

const ids = (count: number) => Array.from({ length: count }, (_, index) => String(1000 + index));

describe('withdraw --dry-run', () => {
  it('checks and dedupes the ids, prints the plan, and sends nothing', async () => {
    const result = await run(['withdraw', '--dry-run', '11', '12', '11', 'abc', '-'], { stdin: '13\n12\n' });
    expect(result.code).toBe(ExitCode.ok);
    expect(result.sent).toEqual([]);
    expect(result.clients).toEqual([]);
    expect(result.stdout).toBe('11\n12\nabc\n13\n');
    expect(result.stderr).toContain(
      'push-api: dry run: would recall 4 msg_ids of app app-key at http://127.0.0.1:1, 8 at a time; 1 id not numeric, which the API refuses: abc; nothing was sent',
    );
  });

  it('--json: the plan as one document', async () => {
    const result = await run(['withdraw', '--dry-run', '--json', '--concurrency', '4', '1', '1', '2']);
    expect(JSON.parse(result.stdout)).toEqual({
      dryRun: true,
      appKey: 'app-key',
      baseUrl: 'http://127.0.0.1:1',
      concurrency: 4,
      ids: ['1', '2'],
      repeated: 1,
      notNumeric: [],
    });
    expect(result.sent).toEqual([]);
  });
});

describe('the confirmation', () => {
  it(`on a terminal, more than ${CONFIRM_ABOVE} ids are recalled only once confirmed`, async () => {
    const declined = await run(['withdraw', ...ids(CONFIRM_ABOVE + 1)], { tty: true, answer: 'n' });
    expect(declined.questions).toEqual([
      `Recall ${CONFIRM_ABOVE + 1} messages of app app-key at http://127.0.0.1:1? This cannot be undone. [y/N] `,
    ]);
    expect(declined).toMatchObject({ code: ExitCode.failed, sent: [] });
    expect(declined.stderr).toContain('not confirmed: nothing was sent');
    const confirmed = await run(['withdraw', ...ids(CONFIRM_ABOVE + 1)], { tty: true, answer: 'yes' });
    expect(confirmed.code).toBe(ExitCode.ok);
    expect(confirmed.sent).toHaveLength(CONFIRM_ABOVE + 1);
  });

  it(`is not asked for ${CONFIRM_ABOVE} ids or fewer, with --yes, or off a terminal`, async () => {
    for (const [argv, tty] of [
      [['withdraw', ...ids(CONFIRM_ABOVE)], true],
      [['withdraw', '--yes', ...ids(50)], true],
      [['withdraw', '-y', ...ids(50)], true],
      [['withdraw', ...ids(50)], false],
    ] as const) {
      const result = await run([...argv], { tty, answer: 'n' });
      expect(result.questions).toEqual([]);
      expect(result.code).toBe(ExitCode.ok);
    }
  });
});

const refusing: Client['withdraw'] = (msgId) => {
  if (msgId === '2') return Promise.reject(apiError(400, 21003, RECALL_ERROR_MESSAGES.msgIdWithdrawn));
  if (msgId === '3') return Promise.reject(apiError(503, 27004, 'Service temporarily unavailable'));
  if (msgId === '4') return Promise.reject(apiError(400, 21003, RECALL_ERROR_MESSAGES.msgIdExpired));
  return Promise.resolve({ request_id: '', msg_id: msgId });
};

describe('withdraw --json-lines', () => {
  it('writes one JSON line per id as it completes, then the summary', async () => {
    const lines: string[] = [];
    const fake = fakeIo({ client: { withdraw: refusing } });
    const stdout = { write: (text: string) => lines.push(text) };
    const code = await runCli(['withdraw', '--json-lines', '1', '2', '3'], { ...fake.io, stdout });
    expect(code).toBe(ExitCode.failed);
    // Each write is one whole line, written as that id completed (a killed run keeps them).
    expect(lines.every((line) => line.endsWith('\n') && line.indexOf('\n') === line.length - 1)).toBe(true);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.slice(0, 3).map((entry) => entry.msg_id)).toEqual(['1', '2', '3']);
    expect(parsed[1]).toMatchObject({ ok: false, reason: 'msg-id-withdrawn' });
    expect(parsed[3]).toEqual({ summary: { total: 3, recalled: 1, alreadyRecalled: 1, expired: 0, notFound: 0, failed: 1 } });
    expect(fake.stderr()).toBe('');
  });
});

describe('withdraw --only-failed', () => {
  it('re-runs what may still succeed, from --json-lines or --json output', async () => {
    const first = await run(['withdraw', '--json-lines', '1', '2', '3', '4', '5'], { client: { withdraw: refusing } });
    const again = await run(['withdraw', '--only-failed', 'run1.jsonl'], { files: { 'run1.jsonl': first.stdout } });
    expect(again.sent).toEqual(['3']);
    expect(again.code).toBe(ExitCode.ok);
    const document = await run(['withdraw', '--json', '1', '3', '5'], { client: { withdraw: refusing } });
    const fromJson = await run(['withdraw', '--only-failed', '-'], { stdin: document.stdout });
    expect(fromJson.sent).toEqual(['3']);
  });

  it('with nothing left to re-run, sends nothing and exits 0', async () => {
    const first = await run(['withdraw', '--json', '1', '2']);
    const again = await run(['withdraw', '--only-failed', 'run.json'], { files: { 'run.json': first.stdout } });
    expect(again).toMatchObject({ code: ExitCode.ok, sent: [] });
    expect(again.stderr).toBe('push-api: no failure to re-run\n');
  });
});

describe('withdraw --ok-if-recalled', () => {
  it('exits 0 when every id is recalled now, by this run or an earlier one', async () => {
    expect((await run(['withdraw', '1', '2'], { client: { withdraw: refusing } })).code).toBe(ExitCode.failed);
    expect((await run(['withdraw', '--ok-if-recalled', '1', '2'], { client: { withdraw: refusing } })).code).toBe(ExitCode.ok);
    expect((await run(['withdraw', '--ok-if-recalled', '1', '2', '4'], { client: { withdraw: refusing } })).code).toBe(ExitCode.failed);
  });
});

describe('-q, --quiet', () => {
  it('prints only the failures', async () => {
    const result = await run(['withdraw', '-q', '1', '2', '1'], { client: { withdraw: refusing }, tty: true });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`2: already recalled: 21003 ${RECALL_ERROR_MESSAGES.msgIdWithdrawn} (HTTP 400, request id req-7)\n`);
    expect((await run(['withdraw', '--quiet', '1'])).stdout).toBe('');
  });
});
