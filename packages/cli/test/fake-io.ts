// An Io for unit tests: streams that record what is written, an environment, stdin and
// files as strings (written files too), a terminal that answers a confirmation, and a client
// whose calls the test decides (and whose options it records).
import { isPushApiError, PushApiError, type PushClientOptions, type PushResponse, type WithdrawOutcome } from '@push-api/client';
import type { Client, Io } from '../src/io.js';

export interface FakeIoOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  files?: Record<string, string>;
  /** The calls of the client; each defaults to answering msg_id "1". */
  client?: Partial<Client>;
  /** stderr is a terminal (the progress line, the confirmation). */
  tty?: boolean;
  /** What the person at the terminal answers to a confirmation (only with `tty`). */
  answer?: string;
  signal?: AbortSignal;
}

/** The test app's credentials and a local URL: enough for a command to run. */
export const ENV = { PUSH_APP_KEY: 'app-key', PUSH_MASTER_SECRET: 'master-secret', PUSH_BASE_URL: 'http://127.0.0.1:1' };

const answer = (msgId = '1'): Promise<PushResponse> => Promise.resolve({ request_id: '', msg_id: msgId });

function outcomeOf(msgId: string, error: unknown): WithdrawOutcome {
  if (!isPushApiError(error)) return { msgId, outcome: 'failed', error };
  const outcome = error.isAlreadyWithdrawn ? 'already-recalled' : error.isExpired ? 'expired' : error.isNotFound ? 'not-found' : 'failed';
  return { msgId, outcome, error };
}

/**
 * The client's withdrawMany over the test's `withdraw`, reduced to what the CLI relies on:
 * dedupe in order, `concurrency` in flight, the signal, onProgress, a summary. (The real one,
 * with its rate cap and 429 pause, is the client's, tested there and end to end.)
 */
function fakeWithdrawMany(withdraw: Client['withdraw'], calls: unknown[]): Client['withdrawMany'] {
  return async (ids, options = {}) => {
    calls.push(options);
    const unique = [...new Set(ids)];
    const results: WithdrawOutcome[] = unique.map((msgId) => ({ msgId, outcome: 'not-sent' }));
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < unique.length && options.signal?.aborted !== true) {
        const index = next++;
        const msgId = unique[index]!;
        try {
          const result = await withdraw(msgId, options.signal ? { signal: options.signal } : {});
          results[index] = { msgId, outcome: 'recalled', requestId: result.requestId };
        } catch (error) {
          results[index] = outcomeOf(msgId, error);
        }
        options.onProgress?.(results[index], { done: ++done, total: unique.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, unique.length) }, worker));
    const summary = { total: results.length, recalled: 0, alreadyRecalled: 0, expired: 0, notFound: 0, failed: 0 };
    const category = { recalled: 'recalled', 'already-recalled': 'alreadyRecalled', expired: 'expired', 'not-found': 'notFound' } as const;
    for (const result of results) summary[result.outcome in category ? category[result.outcome as keyof typeof category] : 'failed']++;
    return { results, summary };
  };
}

export function fakeIo(options: FakeIoOptions = {}) {
  let stdout = '';
  let stderr = '';
  const clients: PushClientOptions[] = [];
  const withdrawManyCalls: unknown[] = [];
  const questions: string[] = [];
  const files: Record<string, string> = { ...options.files };
  const written: Record<string, string> = {};
  const withdraw: Client['withdraw'] = options.client?.withdraw ?? ((msgId) => answer(msgId));
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    env: options.env ?? ENV,
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    readFile: (path) => {
      const text = files[path];
      if (text !== undefined) return Promise.resolve(text);
      return Promise.reject(Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' }));
    },
    writePrivateFile: (path, text) => {
      files[path] = text;
      written[path] = text;
      return Promise.resolve();
    },
    ...(options.tty === true && {
      confirm: (question: string) => {
        questions.push(question);
        return Promise.resolve(/^y(es)?$/i.test(options.answer ?? ''));
      },
    }),
    createClient: (clientOptions) => {
      clients.push(clientOptions);
      return {
        push: options.client?.push ?? (() => answer()),
        validate: options.client?.validate ?? (() => answer('0')),
        withdraw,
        withdrawMany: options.client?.withdrawMany ?? fakeWithdrawMany(withdraw, withdrawManyCalls),
      };
    },
    ...(options.signal && { signal: options.signal }),
  };
  return { io, stdout: () => stdout, stderr: () => stderr, clients, withdrawManyCalls, questions, written };
}

/** The error the client throws for an API refusal. */
export function apiError(status: number, code: number, message: string): PushApiError {
  const body = { error: { code, message } };
  const response = new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-request-id': 'req-7' } });
  return new PushApiError(response, body);
}
