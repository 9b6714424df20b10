// The command line: which flags exist and which command takes which (parseCommandLine), and
// how the flags and the environment become the client's settings (clientOptions).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { REGIONS, type PushClientOptions, type Region } from '@push-api/client';
import { UsageError } from './exit.js';
import type { Io } from './io.js';
import { CLI_VERSION } from './version.js';

/** Every flag of every command. GLOBAL_FLAGS and COMMAND_FLAGS say where each is allowed. */
const FLAGS = {
  'app-key': { type: 'string' },
  'master-secret': { type: 'string' },
  'base-url': { type: 'string' },
  region: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  // withdraw
  concurrency: { type: 'string' },
  // push
  alert: { type: 'string' },
  to: { type: 'string' },
  cid: { type: 'string' },
  platform: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export type FlagName = keyof typeof FLAGS;

/** The flags given, by name (absent when not given). */
export type Flags = { [K in FlagName]?: (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

/** Flags every command takes. */
export const GLOBAL_FLAGS: readonly FlagName[] = [
  'app-key',
  'master-secret',
  'base-url',
  'region',
  'timeout',
  'retries',
  'json',
  'help',
  'version',
];

export const COMMAND_NAMES = ['withdraw', 'push', 'validate'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Other names of commands. */
const ALIASES: Readonly<Record<string, CommandName>> = { recall: 'withdraw' };

/** The flags of each command, beside the global ones. */
export const COMMAND_FLAGS: Readonly<Record<CommandName, readonly FlagName[]>> = {
  withdraw: ['concurrency'],
  push: ['alert', 'to', 'cid', 'platform'],
  validate: [],
};

/** What the command line asks for. */
export type CommandLine =
  { kind: 'help'; command?: CommandName } | { kind: 'version' } | { kind: 'run'; command: CommandName; args: string[]; flags: Flags };

export type RunLine = Extract<CommandLine, { kind: 'run' }>;

/** The command a name (or alias) names, or undefined. */
export function commandNamed(name: string): CommandName | undefined {
  return (COMMAND_NAMES as readonly string[]).includes(name) ? (name as CommandName) : ALIASES[name];
}

function knownCommand(name: string): CommandName {
  const command = commandNamed(name);
  if (command === undefined) throw new UsageError(`unknown command "${name}" (commands: ${COMMAND_NAMES.join(', ')})`);
  return command;
}

/** Reads the arguments (without `node` and the script). Throws UsageError. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(
      parseArgsMessage(error),
      argv.map(commandNamed).find((name) => name !== undefined),
    );
  }
  const { values, positionals, tokens } = parsed;
  const [first, ...rest] = positionals;

  if (first === 'help') {
    const [topic, ...extra] = rest;
    if (extra.length > 0) throw new UsageError('help takes at most one command');
    return topic === undefined ? { kind: 'help' } : { kind: 'help', command: knownCommand(topic) };
  }
  if (first === undefined) {
    if (values.help === true) return { kind: 'help' };
    if (values.version === true) return { kind: 'version' };
    throw new UsageError(`missing command (commands: ${COMMAND_NAMES.join(', ')})`);
  }
  const command = knownCommand(first);
  if (values.help === true) return { kind: 'help', command };
  if (values.version === true) return { kind: 'version' };

  const allowed = [...GLOBAL_FLAGS, ...COMMAND_FLAGS[command]] as readonly string[];
  for (const token of tokens) {
    if (token.kind === 'option' && !allowed.includes(token.name)) {
      throw new UsageError(`${token.rawName} is not an option of "${command}"`, command);
    }
  }
  return { kind: 'run', command, args: rest, flags: values };
}

/** node:util's parse errors, without the advice about positionals that start with `-`. */
function parseArgsMessage(error: unknown): string {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string' || !error.code.startsWith('ERR_PARSE_ARGS')) {
    throw error;
  }
  return error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? (error.message.split('. ')[0] ?? error.message) : error.message;
}

/** A flag's whole-number value within [min, max]. */
export function integerFlag(name: string, text: string, min: number, max: number): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

function regionUrl(source: string, name: string): string {
  if (!Object.hasOwn(REGIONS, name)) {
    throw new UsageError(`${source}: unknown region "${name}" (regions: ${Object.keys(REGIONS).join(', ')})`);
  }
  return REGIONS[name as Region];
}

function checkedUrl(source: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source}: "${text}" is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source}: "${text}" is not an http(s) URL`);
  return text.replace(/\/+$/, '');
}

/**
 * Where to send requests: `--base-url`, else `--region`, else PUSH_BASE_URL, else
 * PUSH_REGION, else Singapore. A region given is checked even when a base URL wins.
 */
export function baseUrlOf(flags: Flags, env: Io['env']): string {
  const flagRegion = flags.region === undefined ? undefined : regionUrl('--region', flags.region);
  if (flags['base-url'] !== undefined) return checkedUrl('--base-url', flags['base-url']);
  if (flagRegion !== undefined) return flagRegion;
  const envBaseUrl = nonEmpty(env.PUSH_BASE_URL);
  if (envBaseUrl !== undefined) return checkedUrl('PUSH_BASE_URL', envBaseUrl);
  const envRegion = nonEmpty(env.PUSH_REGION);
  return envRegion === undefined ? REGIONS.sgp : regionUrl('PUSH_REGION', envRegion);
}

/** Retries when --retries is not given (the client's default). */
export const DEFAULT_RETRIES = 2;

/**
 * The client's settings from the flags, which win, and the environment. Throws UsageError
 * for a bad value or missing credentials.
 */
export function clientOptions(flags: Flags, env: Io['env']): PushClientOptions & { retries: number } {
  const baseUrl = baseUrlOf(flags, env);
  const timeoutMs = flags.timeout === undefined ? undefined : integerFlag('--timeout', flags.timeout, 0, 2_147_483_647);
  const retries = flags.retries === undefined ? DEFAULT_RETRIES : integerFlag('--retries', flags.retries, 0, 10);
  const appKey = nonEmpty(flags['app-key']) ?? nonEmpty(env.PUSH_APP_KEY);
  const masterSecret = nonEmpty(flags['master-secret']) ?? nonEmpty(env.PUSH_MASTER_SECRET);
  if (appKey === undefined && masterSecret === undefined) {
    throw new UsageError('missing credentials: set PUSH_APP_KEY and PUSH_MASTER_SECRET (or pass --app-key and --master-secret)');
  }
  if (appKey === undefined) throw new UsageError('missing the AppKey: set PUSH_APP_KEY (or pass --app-key)');
  if (masterSecret === undefined) throw new UsageError('missing the Master Secret: set PUSH_MASTER_SECRET (or pass --master-secret)');
  return {
    appKey,
    masterSecret,
    baseUrl,
    retries,
    ...(timeoutMs !== undefined && { timeoutMs }),
    userAgent: `push-api-cli/${CLI_VERSION}`,
  };
}
