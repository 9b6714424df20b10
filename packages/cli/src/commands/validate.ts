// `push-api validate <file.json>`: sends a push body to /v4/push/validate, which checks it
// as a push would be checked and sends nothing. A file that cannot be read or is not JSON is
// bad usage (exit 2); a body the API refuses exits 1 with its code and message.
import type { PushRequest } from '@push-api/client';
import { ExitCode, UsageError } from '../exit.js';
import type { Io } from '../io.js';
import { clientOptions, type RunLine } from '../options.js';
import { describeError, formatError, printJson } from '../output.js';

/** The file's (or stdin's, for `-`) JSON value, as is: the API judges it. */
async function readBody(path: string, io: Io): Promise<unknown> {
  const name = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`, 'validate');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${name} is not JSON: ${error instanceof Error ? error.message : String(error)}`, 'validate');
  }
}

export async function validate(line: RunLine, io: Io): Promise<ExitCode> {
  const [path, ...extra] = line.args;
  if (path === undefined) throw new UsageError('missing the file: push-api validate <file.json> (or "-" for stdin)', 'validate');
  if (extra.length > 0) throw new UsageError('validate takes one file', 'validate');
  const client = io.createClient(clientOptions(line.flags, io.env));
  const body = await readBody(path, io);
  try {
    // Whatever the file holds is sent: checking it is the API's job, not the CLI's.
    const answer = await client.validate(body as PushRequest, io.signal ? { signal: io.signal } : {});
    if (line.flags.json === true) printJson(io.stdout, answer);
    else io.stdout.write('valid\n');
    return ExitCode.ok;
  } catch (error) {
    const details = describeError(error, io.signal);
    if (line.flags.json === true) printJson(io.stdout, { error: details });
    else io.stderr.write(`push-api: ${details.status === 400 ? 'invalid push' : 'validate failed'}: ${formatError(details)}\n`);
    return details.reason === 'interrupted' ? ExitCode.interrupted : ExitCode.failed;
  }
}
