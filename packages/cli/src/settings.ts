// The client's settings, from three places: the flags win, then the environment, then the
// selected profile of the config file (config.ts). The Master Secret is never needed on a
// flag: --master-secret-file (or "-" for stdin), PUSH_MASTER_SECRET, or the profile.
import { REGIONS, type Logger, type PushClientOptions, type Region } from '@push-api/client';
import { selectedProfile, type Profile } from './config.js';
import { UsageError } from './exit.js';
import { inputName, readInput, type Io } from './io.js';
import { integerFlag, type Flags } from './options.js';
import { CLI_VERSION } from './version.js';

/** Retries when neither --retries nor the profile says (the client's default). */
export const DEFAULT_RETRIES = 2;
/** The most --retries takes. */
export const MAX_RETRIES = 10;
/** The most --timeout takes (ms): what a timer can wait. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

function regionUrl(source: string, name: string): string {
  if (!Object.hasOwn(REGIONS, name)) {
    throw new UsageError(`${source}: unknown region "${name}" (regions: ${Object.keys(REGIONS).join(', ')})`);
  }
  return REGIONS[name as Region];
}

export function checkedUrl(source: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source}: "${text}" is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source}: "${text}" is not an http(s) URL`);
  return text.replace(/\/+$/, '');
}

/** Checks a value before `config set` stores it (the same checks as when it is used). */
export function checkProfileValue(key: keyof Profile, value: string): void {
  const source = `config ${key}`;
  if (key === 'region') regionUrl(source, value);
  if (key === 'base-url') checkedUrl(source, value);
  if (key === 'timeout') integerFlag(source, value, 0, MAX_TIMEOUT_MS);
  if (key === 'retries') integerFlag(source, value, 0, MAX_RETRIES);
  if (value.trim() === '') throw new UsageError(`${source}: an empty value (use "push-api config unset ${key}")`);
}

/**
 * Where to send requests: `--base-url`, else `--region`, else PUSH_BASE_URL, else
 * PUSH_REGION, else the profile's base-url, else its region, else Singapore. A region given
 * is checked even when a base URL wins.
 */
export function baseUrlOf(flags: Flags, env: Io['env'], profile: Profile = {}, profileName = 'default'): string {
  const flagRegion = flags.region === undefined ? undefined : regionUrl('--region', flags.region);
  if (flags['base-url'] !== undefined) return checkedUrl('--base-url', flags['base-url']);
  if (flagRegion !== undefined) return flagRegion;
  const envBaseUrl = nonEmpty(env.PUSH_BASE_URL);
  if (envBaseUrl !== undefined) return checkedUrl('PUSH_BASE_URL', envBaseUrl);
  const envRegion = nonEmpty(env.PUSH_REGION);
  if (envRegion !== undefined) return regionUrl('PUSH_REGION', envRegion);
  if (profile['base-url'] !== undefined) return checkedUrl(`profile "${profileName}" base-url`, profile['base-url']);
  if (profile.region !== undefined) return regionUrl(`profile "${profileName}" region`, profile.region);
  return REGIONS.sgp;
}

/** A secret file's content, without the line end editors and `echo` add. */
async function readSecret(source: string, path: string, io: Io): Promise<string> {
  const secret = (await readInput(io, path, source)).replace(/\r?\n$/, '');
  if (secret === '') throw new UsageError(`${source}: ${inputName(path)} is empty`);
  return secret;
}

/** The Master Secret: --master-secret, --master-secret-file, PUSH_MASTER_SECRET, then the profile's. */
async function masterSecretOf(flags: Flags, io: Io, profile: Profile, profileName: string): Promise<string | undefined> {
  const flag = nonEmpty(flags['master-secret']);
  if (flag !== undefined) return flag;
  if (flags['master-secret-file'] !== undefined) return readSecret('--master-secret-file', flags['master-secret-file'], io);
  const env = nonEmpty(io.env.PUSH_MASTER_SECRET);
  if (env !== undefined) return env;
  if (profile['master-secret'] !== undefined) return profile['master-secret'];
  if (profile['master-secret-file'] !== undefined) {
    return readSecret(`profile "${profileName}" master-secret-file`, profile['master-secret-file'], io);
  }
  return undefined;
}

/**
 * The client's log, always on stderr (stdout is for results): every attempt with
 * PUSH_API_DEBUG=api, else what PUSH_API_LOG asks the client for. A line never carries a
 * secret: the client logs no header.
 */
function logOptions(io: Io): Pick<PushClientOptions, 'logLevel' | 'logger'> {
  const write = (message: string) => io.stderr.write(`${message}\n`);
  const logger: Logger = { debug: write, info: write, warn: write, error: write };
  const traced = (io.env.PUSH_API_DEBUG ?? '').split(',').includes('api');
  return traced ? { logLevel: 'debug', logger } : { logger };
}

/** The client's settings, and the retries the CLI itself needs to know. */
export type Settings = PushClientOptions & { retries: number; profile: string };

/**
 * The client's settings from the flags, which win, the environment and the profile. Throws
 * UsageError for a bad value or missing credentials.
 */
export async function clientSettings(flags: Flags, io: Io): Promise<Settings> {
  const { name, profile } = await selectedProfile(flags.profile, io);
  const baseUrl = baseUrlOf(flags, io.env, profile, name);
  const timeout = flags.timeout ?? profile.timeout;
  const from = (flag: 'timeout' | 'retries') => (flags[flag] === undefined ? `profile "${name}" ${flag}` : `--${flag}`);
  const timeoutMs = timeout === undefined ? undefined : integerFlag(from('timeout'), timeout, 0, MAX_TIMEOUT_MS);
  const retryText = flags.retries ?? profile.retries;
  const retries = retryText === undefined ? DEFAULT_RETRIES : integerFlag(from('retries'), retryText, 0, MAX_RETRIES);
  const appKey = nonEmpty(flags['app-key']) ?? nonEmpty(io.env.PUSH_APP_KEY) ?? profile['app-key'];
  const masterSecret = await masterSecretOf(flags, io, profile, name);
  const where =
    'set PUSH_APP_KEY and PUSH_MASTER_SECRET, pass --app-key and --master-secret-file, or keep them in a profile (push-api config --help)';
  if (appKey === undefined && masterSecret === undefined) throw new UsageError(`missing credentials: ${where}`);
  if (appKey === undefined) throw new UsageError(`missing the AppKey: ${where}`);
  if (masterSecret === undefined) throw new UsageError(`missing the Master Secret: ${where}`);
  return {
    appKey,
    masterSecret,
    baseUrl,
    retries,
    profile: name,
    ...(timeoutMs !== undefined && { timeoutMs }),
    userAgent: `push-api-cli/${CLI_VERSION}`,
    ...logOptions(io),
  };
}
