// The help texts: `push-api --help` (globalHelp) and `push-api <command> --help` or
// `push-api help <command>` (commandHelp). Each is complete on its own: usage, flags,
// environment, exit statuses and examples.
import { REGIONS } from '@push-api/client';
import { SHELLS } from './commands/completion.js';
import { CONFIG_ACTIONS } from './commands/config.js';
import { PLATFORMS } from './commands/push.js';
import { CONFIRM_ABOVE, DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './commands/withdraw.js';
import { PROFILE_KEYS } from './config.js';
import type { CommandName } from './options.js';
import { DEFAULT_RETRIES, MAX_RETRIES } from './settings.js';

const regions = Object.keys(REGIONS).join(', ');

const API_OPTIONS = `Options of withdraw, push and validate:
  --profile <name>         the profile of the config file to use (default: $PUSH_PROFILE,
                           else "default"; see push-api config --help)
  --app-key <key>          the app's AppKey (default: $PUSH_APP_KEY)
  --master-secret-file <f> a file holding the Master Secret ("-": stdin); or set
                           $PUSH_MASTER_SECRET, or keep it in a profile
  --master-secret <secret> the Master Secret itself (avoid: a flag shows in "ps")
  --base-url <url>         the API's base URL, e.g. http://127.0.0.1:8080
                           (default: $PUSH_BASE_URL; wins over --region)
  --region <name>          data centre: ${regions} (default: sgp)
  --timeout <ms>           time allowed to each attempt (default 30000; 0: no limit)
  --retries <n>            retries of network errors, timeouts and 408/429/502/503/504
                           (default ${DEFAULT_RETRIES}; 0 to ${MAX_RETRIES}; never of another refusal)
  --json                   print exactly one JSON document on stdout instead of text
  -q, --quiet              print only failures (and what a command exists to print)
  -h, --help               print the help (also: push-api help <command>)
  --version                print the version`;

const ENVIRONMENT = `Environment:
  PUSH_APP_KEY, PUSH_MASTER_SECRET   the credentials (flags win)
  PUSH_BASE_URL                      the base URL (--base-url and --region win)
  PUSH_REGION                        the data centre, when no base URL is set
  PUSH_PROFILE                       the profile, when --profile is not given
  PUSH_API_DEBUG=api                 trace every attempt on stderr (method, path, status,
                                     time, the wait before a retry; never a secret)
Settings come from the flags, else the environment, else the profile.`;

const EXIT_STATUS = `Exit status:
  0    everything asked was done
  1    the API refused something (its code and message are printed, e.g.
       "21003 Parameter value is invalid,msg_id has been withdrawn"), or no answer came
       (network error, timeout)
  2    bad usage: unknown command or option, missing or bad argument, missing
       credentials, a file that cannot be read or is not JSON (nothing was sent)
  4    the API refused the credentials (401): a wrong AppKey or Master Secret, or
       another region's app
  130  interrupted (Ctrl-C)`;

const OUTPUT = `Output: results on stdout, errors and the progress line on stderr. With --json, stdout
holds one JSON document whenever the exit status is 0, 1 or 4; errors are
{"error": {"status", "code", "reason", "message", "requestId"}}.`;

export function globalHelp(): string {
  return `push-api: the Push API from the command line. Recall (withdraw) pushed messages,
push, validate.

Usage:
  push-api <command> [options]
  push-api help [<command>]

Commands:
  withdraw <msg_id>…      recall pushed messages, ${DEFAULT_CONCURRENCY} at a time ("-": ids from stdin)
                          (alias: recall)
  push --alert <text>     push a notification; prints its msg_id (or --file body.json)
  validate <file.json>    check a push body without sending it
  config set|get|…        profiles: an app's credentials and region, by name
  completion <shell>      a completion script for ${SHELLS.join(', ')}

${API_OPTIONS}

${ENVIRONMENT}

${EXIT_STATUS}

${OUTPUT}

Examples:
  export PUSH_BASE_URL=http://127.0.0.1:8080 PUSH_APP_KEY=… PUSH_MASTER_SECRET=…
  push-api withdraw 1828256757                        wrong push: recall it now
  push-api config set --profile shop-hk region hk     a profile per app and region
  push-api withdraw --profile shop-hk 1828256757
  push-api withdraw --concurrency 32 - < msg_ids.txt  recall many, one id per line
  id=$(push-api push --alert "Sale ends at noon")     push, keep the msg_id
  push-api validate push.json --json                  check a body, answer as JSON
  push-api withdraw --dry-run - < msg_ids.txt         the plan; sends nothing

Run "push-api help <command>" for a command's flags and output.
`;
}

interface CommandHelp {
  usage: string;
  description: string;
  options: string;
  output: string;
  examples: string;
}

const COMMANDS: Readonly<Record<CommandName, CommandHelp>> = {
  withdraw: {
    usage: `push-api withdraw [options] <msg_id>…
  push-api withdraw [options] -          (the msg_ids on stdin, one per line)`,
    description: `Recalls (withdraws) each pushed message: DELETE /v4/push/withdraw/{msg_id}. A message
can be recalled once, within one day of its push. The ids are sent ${DEFAULT_CONCURRENCY} at a time
(--concurrency), at most the API's 500 a second; one 429 pauses them all until its
Retry-After; a repeated id is sent once; refused credentials stop the run. On a terminal,
more than ${CONFIRM_ABOVE} ids are recalled only once you confirm (never asked in a pipe or a
script). Also: push-api recall.`,
    options: `Options:
  --concurrency <n>        recalls in flight at once, 1 to ${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY})
  --dry-run                check and dedupe the ids, print the plan (the ids on stdout,
                           the app and address on stderr); send nothing
  -y, --yes                do not ask for a confirmation
  --json-lines             one JSON line per msg_id as it completes, then {"summary": …}
  --only-failed <results>  re-run the failures of an earlier --json or --json-lines
                           output ("-": stdin): all but already recalled, expired, not
                           found and not numeric
  --ok-if-recalled         exit 0 when every msg_id is recalled now, by this run or an
                           earlier one (a re-run of a partly done recall)`,
    output: `Output: "recalled <msg_id>" for each one recalled (stdout), "<msg_id>: <what>:
<code> <message>" for each one that was not (stderr), then a summary (stdout): recalled,
already recalled, expired, not found, other failures. On a terminal, stderr shows
"12/40 done" as they finish. With --json, one document:
  {"results": [{"msg_id", "ok", "status", "code", "reason", "message", "requestId"}…],
   "summary": {"total", "recalled", "alreadyRecalled", "expired", "notFound", "failed"}}
Exit status 0 only when every msg_id was recalled by this run (or, with
--ok-if-recalled, before); 1 when any was not; 4 when the credentials were refused.`,
    examples: `Examples:
  push-api withdraw 1828256757
  push-api withdraw 1828256757 1828256758 1828256759
  push-api withdraw --concurrency 32 - < msg_ids.txt
  push-api withdraw --json 1828256757 | jq .summary
  push-api withdraw --json-lines --yes - < msg_ids.txt > run1.jsonl
  push-api withdraw --only-failed run1.jsonl --ok-if-recalled   re-run what failed`,
  },
  push: {
    usage: `push-api push --alert <text> [--to all | --to <registration_id>[,…]]
                [--platform all | <platform>[,…]] [--cid <id>] [options]
  push-api push --file <body.json> [options]     (a whole request; "-": stdin)`,
    description: `Pushes a notification (POST /v4/push) and prints its msg_id, the id to recall it with.
With --file, the file's JSON is the request, sent as it is, as push-api validate sends it
(a file that cannot be read or is not JSON exits 2 without sending anything).`,
    options: `Options:
  --alert <text>           the notification's text (required)
  --to <audience>          "all" (default), or registration ids separated by commas
  --platform <list>        "all" (default), or some of ${PLATFORMS.join(', ')}, with commas
  --cid <id>               idempotency key: a repeated cid answers the first push's
                           msg_id and pushes nothing again (letters, digits, _ and -;
                           at most 64). Without it, one is made up when --retries is
                           above 0, so that a retry never pushes twice (also for --file)
  -f, --file <body.json>   the whole request body instead of the flags above`,
    output: `Output: the msg_id (stdout). With --json, the API's answer: {"request_id", "msg_id"}.`,
    examples: `Examples:
  push-api push --alert "Your order has shipped"
  push-api push --alert "Hi" --to 1a0018970a2b3c4d,1a0018970a2b3c4e --platform ios
  id=$(push-api push --alert "Sale ends at noon") && push-api withdraw "$id"
  push-api validate body.json && push-api push --file body.json`,
  },
  validate: {
    usage: `push-api validate [options] <file.json>
  push-api validate [options] -          (the body on stdin)`,
    description: `Sends the file's JSON, a push request body, to POST /v4/push/validate: the API
checks it as it would check a push, and delivers nothing. The body is sent as it is
(judging it is the API's job); a file that cannot be read or is not JSON exits 2
without sending anything.`,
    options: `Options: only those of every command.`,
    output: `Output: "valid" (stdout), or the API's code and message (stderr) and exit
status 1. With --json, the API's answer ({"request_id", "msg_id"}, a placeholder
msg_id) or {"error": …}.`,
    examples: `Examples:
  push-api validate push.json
  echo '{"to":"all","body":{"platform":"all","notification":{"alert":"hi"}}}' |
    push-api validate -`,
  },
  config: {
    usage: `push-api config set [--profile <name>] <key> <value>   ("-": the value from stdin)
  push-api config get [--profile <name>] <key>
  push-api config unset [--profile <name>] <key>
  push-api config list [--json]
  push-api config path`,
    description: `Profiles: named settings of the config file ($XDG_CONFIG_HOME/push-api/config.json, else
~/.config/push-api/config.json), written readable by you only. withdraw, push and
validate use the profile of --profile, else $PUSH_PROFILE, else "default"; a flag or an
environment variable wins over the profile's value. Actions: ${CONFIG_ACTIONS.join(', ')}.`,
    options: `Keys:
${Object.entries(PROFILE_KEYS)
  .map(([key, meaning]) => `  ${key.padEnd(20)} ${meaning}`)
  .join('\n')}
Options:
  --profile <name>         the profile to change or read (default: $PUSH_PROFILE, else
                           "default")
  --json                   list as one JSON document
  -q, --quiet              print nothing on success`,
    output: `Output: get prints the value; list prints each profile, a secret as "(set)".`,
    examples: `Examples:
  push-api config set --profile shop-hk app-key 3b2a6f0c1d9e4f5a6b7c8d9e
  push-api config set --profile shop-hk master-secret - < secret.txt
  push-api config set --profile shop-hk region hk
  PUSH_PROFILE=shop-hk push-api withdraw 1828256757`,
  },
  completion: {
    usage: `push-api completion <${SHELLS.join('|')}>`,
    description: `Prints a script that completes push-api's commands, flags, regions and config keys.`,
    options: `Options: none.`,
    output: `Output: the script (stdout).`,
    examples: `Examples:
  source <(push-api completion bash)                       in ~/.bashrc
  source <(push-api completion zsh)                        in ~/.zshrc
  push-api completion fish > ~/.config/fish/completions/push-api.fish`,
  },
};

const API_COMMANDS: readonly CommandName[] = ['withdraw', 'push', 'validate'];

export function commandHelp(command: CommandName): string {
  const help = COMMANDS[command];
  return `Usage:
  ${help.usage}

${help.description}

${help.options}
${API_COMMANDS.includes(command) ? `\n${API_OPTIONS}\n\n${ENVIRONMENT}\n` : ''}
${help.output}

${EXIT_STATUS}

${help.examples}
`;
}
