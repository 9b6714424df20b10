// `push-api withdraw <msg_id>…`: recalls each message with the client's withdrawMany (a few
// in flight, the API's rate, one 429 pausing them all), then says what happened to each and
// sums it up. --dry-run prints the plan and sends nothing; on a terminal, many ids are
// recalled only once confirmed; --json-lines reports each id as it completes;
// --only-failed re-runs the failures of an earlier run.
import type { WithdrawOutcome, WithdrawSummary } from '@push-api/client';
import { LIMITS } from '@push-api/types';
import { ExitCode, UsageError } from '../exit.js';
import { inputName, readInput, type Io } from '../io.js';
import { integerFlag, type RunLine } from '../options.js';
import { describeError, formatError, printJson, Progress, type ErrorDetails } from '../output.js';
import { clientSettings } from '../settings.js';

export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 64;
/** On a terminal, recalling more ids than this asks first (unless --yes). */
export const CONFIRM_ABOVE = 20;

/** What happened to one msg_id (one entry of `--json`'s `results`, one line of `--json-lines`). */
export type WithdrawResult = { msg_id: string; ok: true; requestId?: string } | ({ msg_id: string; ok: false } & ErrorDetails);

type Category = Exclude<keyof WithdrawSummary, 'total'>;

const LABELS: Readonly<Record<Category, string>> = {
  recalled: 'recalled',
  alreadyRecalled: 'already recalled',
  expired: 'expired',
  notFound: 'not found',
  failed: 'other failures',
};

/** Where each of the client's outcomes goes in the summary. */
const CATEGORY: Readonly<Record<WithdrawOutcome['outcome'], Category>> = {
  recalled: 'recalled',
  'already-recalled': 'alreadyRecalled',
  expired: 'expired',
  'not-found': 'notFound',
  failed: 'failed',
  'not-sent': 'failed',
};

/** Reasons that running the id again cannot change: --only-failed leaves them out. */
const FINAL_REASONS: ReadonlySet<string> = new Set(['msg-id-withdrawn', 'msg-id-expired', 'msg-id-not-exist', 'msg-id-not-numeric']);

/** The CLI's plain-data result of the client's outcome. */
function resultOf(outcome: WithdrawOutcome, signal: AbortSignal | undefined): WithdrawResult {
  switch (outcome.outcome) {
    case 'recalled':
      return { msg_id: outcome.msgId, ok: true, ...(outcome.requestId !== undefined && { requestId: outcome.requestId }) };
    case 'not-sent':
      return { msg_id: outcome.msgId, ok: false, reason: 'not-sent', message: 'not sent: stopped before its turn' };
    default:
      return { msg_id: outcome.msgId, ok: false, ...describeError(outcome.error, signal) };
  }
}

/** The msg_ids of a file `--json` or `--json-lines` wrote, whose recall may still succeed. */
async function failedIds(path: string, io: Io): Promise<string[]> {
  const name = inputName(path);
  const text = await readInput(io, path, '--only-failed', 'withdraw');
  const notResults = () =>
    new UsageError(`--only-failed: ${name} is not what "push-api withdraw --json" or "--json-lines" writes`, 'withdraw');
  let entries: unknown[];
  try {
    const document: unknown = JSON.parse(text);
    entries =
      typeof document === 'object' && document !== null && 'results' in document && Array.isArray(document.results)
        ? document.results
        : [document];
  } catch {
    try {
      entries = text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    } catch {
      throw notResults();
    }
  }
  const results = entries.filter((entry): entry is Partial<WithdrawResult> => typeof entry === 'object' && entry !== null && 'ok' in entry);
  if (results.length === 0 || results.some((result) => typeof result.msg_id !== 'string')) throw notResults();
  return results
    .filter((result) => result.ok === false && !FINAL_REASONS.has(result.reason ?? ''))
    .map((result) => result.msg_id as string);
}

