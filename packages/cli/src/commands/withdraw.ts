// `push-api withdraw <msg_id>…`: recalls each message, several at a time, then says what
// happened to each and sums it up. Exit 0 only when every one was recalled by this run.
import { ExitCode, UsageError } from '../exit.js';
import type { Io } from '../io.js';
import { clientOptions, integerFlag, type RunLine } from '../options.js';
import { describeError, formatError, printJson, Progress, type ErrorDetails } from '../output.js';
import { forEachConcurrent } from '../pool.js';

export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 64;

/** What happened to one msg_id (one entry of `--json`'s `results`). */
export type WithdrawResult = { msg_id: string; ok: true } | ({ msg_id: string; ok: false } & ErrorDetails);

/** The counts of the summary (`--json`'s `summary`). */
export interface WithdrawSummary {
  total: number;
  /** Recalled by this run. */
  recalled: number;
  /** Recalled before (21003 "msg_id has been withdrawn"). */
  alreadyRecalled: number;
  /** Older than the one-day recall window. */
  expired: number;
  /** Unknown to this app (or another app's). */
  notFound: number;
  /** Anything else: a non-numeric id, credentials, rate limit, network error, timeout, interruption. */
  failed: number;
}

type Category = Exclude<keyof WithdrawSummary, 'total'>;

const LABELS: Readonly<Record<Category, string>> = {
  recalled: 'recalled',
  alreadyRecalled: 'already recalled',
  expired: 'expired',
  notFound: 'not found',
  failed: 'other failures',
};

function categoryOf(result: WithdrawResult): Category {
  if (result.ok) return 'recalled';
  switch (result.reason) {
    case 'msg-id-withdrawn':
      return 'alreadyRecalled';
    case 'msg-id-expired':
      return 'expired';
    case 'msg-id-not-exist':
      return 'notFound';
    default:
      return 'failed';
  }
}

export function summarize(results: readonly WithdrawResult[]): WithdrawSummary {
  const summary: WithdrawSummary = { total: results.length, recalled: 0, alreadyRecalled: 0, expired: 0, notFound: 0, failed: 0 };
  for (const result of results) summary[categoryOf(result)]++;
  return summary;
}

/** The msg_ids of the arguments, `-` standing for those of stdin (separated by newlines or spaces); each once. */
async function collectIds(args: readonly string[], io: Io): Promise<{ ids: string[]; repeated: number }> {
  let stdinIds: string[] | undefined;
  const all: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      if (stdinIds === undefined) {
        if (io.stdinIsTTY === true) io.stderr.write('push-api: reading msg_ids from stdin, one per line (end with Ctrl-D)\n');
        stdinIds = (await io.readStdin()).split(/\s+/).filter((id) => id !== '');
        all.push(...stdinIds);
      }
    } else {
      const id = arg.trim();
      if (id === '') throw new UsageError('an empty msg_id', 'withdraw');
      all.push(id);
    }
  }
  const ids = [...new Set(all)];
  if (ids.length === 0) throw new UsageError('no msg_id on stdin', 'withdraw');
  return { ids, repeated: all.length - ids.length };
}

export async function withdraw(line: RunLine, io: Io): Promise<ExitCode> {
  const { flags, args } = line;
  const concurrency =
    flags.concurrency === undefined ? DEFAULT_CONCURRENCY : integerFlag('--concurrency', flags.concurrency, 1, MAX_CONCURRENCY);
  if (args.length === 0) throw new UsageError('missing msg_id: give one or more (or "-" to read them from stdin)', 'withdraw');
  const client = io.createClient(clientOptions(flags, io.env));
  const { ids, repeated } = await collectIds(args, io);
  const json = flags.json === true;
  if (repeated > 0 && !json) io.stderr.write(`push-api: ${repeated} repeated msg_id${repeated === 1 ? '' : 's'} withdrawn once\n`);

  const { signal } = io;
  const settled: (WithdrawResult | undefined)[] = [];
  const progress = new Progress(io.stderr, ids.length);
  let done = 0;
  progress.update(done);
  await forEachConcurrent(
    ids,
    concurrency,
    async (msgId, index) => {
      try {
        await client.withdraw(msgId, signal ? { signal } : {});
        settled[index] = { msg_id: msgId, ok: true };
      } catch (error) {
        settled[index] = { msg_id: msgId, ok: false, ...describeError(error, signal) };
      }
      progress.update(++done);
    },
    signal,
  );
  progress.clear();

  const results = ids.map(
    (msgId, index): WithdrawResult =>
      settled[index] ?? { msg_id: msgId, ok: false, reason: 'not-sent', message: 'not sent: interrupted before its turn' },
  );
  const summary = summarize(results);
  if (json) printJson(io.stdout, { results, summary });
  else printText(results, summary, io);

  if (signal?.aborted === true) return ExitCode.interrupted;
  return summary.recalled === summary.total ? ExitCode.ok : ExitCode.failed;
}

function printText(results: readonly WithdrawResult[], summary: WithdrawSummary, io: Io): void {
  for (const result of results) {
    if (result.ok) {
      io.stdout.write(`recalled ${result.msg_id}\n`);
    } else {
      const category = categoryOf(result);
      const label = category === 'failed' ? 'failed' : LABELS[category];
      const note = result.mayHaveSucceeded === true ? ' (probably by this run: an earlier attempt got no answer)' : '';
      io.stderr.write(`${result.msg_id}: ${label}${note}: ${formatError(result)}\n`);
    }
  }
  const width = Math.max(...Object.values(LABELS).map((label) => label.length)) + 2;
  const rows = (Object.keys(LABELS) as Category[]).map((category) => `  ${LABELS[category].padEnd(width)}${summary[category]}\n`);
  io.stdout.write(`summary of ${summary.total} msg_id${summary.total === 1 ? '' : 's'}:\n${rows.join('')}`);
}
