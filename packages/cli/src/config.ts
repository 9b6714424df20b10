// Profiles: named sets of settings (an app's credentials, its region or address, timeouts) in
// one JSON file of the XDG config folder, so that several apps in several regions need no
// variables in every shell. What a profile may hold (PROFILE_KEYS), where the file is
// (configPath), and reading and writing it. settings.ts decides what wins over a profile.
import { join } from 'node:path';
import { REGIONS } from '@push-api/client';
import { UsageError } from './exit.js';
import type { Io } from './io.js';

/** What a profile may hold, each with what it means (for `config --help` and errors). */
export const PROFILE_KEYS = {
  'app-key': "the app's AppKey",
  'master-secret': 'its Master Secret (the file is written readable by you only)',
  'master-secret-file': 'a file holding the Master Secret instead (e.g. a mounted secret)',
  'base-url': "the API's base URL, e.g. http://127.0.0.1:8080",
  region: `the data centre: ${Object.keys(REGIONS).join(', ')}`,
  timeout: 'time allowed to each attempt, in ms',
  retries: 'retries of network errors, timeouts and 408/429/502/503/504',
} as const;

export type ProfileKey = keyof typeof PROFILE_KEYS;
export type Profile = Partial<Record<ProfileKey, string>>;

/** The file's content: `{"profiles": {"default": {"app-key": "…", "region": "hk"}, …}}`. */
export interface ConfigFile {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';

/** Secrets are never printed by `config list`. */
export const SECRET_KEYS: readonly ProfileKey[] = ['master-secret'];

export function isProfileKey(key: string): key is ProfileKey {
  return Object.hasOwn(PROFILE_KEYS, key);
}

/**
 * `$XDG_CONFIG_HOME/push-api/config.json`, else `~/.config/push-api/config.json`, else
 * (Windows) `%APPDATA%\push-api\config.json`; undefined when none of them is set.
 */
export function configPath(env: Io['env']): string | undefined {
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'push-api', 'config.json');
  if (env.HOME) return join(env.HOME, '.config', 'push-api', 'config.json');
  if (env.APPDATA) return join(env.APPDATA, 'push-api', 'config.json');
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The config file, or no profiles when it does not exist. Throws UsageError when it cannot be read or is malformed. */
export async function readConfig(io: Io): Promise<ConfigFile> {
  const path = configPath(io.env);
  if (path === undefined) return { profiles: {} };
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { profiles: {} };
    throw new UsageError(`cannot read the config file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `the config file ${path} is not JSON (${error instanceof Error ? error.message : String(error)}): fix or remove it`,
    );
  }
  const profiles = isRecord(parsed) ? parsed.profiles : undefined;
  if (!isRecord(profiles)) throw new UsageError(`the config file ${path} has no "profiles" object: fix or remove it`);
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isRecord(profile)) throw new UsageError(`the config file ${path}: profile "${name}" is not an object`);
    for (const [key, value] of Object.entries(profile)) {
      if (!isProfileKey(key) || typeof value !== 'string') {
        throw new UsageError(
          `the config file ${path}: profile "${name}" has ${isProfileKey(key) ? `a non-string ${key}` : `an unknown key "${key}"`}`,
        );
      }
    }
  }
  return { profiles: profiles as Record<string, Profile> };
}

/** Writes the config file (readable by its owner only), creating its folder. */
export async function writeConfig(io: Io, config: ConfigFile): Promise<string> {
  const path = configPath(io.env);
  if (path === undefined) throw new UsageError('no config folder: set XDG_CONFIG_HOME or HOME');
  await io.writePrivateFile(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

/** The profile named by `--profile`, else by PUSH_PROFILE; undefined when neither names one. */
export const namedProfile = (flag: string | undefined, env: Io['env']): string | undefined => flag ?? (env.PUSH_PROFILE || undefined);

/**
 * The profile to use: `--profile`, else PUSH_PROFILE, else "default". A profile named on
 * the command line or in the environment must exist; "default" may be absent (no settings).
 */
export async function selectedProfile(flag: string | undefined, io: Io): Promise<{ name: string; profile: Profile }> {
  const named = namedProfile(flag, io.env);
  const name = named ?? DEFAULT_PROFILE;
  const { profiles } = await readConfig(io);
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (profile === undefined && named !== undefined) {
    const source = flag === undefined ? 'PUSH_PROFILE' : '--profile';
    const known = Object.keys(profiles);
    throw new UsageError(
      `${source}: no profile "${name}" in ${configPath(io.env) ?? 'the config file'} (${known.length === 0 ? 'no profiles yet: push-api config set --profile <name> <key> <value>' : `profiles: ${known.join(', ')}`})`,
    );
  }
  return { name, profile: profile ?? {} };
}
