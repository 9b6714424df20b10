// Everything a command touches outside itself, as one object: the streams, the environment,
// stdin, files, a question to the person at the terminal, the client factory and Ctrl-C.
// main.ts gives the process's; tests give fakes.
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { createPushClient, type PushClient, type PushClientOptions } from '@push-api/client';
import { UsageError } from './exit.js';

/** A stream to print to (`process.stdout`, `process.stderr`, or a test's buffer). */
export interface Output {
  write(text: string): unknown;
  /** A terminal: the progress line is drawn only then. */
  readonly isTTY?: boolean;
}

/** The calls the commands make. */
export type Client = Pick<PushClient, 'push' | 'validate' | 'withdraw' | 'withdrawMany'>;

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  /** The environment (PUSH_APP_KEY, PUSH_MASTER_SECRET, PUSH_BASE_URL, PUSH_REGION, PUSH_PROFILE, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** All of stdin as text (for `-` arguments). */
  readStdin(): Promise<string>;
  /** Stdin is a terminal: a hint is printed before waiting on it. */
  readonly stdinIsTTY?: boolean;
  /** A file's text (rejects with an error whose `code` is 'ENOENT' when it does not exist). */
  readFile(path: string): Promise<string>;
  /** Replaces a file at once (written aside, then renamed), readable by its owner only; creates its folder. */
  writePrivateFile(path: string, text: string): Promise<void>;
  /**
   * Asks the person at the terminal a yes/no question (true for "y" or "yes"). Absent when
   * there is no terminal to ask: then nothing is ever asked.
   */
  readonly confirm?: (question: string, signal?: AbortSignal) => Promise<boolean>;
  /** Makes the API client (tests give a fake one). */
  createClient(options: PushClientOptions): Client;
  /** Aborts when the user interrupts (Ctrl-C): calls in flight stop, none start. */
  readonly signal?: AbortSignal;
}

/** What a path names in a message: `stdin` for "-". */
export const inputName = (path: string) => (path === '-' ? 'stdin' : path);

/**
 * The text of a file, or of stdin for "-". One that cannot be read is bad usage, named with
 * `source` (the flag it came from, when there is one) and pointing at `command`'s help.
 */
export async function readInput(io: Io, path: string, source?: string, command?: string): Promise<string> {
  try {
    return path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (error) {
    const why = `cannot read ${inputName(path)}: ${error instanceof Error ? error.message : String(error)}`;
    throw new UsageError(source === undefined ? why : `${source}: ${why}`, command);
  }
}

/**
 * Asks on the controlling terminal (/dev/tty: stdin may carry the ids, or be at its end);
 * on Windows, on stdin when it is a terminal.
 */
async function askTerminal(question: string, signal?: AbortSignal): Promise<boolean> {
  const input = process.platform === 'win32' ? process.stdin : createReadStream('/dev/tty');
  const lines = createInterface({ input, output: process.stderr, terminal: true });
  const unreadable = new Promise<never>((_resolve, reject) => input.once('error', reject));
  try {
    const answer = await Promise.race([lines.question(question, signal ? { signal } : {}), unreadable]);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    lines.close();
    if (input !== process.stdin) input.destroy();
  }
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
    async writePrivateFile(path, text) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const aside = `${path}.${process.pid}.tmp`;
      await writeFile(aside, text, { mode: 0o600 });
      await rename(aside, path);
    },
    ...(process.stderr.isTTY && (process.platform !== 'win32' || process.stdin.isTTY) && { confirm: askTerminal }),
    createClient: createPushClient,
    ...(signal && { signal }),
  };
}
