// `push-api push --alert <text>` or `push-api push --file body.json`: pushes one
// notification and prints its msg_id (or, with --json, the API's answer), the id
// `push-api withdraw` takes.
import type { PushRequest } from '@push-api/client';
import { ExitCode, UsageError } from '../exit.js';
import type { Io } from '../io.js';
import type { RunLine } from '../options.js';
import { describeError, exitCodeOf, formatError, printJson } from '../output.js';
import { clientSettings } from '../settings.js';
import { readJsonBody } from './body.js';

type Platform = PushRequest['body']['platform'];
type Audience = PushRequest['to'];

/** The platforms `--platform` takes a list of (or `all`). */
export const PLATFORMS = ['android', 'ios', 'hmos'] as const satisfies readonly Exclude<Platform, 'all'>[number][];

/** `all`, or a comma-separated list of registration ids. */
function audienceOf(to: string | undefined): Audience {
  if (to === undefined || to === 'all') return 'all';
  const ids = to
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) throw new UsageError('--to takes "all" or registration ids separated by commas', 'push');
  return { registration_id: ids };
}

/** `all`, or a comma-separated list of PLATFORMS. */
function platformOf(text: string | undefined): Platform {
  if (text === undefined || text === 'all') return 'all';
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PLATFORMS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`--platform takes "all" or a comma-separated list of ${PLATFORMS.join(', ')}; not "${text}"`, 'push');
  }
  return [...new Set(names)] as Exclude<Platform, 'all'>;
}

/** The flags that describe the push, which --file replaces. */
const BODY_FLAGS = ['alert', 'to', 'platform', 'cid'] as const;

/** The request the flags describe. */
export function pushRequestOf(line: RunLine): PushRequest {
  const { alert, cid } = line.flags;
  if (alert === undefined || alert.trim() === '') {
    throw new UsageError('missing --alert <text> (the notification to push), or --file <body.json>', 'push');
  }
  return {
    to: audienceOf(line.flags.to),
    body: { platform: platformOf(line.flags.platform), notification: { alert }, ...(cid !== undefined && { options: { cid } }) },
  };
}

export async function push(line: RunLine, io: Io): Promise<ExitCode> {
  const { flags } = line;
  if (line.args.length > 0) throw new UsageError(`push takes no arguments, only flags (got "${line.args.join(' ')}")`, 'push');
  const file = flags.file;
  if (file !== undefined) {
    const mixed = BODY_FLAGS.filter((name) => flags[name] !== undefined);
    if (mixed.length > 0) throw new UsageError(`--file holds the whole request: drop --${mixed.join(', --')}`, 'push');
    if (file === '-' && flags['master-secret-file'] === '-')
      throw new UsageError('stdin cannot carry both the body and the Master Secret', 'push');
  }
  const flagRequest = file === undefined ? pushRequestOf(line) : undefined; // usage errors before credentials
  const settings = await clientSettings(flags, io);
  // Whatever the file holds is sent, as `validate` sends it: judging it is the API's job. With
  // retries on, the client gives it an idempotency key (options.cid) unless it has one, so a
  // retried push is stored once.
  const request = flagRequest ?? ((await readJsonBody(file as string, io, 'push')) as PushRequest);
  const client = io.createClient(settings);
  try {
    const answer = await client.push(request, io.signal ? { signal: io.signal } : {});
    if (flags.json === true) printJson(io.stdout, answer);
    else io.stdout.write(`${answer.msg_id}\n`);
    return ExitCode.ok;
  } catch (error) {
    const details = describeError(error, io.signal);
    if (flags.json === true) printJson(io.stdout, { error: details });
    else io.stderr.write(`push-api: push ${details.status === undefined ? 'failed' : 'refused'}: ${formatError(details)}\n`);
    return exitCodeOf(details);
  }
}
