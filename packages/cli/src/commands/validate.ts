// `push-api validate <file.json>`: sends a push body to /v4/push/validate, which checks it
// as a push would be checked and sends nothing. A file that cannot be read or is not JSON is
// bad usage (exit 2); a body the API refuses exits 1 with its code and message.
import type { PushRequest } from '@push-api/client';
import { ExitCode, UsageError } from '../exit.js';
import type { Io } from '../io.js';
import type { RunLine } from '../options.js';
import { describeError, exitCodeOf, formatError, printJson } from '../output.js';
import { clientSettings } from '../settings.js';
import { readJsonBody } from './body.js';

export async function validate(line: RunLine, io: Io): Promise<ExitCode> {
  const [path, ...extra] = line.args;
  if (path === undefined) throw new UsageError('missing the file: push-api validate <file.json> (or "-" for stdin)', 'validate');
  if (extra.length > 0) throw new UsageError('validate takes one file', 'validate');
  if (path === '-' && line.flags['master-secret-file'] === '-')
    throw new UsageError('stdin cannot carry both the body and the Master Secret', 'validate');
  const client = io.createClient(await clientSettings(line.flags, io));
  const body = await readJsonBody(path, io, 'validate');
  try {
    // Whatever the file holds is sent: checking it is the API's job, not the CLI's.
    const answer = await client.validate(body as PushRequest, io.signal ? { signal: io.signal } : {});
    if (line.flags.json === true) printJson(io.stdout, answer);
    else if (line.flags.quiet !== true) io.stdout.write('valid\n');
    return ExitCode.ok;
  } catch (error) {
    const details = describeError(error, io.signal);
    if (line.flags.json === true) printJson(io.stdout, { error: details });
    else io.stderr.write(`push-api: ${details.status === 400 ? 'invalid push' : 'validate failed'}: ${formatError(details)}\n`);
    return exitCodeOf(details);
  }
}