/** The msg_ids of the arguments, `-` standing for those of stdin (separated by newlines or spaces). */
async function idsOfArguments(args: readonly string[], io: Io): Promise<string[]> {
  let stdinIds: string[] | undefined;
  const all: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      if (stdinIds === undefined) {
        if (io.stdinIsTTY === true) io.stderr.write('push-api: reading msg_ids from stdin, one per line (end with Ctrl-D)\n');
        stdinIds = (await io.readStdin()).split(/\s+/).filter((id) => id !== '');
        if (stdinIds.length === 0) throw new UsageError('no msg_id on stdin', 'withdraw');
        all.push(...stdinIds);
      }
    } else {
      const id = arg.trim();
      if (id === '') throw new UsageError('an empty msg_id', 'withdraw');
      all.push(id);
    }
  }
  return all;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export async function withdraw(line: RunLine, io: Io): Promise<ExitCode> {
  const { flags, args } = line;
  const concurrency =
    flags.concurrency === undefined ? DEFAULT_CONCURRENCY : integerFlag('--concurrency', flags.concurrency, 1, MAX_CONCURRENCY);
  if (flags.json === true && flags['json-lines'] === true) throw new UsageError('--json and --json-lines: choose one', 'withdraw');
  const onlyFailed = flags['only-failed'];
  if (onlyFailed !== undefined && args.length > 0) {
    throw new UsageError('--only-failed takes its ids from the results file: give no msg_id as well', 'withdraw');
  }
  if (onlyFailed === undefined && args.length === 0) {
    throw new UsageError('missing msg_id: give one or more (or "-" to read them from stdin)', 'withdraw');
  }
  const usesStdin = onlyFailed === '-' || args.includes('-');
  if (usesStdin && flags['master-secret-file'] === '-') {
    throw new UsageError('stdin cannot carry both the msg_ids and the Master Secret', 'withdraw');
  }
  const settings = await clientSettings(flags, io);
  const given = onlyFailed === undefined ? await idsOfArguments(args, io) : await failedIds(onlyFailed, io);
  const ids = [...new Set(given)];
  const repeated = given.length - ids.length;
  const machine = flags.json === true || flags['json-lines'] === true;
  const quiet = flags.quiet === true;
  if (repeated > 0 && !machine && !quiet && flags['dry-run'] !== true)
    io.stderr.write(`push-api: ${plural(repeated, 'repeated msg_id')} withdrawn once\n`);
  if (ids.length === 0) {
    // --only-failed of a run with no failure left to re-run.
    if (flags.json === true)
      printJson(io.stdout, { results: [], summary: { total: 0, recalled: 0, alreadyRecalled: 0, expired: 0, notFound: 0, failed: 0 } });
    else if (!machine && !quiet) io.stderr.write('push-api: no failure to re-run\n');
    return ExitCode.ok;
  }
  const target = `app ${settings.appKey} at ${settings.baseUrl}`;

  if (flags['dry-run'] === true) {
    const pattern = new RegExp(LIMITS.msgIdPattern);
    const refused = ids.filter((id) => !pattern.test(id));
    const plan = { dryRun: true, appKey: settings.appKey, baseUrl: settings.baseUrl, concurrency, ids, repeated, notNumeric: refused };
    if (flags.json === true) printJson(io.stdout, plan);
    else if (flags['json-lines'] === true) io.stdout.write(`${JSON.stringify(plan)}\n`);
    else {
      io.stdout.write(ids.map((id) => `${id}\n`).join(''));
      const note =
        refused.length === 0 ? '' : `; ${plural(refused.length, 'id')} not numeric, which the API refuses: ${refused.join(', ')}`;
      io.stderr.write(
        `push-api: dry run: would recall ${plural(ids.length, 'msg_id')} of ${target}, ${concurrency} at a time${note}; nothing was sent${repeated === 0 ? '' : ` (${plural(repeated, 'repeated id')} dropped)`}\n`,
      );
    }
    return ExitCode.ok;
  }

  if (ids.length > CONFIRM_ABOVE && flags.yes !== true && io.confirm !== undefined) {
    let confirmed: boolean;
    try {
      confirmed = await io.confirm(`Recall ${plural(ids.length, 'message')} of ${target}? This cannot be undone. [y/N] `, io.signal);
    } catch (error) {
      if (io.signal?.aborted === true) return ExitCode.interrupted;
      throw new UsageError(
        `cannot ask for a confirmation (${error instanceof Error ? error.message : String(error)}): pass --yes`,
        'withdraw',
      );
    }
    if (!confirmed) {
      io.stderr.write('push-api: not confirmed: nothing was sent\n');
      return ExitCode.failed;
    }
  }

  const client = io.createClient(settings);
  const { signal } = io;
  const progress = new Progress(io.stderr, quiet || flags['json-lines'] === true ? 0 : ids.length);
  progress.update(0);
  const { results: outcomes, summary } = await client.withdrawMany(ids, {
    concurrency,
    ...(signal && { signal }),
    onProgress: (outcome, { done }) => {
      if (flags['json-lines'] === true) io.stdout.write(`${JSON.stringify(resultOf(outcome, signal))}\n`);
      progress.update(done);
    },
  });
  progress.clear();
  const results = outcomes.map((outcome) => resultOf(outcome, signal));
  if (flags.json === true) printJson(io.stdout, { results, summary });
  else if (flags['json-lines'] === true) io.stdout.write(`${JSON.stringify({ summary })}\n`);
  else printText(results, outcomes, summary, io, quiet);

  if (signal?.aborted === true) return ExitCode.interrupted;
  if (results.some((result) => !result.ok && result.status === 401)) return ExitCode.auth;
  const done = flags['ok-if-recalled'] === true ? summary.recalled + summary.alreadyRecalled : summary.recalled;
  return done === summary.total ? ExitCode.ok : ExitCode.failed;
}

/** The results (one per outcome, in the same order), then the summary. */
function printText(
  results: readonly WithdrawResult[],
  outcomes: readonly WithdrawOutcome[],
  summary: WithdrawSummary,
  io: Io,
  quiet: boolean,
): void {
  for (const [index, result] of results.entries()) {
    if (result.ok) {
      if (!quiet) io.stdout.write(`recalled ${result.msg_id}\n`);
    } else {
      const category = CATEGORY[(outcomes[index] as WithdrawOutcome).outcome];
      const label = category === 'failed' ? 'failed' : LABELS[category];
      const note = result.mayHaveSucceeded === true ? ' (probably by this run: an earlier attempt got no answer)' : '';
      io.stderr.write(`${result.msg_id}: ${label}${note}: ${formatError(result)}\n`);
    }
  }
  if (quiet) return;
  const width = Math.max(...Object.values(LABELS).map((label) => label.length)) + 2;
  const rows = (Object.keys(LABELS) as Category[]).map((category) => `  ${LABELS[category].padEnd(width)}${summary[category]}\n`);
  io.stdout.write(`summary of ${plural(summary.total, 'msg_id')}:\n${rows.join('')}`);
}
