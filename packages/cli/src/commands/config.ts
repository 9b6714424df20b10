// `push-api config set|get|unset|list|path`: the profiles of the config file (config.ts).
// `set` checks a value as it would be checked when used; `list` never prints a secret.
import {
  configPath,
  DEFAULT_PROFILE,
  isProfileKey,
  namedProfile,
  PROFILE_KEYS,
  readConfig,
  SECRET_KEYS,
  writeConfig,
  type ProfileKey,
} from '../config.js';
import { ExitCode, UsageError } from '../exit.js';
import type { Io } from '../io.js';
import type { RunLine } from '../options.js';
import { printJson } from '../output.js';
import { checkProfileValue } from '../settings.js';

export const CONFIG_ACTIONS = ['set', 'get', 'unset', 'list', 'path'] as const;

const usage = (text: string) => new UsageError(text, 'config');

function keyOf(text: string | undefined): ProfileKey {
  if (text === undefined) throw usage(`missing the key (keys: ${Object.keys(PROFILE_KEYS).join(', ')})`);
  if (!isProfileKey(text)) throw usage(`unknown key "${text}" (keys: ${Object.keys(PROFILE_KEYS).join(', ')})`);
  return text;
}

function expectArgs(action: string, args: readonly string[], count: number): void {
  if (args.length > count)
    throw usage(`config ${action} takes ${count === 0 ? 'no argument' : `${count} argument${count === 1 ? '' : 's'}`}`);
}

const PROFILE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export async function config(line: RunLine, io: Io): Promise<ExitCode> {
  const [action, ...args] = line.args;
  const profileName = namedProfile(line.flags.profile, io.env) ?? DEFAULT_PROFILE;
  if (!PROFILE_NAME.test(profileName)) throw usage(`a profile's name is 1 to 64 letters, digits, ".", "_" or "-", not "${profileName}"`);
  switch (action) {
    case 'path': {
      expectArgs(action, args, 0);
      const path = configPath(io.env);
      if (path === undefined) throw usage('no config folder: set XDG_CONFIG_HOME or HOME');
      io.stdout.write(`${path}\n`);
      return ExitCode.ok;
    }
    case 'list': {
      expectArgs(action, args, 0);
      const { profiles } = await readConfig(io);
      const shown = Object.fromEntries(
        Object.entries(profiles).map(([name, profile]) => [
          name,
          Object.fromEntries(
            Object.entries(profile).map(([key, value]) => [key, SECRET_KEYS.includes(key as ProfileKey) ? '(set)' : value]),
          ),
        ]),
      );
      if (line.flags.json === true) printJson(io.stdout, { path: configPath(io.env), profiles: shown });
      else if (Object.keys(shown).length === 0)
        io.stderr.write(`push-api: no profiles yet (${configPath(io.env) ?? 'no config folder'})\n`);
      else {
        for (const [name, profile] of Object.entries(shown)) {
          io.stdout.write(
            `[${name}]\n${Object.entries(profile)
              .map(([key, value]) => `  ${key} = ${value}\n`)
              .join('')}`,
          );
        }
      }
      return ExitCode.ok;
    }
    case 'get': {
      const key = keyOf(args[0]);
      expectArgs(action, args, 1);
      const value = (await readConfig(io)).profiles[profileName]?.[key];
      if (value === undefined) {
        io.stderr.write(`push-api: profile "${profileName}" has no ${key}\n`);
        return ExitCode.failed;
      }
      io.stdout.write(`${value}\n`);
      return ExitCode.ok;
    }
    case 'set': {
      const key = keyOf(args[0]);
      let value = args[1];
      if (value === undefined)
        throw usage(
          `missing the value: push-api config set ${key} <value>${SECRET_KEYS.includes(key) ? ' (or "-" to read it from stdin)' : ''}`,
        );
      expectArgs(action, args, 2);
      if (value === '-') value = (await io.readStdin()).replace(/\r?\n$/, '');
      checkProfileValue(key, value);
      const file = await readConfig(io);
      const profile = { ...file.profiles[profileName], [key]: value };
      // One way to the secret per profile: setting one forgets the other.
      if (key === 'master-secret') delete profile['master-secret-file'];
      if (key === 'master-secret-file') delete profile['master-secret'];
      const path = await writeConfig(io, { profiles: { ...file.profiles, [profileName]: profile } });
      if (line.flags.quiet !== true) io.stderr.write(`push-api: profile "${profileName}": ${key} set (${path})\n`);
      return ExitCode.ok;
    }
    case 'unset': {
      const key = keyOf(args[0]);
      expectArgs(action, args, 1);
      const file = await readConfig(io);
      const profile = file.profiles[profileName];
      if (profile?.[key] === undefined) {
        io.stderr.write(`push-api: profile "${profileName}" has no ${key}\n`);
        return ExitCode.ok;
      }
      const rest = Object.fromEntries(Object.entries(profile).filter(([name]) => name !== key));
      // A profile left with no key is removed.
      const others = Object.entries(file.profiles).filter(([name]) => name !== profileName);
      const profiles = Object.fromEntries(Object.keys(rest).length === 0 ? others : [...others, [profileName, rest]]);
      await writeConfig(io, { profiles });
      return ExitCode.ok;
    }
    case undefined:
      throw usage(`missing what to do: push-api config ${CONFIG_ACTIONS.join('|')}`);
    default:
      throw usage(`unknown "config ${action}" (push-api config ${CONFIG_ACTIONS.join('|')})`);
  }
}
