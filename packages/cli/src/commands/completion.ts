// `push-api completion bash|zsh|fish`: a completion script for the shell, made from the
// command line's own tables (options.ts), so it names exactly the commands and flags that exist.
import { REGIONS } from '@push-api/client';
import { PROFILE_KEYS } from '../config.js';
import { ExitCode, UsageError } from '../exit.js';
import type { Io } from '../io.js';
import {
  ALIASES,
  COMMAND_FLAGS,
  COMMAND_NAMES,
  flagSpelling,
  GLOBAL_FLAGS,
  type CommandName,
  type FlagName,
  type RunLine,
} from '../options.js';
import { CONFIG_ACTIONS } from './config.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** Flags whose value is a file name. */
const FILE_FLAGS: readonly FlagName[] = ['file', 'master-secret-file', 'only-failed'];

/** The words that may follow a command (its actions or arguments), beside its flags. */
const WORDS: Partial<Record<CommandName, readonly string[]>> = { config: CONFIG_ACTIONS, completion: SHELLS };

/** Each command with its aliases, and its flags (long and short). */
function table() {
  return COMMAND_NAMES.map((command) => {
    const names = [command, ...Object.keys(ALIASES).filter((alias) => ALIASES[alias] === command)];
    const flags = [...GLOBAL_FLAGS, ...COMMAND_FLAGS[command]].map(flagSpelling);
    return { command, names, flags, words: WORDS[command] ?? [] };
  });
}

const regions = Object.keys(REGIONS).join(' ');
const keys = Object.keys(PROFILE_KEYS).join(' ');
const fileFlags = FILE_FLAGS.map((name) => flagSpelling(name).long).join('|');

function bash(): string {
  const cases = table()
    .map(({ names, flags, words }) => {
      const list = [...words, ...flags.flatMap((flag) => [flag.long, ...(flag.short ? [flag.short] : [])])].join(' ');
      return `    ${names.join('|')}) words="${list}" ;;`;
    })
    .join('\n');
  const commands = [...COMMAND_NAMES, ...Object.keys(ALIASES), 'help'].join(' ');
  return `# push-api completion for bash: add to ~/.bashrc
#   source <(push-api completion bash)
_push_api() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="" word words i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) ;; *) command="$word"; break ;; esac
  done
  case "$prev" in
    --region) COMPREPLY=($(compgen -W "${regions}" -- "$cur")); return ;;
    ${fileFlags}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ "$command" == config && "$prev" =~ ^(set|get|unset)$ ]]; then
    COMPREPLY=($(compgen -W "${keys}" -- "$cur")); return
  fi
  case "$command" in
    "") words="${commands} --help --version" ;;
${cases}
    help) words="${COMMAND_NAMES.join(' ')}" ;;
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _push_api push-api
`;
}

function zsh(): string {
  // zsh runs the bash function through its bashcompinit layer: one script to keep right.
  return `# push-api completion for zsh: add to ~/.zshrc
#   source <(push-api completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash().split('\n').slice(2).join('\n')}`;
}

const quoted = (text: string) => `'${text.replaceAll("'", "\\'")}'`;

function fish(): string {
  const lines = ['# push-api completion for fish: save as ~/.config/fish/completions/push-api.fish', 'complete -c push-api -f'];
  const all = table();
  const commandWords = [...all.flatMap(({ names }) => names), 'help'].join(' ');
  for (const { names } of all)
    lines.push(`complete -c push-api -n "not __fish_seen_subcommand_from ${commandWords}" -a ${quoted(names.join(' '))}`);
  lines.push(`complete -c push-api -n "not __fish_seen_subcommand_from ${commandWords}" -a help`);
  for (const { names, flags, words } of all) {
    const when = `__fish_seen_subcommand_from ${names.join(' ')}`;
    if (words.length > 0) lines.push(`complete -c push-api -n ${quoted(when)} -a ${quoted(words.join(' '))}`);
    for (const flag of flags) {
      const name = flag.long.slice(2);
      const value = !flag.takesValue
        ? ''
        : name === 'region'
          ? ` -x -a ${quoted(regions)}`
          : FILE_FLAGS.includes(name as FlagName)
            ? ' -r -F'
            : ' -x';
      lines.push(`complete -c push-api -n ${quoted(when)} -l ${name}${flag.short ? ` -s ${flag.short.slice(1)}` : ''}${value}`);
    }
  }
  lines.push(`complete -c push-api -n '__fish_seen_subcommand_from set get unset' -a ${quoted(keys)}`);
  return `${lines.join('\n')}\n`;
}

const SCRIPTS: Readonly<Record<Shell, () => string>> = { bash, zsh, fish };

export function completion(line: RunLine, io: Io): Promise<ExitCode> {
  const [shell, ...extra] = line.args;
  if (shell === undefined || !(SHELLS as readonly string[]).includes(shell) || extra.length > 0) {
    throw new UsageError(
      `completion takes one shell: ${SHELLS.join(', ')}${shell === undefined ? '' : ` (not "${line.args.join(' ')}")`}`,
      'completion',
    );
  }
  io.stdout.write(SCRIPTS[shell as Shell]());
  return Promise.resolve(ExitCode.ok);
}
