// An Io for unit tests: streams that record what is written, an environment, stdin and
// files as strings, and a client whose calls the test decides (and whose options it records).
import { PushApiError, type PushClientOptions, type PushResponse } from '@push-api/client';
import type { Client, Io } from '../src/io.js';

export interface FakeIoOptions {
  env?: Record<string, string>;
  stdin?: string;
  files?: Record<string, string>;
  /** The calls of the client; each defaults to answering msg_id "1". */
  client?: Partial<Client>;
  /** stderr is a terminal (the progress line). */
  tty?: boolean;
  signal?: AbortSignal;
}

/** The test app's credentials and a local URL: enough for a command to run. */
export const ENV = { PUSH_APP_KEY: 'app-key', PUSH_MASTER_SECRET: 'master-secret', PUSH_BASE_URL: 'http://127.0.0.1:1' };

const answer = (msgId = '1'): Promise<PushResponse> => Promise.resolve({ request_id: '', msg_id: msgId });

export function fakeIo(options: FakeIoOptions = {}) {
  let stdout = '';
  let stderr = '';
  const clients: PushClientOptions[] = [];
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    env: options.env ?? ENV,
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    readFile: (path) => {
      const text = options.files?.[path];
      return text === undefined ? Promise.reject(new Error(`ENOENT: no such file or directory, open '${path}'`)) : Promise.resolve(text);
    },
    createClient: (clientOptions) => {
      clients.push(clientOptions);
      return {
        push: options.client?.push ?? (() => answer()),
        validate: options.client?.validate ?? (() => answer('0')),
        withdraw: options.client?.withdraw ?? ((msgId) => answer(msgId)),
      };
    },
    ...(options.signal && { signal: options.signal }),
  };
  return { io, stdout: () => stdout, stderr: () => stderr, clients };
}

/** The error the client throws for an API refusal. */
export function apiError(status: number, code: number, message: string): PushApiError {
  const body = { error: { code, message } };
  const response = new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-request-id': 'req-7' } });
  return new PushApiError(response, body);
}
