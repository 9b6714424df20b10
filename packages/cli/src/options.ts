// The command line: which flags exist and which command takes which (parseCommandLine).
// How flags, the environment and a profile become the client's settings is settings.ts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit.js';

/** Every flag of every command. GLOBAL_FLAGS, API_FLAGS and COMMAND_FLAGS say where each is allowed. */
const FLAGS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  // the commands that call the API
  profile: { type: 'string' },
  'app-key': { type: 'string' },
  'master-secret': { type: 'string' },
  'master-secret-file': { type: 'string' },
  'base-url': { type: 'string' },
  region: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  // withdraw
  concurrency: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'json-lines': { type: 'boolean' },
  'only-failed': { type: 'string' },
  'ok-if-recalled': { type: 'boolean' },
  // push
  alert: { type: 'string' },
  to: { type: 'string' },
  cid: { type: 'string' },
  platform: { type: 'string' },
  file: { type: 'string', short: 'f' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export type FlagName = keyof typeof FLAGS;

/** The flags given, by name (absent when not given). */
export type Flags = { [K in FlagName]?: (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

/** How each flag is written on the command line (`-q, --quiet`), for the help and completion. */
export const flagSpelling = (name: FlagName): { long: string; short?: string; takesValue: boolean } => {
  const flag: { type: string; short?: string } = FLAGS[name];
  return { long: `--${name}`, ...(flag.short !== undefined && { short: `-${flag.short}` }), takesValue: flag.type === 'string' };
};

/** Flags every command takes. */
export const GLOBAL_FLAGS: readonly FlagName[] = ['help', 'version'];

/** Flags of the commands that call the API (withdraw, push, validate). */
export const API_FLAGS: readonly FlagName[] = [
  'profile',
  'app-key',
  'master-secret',
  'master-secret-file',
  'base-url',
  'region',
  'timeout',
  'retries',
  'json',
  'quiet',
];

export const COMMAND_NAMES = ['withdraw', 'push', 'validate', 'config', 'completion'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Other names of commands. */
export const ALIASES: Readonly<Record<string, CommandName>> = { recall: 'withdraw' };

/** The flags of each command, beside GLOBAL_FLAGS. */
export const COMMAND_FLAGS: Readonly<Record<CommandName, readonly FlagName[]>> = {
  withdraw: [...API_FLAGS, 'concurrency', 'dry-run', 'yes', 'json-lines', 'only-failed', 'ok-if-recalled'],
  push: [...API_FLAGS, 'alert', 'to', 'cid', 'platform', 'file'],
  validate: API_FLAGS,
  config: ['profile', 'json', 'quiet'],
  completion: [],
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
