// `push-api push --alert <text>`: pushes one notification and prints its msg_id (or, with
// --json, the API's answer), the id `push-api withdraw` takes.
import { randomBytes } from 'node:crypto';
import type { PushRequest } from '@push-api/client';
import { ExitCode, UsageError } from '../exit.js';
import type { Io } from '../io.js';
import { clientOptions, type RunLine } from '../options.js';
import { describeError, formatError, printJson } from '../output.js';

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

/** The request the flags describe. */
export function pushRequestOf(line: RunLine, cid: string | undefined): PushRequest {
  const { alert } = line.flags;
  if (alert === undefined || alert.trim() === '') throw new UsageError('missing --alert <text>: the notification to push', 'push');
  if (line.args.length > 0) throw new UsageError(`push takes no arguments, only flags (got "${line.args.join(' ')}")`, 'push');
  return {
    to: audienceOf(line.flags.to),
    body: { platform: platformOf(line.flags.platform), notification: { alert }, ...(cid !== undefined && { options: { cid } }) },
  };
}

export async function push(line: RunLine, io: Io): Promise<ExitCode> {
  pushRequestOf(line, undefined); // usage errors before credentials
  const options = clientOptions(line.flags, io.env);
  // With retries, the push carries an idempotency key so that a retry is stored once. The
  // client would add one itself, but with Web Crypto, which Node 18 has only behind a flag.
  const cid = line.flags.cid ?? (options.retries > 0 ? randomBytes(16).toString('hex') : undefined);
  const request = pushRequestOf(line, cid);
  const client = io.createClient(options);
  try {
    const answer = await client.push(request, io.signal ? { signal: io.signal } : {});
    if (line.flags.json === true) printJson(io.stdout, answer);
    else io.stdout.write(`${answer.msg_id}\n`);
    return ExitCode.ok;
  } catch (error) {
    const details = describeError(error, io.signal);
    if (line.flags.json === true) printJson(io.stdout, { error: details });
    else io.stderr.write(`push-api: push ${details.status === undefined ? 'failed' : 'refused'}: ${formatError(details)}\n`);
    return details.reason === 'interrupted' ? ExitCode.interrupted : ExitCode.failed;
  }
}
