// Everything a command touches outside itself, as one object: the streams, the environment,
// stdin, files, the client factory and Ctrl-C. main.ts gives the process's; tests give fakes.
import { readFile } from 'node:fs/promises';
import { createPushClient, type PushClient, type PushClientOptions } from '@push-api/client';

/** A stream to print to (`process.stdout`, `process.stderr`, or a test's buffer). */
export interface Output {
  write(text: string): unknown;
  /** A terminal: the progress line is drawn only then. */
  readonly isTTY?: boolean;
}

/** The three calls the commands make. */
export type Client = Pick<PushClient, 'push' | 'validate' | 'withdraw'>;

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  /** The environment (PUSH_APP_KEY, PUSH_MASTER_SECRET, PUSH_BASE_URL, PUSH_REGION). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** All of stdin as text (for `-` arguments). */
  readStdin(): Promise<string>;
  /** Stdin is a terminal: a hint is printed before waiting on it. */
  readonly stdinIsTTY?: boolean;
  /** A file's text. */
  readFile(path: string): Promise<string>;
  /** Makes the API client (tests give a fake one). */
  createClient(options: PushClientOptions): Client;
  /** Aborts when the user interrupts (Ctrl-C): calls in flight stop, none start. */
  readonly signal?: AbortSignal;
}

/** The real process's streams, environment and files. */
export function processIo(signal?: AbortSignal): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdinIsTTY: process.stdin.isTTY,
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    createClient: createPushClient,
    ...(signal && { signal }),
  };
}
