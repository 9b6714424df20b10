// withdrawMany: many recalls at once, as an operator's script needs them — ids deduped in
// their order, a few in flight, a rate cap, and one 429 pausing every worker until the server
// says when, then a result per id and a summary.
import { PushApiError } from './errors.js';

/** What happened to one msg_id. */
export type WithdrawOutcome =
  | { msgId: string; outcome: 'recalled'; requestId: string | undefined }
  | { msgId: string; outcome: 'already-recalled' | 'expired' | 'not-found' | 'failed'; error: unknown }
  /** Never sent: the signal aborted before its turn. */
  | { msgId: string; outcome: 'not-sent' };

export interface WithdrawSummary {
  total: number;
  /** Recalled by this call. */
  recalled: number;
  /** Recalled before (21003 "msg_id has been withdrawn"). */
  alreadyRecalled: number;
  /** Older than the one-day recall window. */
  expired: number;
  /** Unknown to this app (or another app's). */
  notFound: number;
  /** Anything else: a non-numeric id, credentials, network errors, timeouts, ids not sent. */
  failed: number;
}

export interface WithdrawManyOptions {
  /** Recalls in flight at once (default 8, at most 256). */
  concurrency?: number;
  /** Requests started per second at most, across the workers (default the API's limit, 500; 0: no cap). */
  ratePerSecond?: number;
  /**
   * Stops starting recalls and aborts those in flight; the result then says what was done.
   * Refused credentials (401) stop it too: the ids not yet sent are `not-sent`.
   */
  signal?: AbortSignal;
  /** Called as each msg_id is settled, in the order they finish. */
  onProgress?: (outcome: WithdrawOutcome, progress: { done: number; total: number }) => void;
}

export interface WithdrawManyResult {
  /** One per distinct msg_id, in the order of the ids given. */
  results: WithdrawOutcome[];
  summary: WithdrawSummary;
}

/**
 * When the next request may start: after a pause a 429 asked for, and no sooner than the rate
 * cap allows. One gate is shared by the workers of a withdrawMany.
 */
export class Gate {
  #until = 0;
  #next = 0;
  readonly #interval: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(ratePerSecond: number, sleep: (ms: number, signal?: AbortSignal) => Promise<void>) {
    this.#interval = ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
    this.#sleep = sleep;
  }

  /** No request starts for `ms` from now. */
  pause(ms: number): void {
    this.#until = Math.max(this.#until, Date.now() + ms);
  }

  /** Waits for this request's turn. */
  async enter(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = Date.now();
      if (now < this.#until) {
        await this.#sleep(this.#until - now, signal);
        continue;
      }
      const start = Math.max(now, this.#next);
      this.#next = start + this.#interval;
      if (start <= now) return;
      await this.#sleep(start - now, signal);
      if (Date.now() >= this.#until) return;
    }
  }
}

const CATEGORY = {
  recalled: 'recalled',
  'already-recalled': 'alreadyRecalled',
  expired: 'expired',
  'not-found': 'notFound',
  failed: 'failed',
  'not-sent': 'failed',
} as const;

export function summarize(results: readonly WithdrawOutcome[]): WithdrawSummary {
  const summary: WithdrawSummary = { total: results.length, recalled: 0, alreadyRecalled: 0, expired: 0, notFound: 0, failed: 0 };
  for (const result of results) summary[CATEGORY[result.outcome]]++;
  return summary;
}

function outcomeOf(msgId: string, error: unknown): WithdrawOutcome {
  // "Has been withdrawn" after a lost answer (mayHaveSucceeded) is most likely this call's own
  // recall: recalled either way, and the error says which.
  const outcome =
    error instanceof PushApiError
      ? error.isAlreadyWithdrawn
        ? 'already-recalled'
        : error.isExpired
          ? 'expired'
          : error.isNotFound
            ? 'not-found'
            : 'failed'
      : 'failed';
  return { msgId, outcome, error };
}

/** Runs the recalls: `withdraw` is the client's, going through `gate`. */
export async function withdrawMany(
  ids: Iterable<string>,
  options: WithdrawManyOptions,
  withdraw: (msgId: string, signal: AbortSignal | undefined, gate: Gate) => Promise<{ requestId?: string | undefined }>,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
): Promise<WithdrawManyResult> {
  const { concurrency = 8, ratePerSecond = 500, signal, onProgress } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new RangeError(`concurrency must be a whole number from 1 to 256, not ${concurrency}`);
  }
  if (!(ratePerSecond >= 0)) throw new RangeError(`ratePerSecond must be 0 or more, not ${ratePerSecond}`);
  const unique = [...new Set(ids)];
  const wrong: unknown = unique.find((id: unknown) => typeof id !== 'string');
  if (wrong !== undefined)
    throw new TypeError(`msg_ids must be strings, not ${typeof wrong}: ids can exceed 2^53 and lose digits as numbers`);

  const gate = new Gate(ratePerSecond, sleep);
  const results: WithdrawOutcome[] = unique.map((msgId) => ({ msgId, outcome: 'not-sent' }));
  let next = 0;
  let done = 0;
  // Refused credentials refuse every id: the first 401 stops the rest (they stay 'not-sent').
  let refused = false;
  const worker = async () => {
    while (next < unique.length && signal?.aborted !== true && !refused) {
      const index = next++;
      const msgId = unique[index] as string;
      let result: WithdrawOutcome;
      try {
        const answer = await withdraw(msgId, signal, gate);
        result = { msgId, outcome: 'recalled', requestId: answer.requestId };
      } catch (error) {
        result = outcomeOf(msgId, error);
        if (error instanceof PushApiError && error.isAuth) refused = true;
      }
      results[index] = result;
      onProgress?.(result, { done: ++done, total: unique.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
  return { results, summary: summarize(results) };
}
