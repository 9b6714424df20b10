// The help texts: `push-api --help` (globalHelp) and `push-api <command> --help` or
// `push-api help <command>` (commandHelp). Each is complete on its own: usage, flags,
// environment, exit statuses and examples.
import { REGIONS } from '@push-api/client';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './commands/withdraw.js';
import { PLATFORMS } from './commands/push.js';
import { DEFAULT_RETRIES, type CommandName } from './options.js';

const regions = Object.keys(REGIONS).join(', ');

const GLOBAL_OPTIONS = `Options of every command:
  --app-key <key>          the app's AppKey (default: $PUSH_APP_KEY)
  --master-secret <secret> its Master Secret (default: $PUSH_MASTER_SECRET); prefer the
                           environment, a flag's value shows in the process list
  --base-url <url>         the API's base URL, e.g. http://127.0.0.1:8080
                           (default: $PUSH_BASE_URL; wins over --region)
  --region <name>          data centre: ${regions} (default: sgp)
  --timeout <ms>           time allowed to each attempt (default 30000; 0: no limit)
  --retries <n>            retries of network errors, timeouts and 429/502/503/504
                           (default ${DEFAULT_RETRIES}; 0 to 10; never of another refusal)
  --json                   print exactly one JSON document on stdout instead of text
  -h, --help               print the help (also: push-api help <command>)
  --version                print the version`;

const ENVIRONMENT = `Environment:
  PUSH_APP_KEY, PUSH_MASTER_SECRET   the credentials (--app-key, --master-secret win)
  PUSH_BASE_URL                      the base URL (--base-url and --region win)
  PUSH_REGION                        the data centre, when no base URL is set`;

const EXIT_STATUS = `Exit status:
  0    everything asked was done
  1    the API refused something (its code and message are printed, e.g.
       "21003 Parameter value is invalid,msg_id has been withdrawn"), or no answer came
       (network error, timeout)
  2    bad usage: unknown command or option, missing or bad argument, missing
       credentials, a file that cannot be read or is not JSON (nothing was sent)
  130  interrupted (Ctrl-C)`;

const OUTPUT = `Output: results on stdout, errors and the progress line on stderr. With --json, stdout
holds one JSON document whenever the exit status is 0 or 1; errors are
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
  push --alert <text>     push a notification; prints its msg_id
  validate <file.json>    check a push body without sending it

${GLOBAL_OPTIONS}

${ENVIRONMENT}

${EXIT_STATUS}

${OUTPUT}

Examples:
  export PUSH_APP_KEY=… PUSH_MASTER_SECRET=…
  push-api withdraw 1828256757                        wrong push: recall it now
  push-api withdraw --concurrency 32 - < msg_ids.txt  recall many, one id per line
  id=$(push-api push --alert "Sale ends at noon")     push, keep the msg_id
  push-api validate push.json --json                  check a body, answer as JSON
  push-api push --base-url http://127.0.0.1:8080 --alert hi   the local reference server

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
(--concurrency); a repeated id is sent once. Also: push-api recall.`,
    options: `Options:
  --concurrency <n>        recalls in flight at once, 1 to ${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY})`,
    output: `Output: "recalled <msg_id>" for each one recalled (stdout), "<msg_id>: <what>:
<code> <message>" for each one that was not (stderr), then a summary (stdout): recalled,
already recalled, expired, not found, other failures. On a terminal, stderr shows
"12/40 done" as they finish. With --json, one document:
  {"results": [{"msg_id", "ok", "status", "code", "reason", "message", "requestId"}…],
   "summary": {"total", "recalled", "alreadyRecalled", "expired", "notFound", "failed"}}
Exit status 0 only when every msg_id was recalled by this run; 1 when any was not
(already recalled, expired, not found, or another failure).`,
    examples: `Examples:
  push-api withdraw 1828256757
  push-api withdraw 1828256757 1828256758 1828256759
  push-api withdraw --concurrency 32 - < msg_ids.txt
  push-api withdraw --json 1828256757 | jq .summary`,
  },
  push: {
    usage: `push-api push --alert <text> [--to all | --to <registration_id>[,…]]
                [--platform all | <platform>[,…]] [--cid <id>] [options]`,
    description: `Pushes a notification (POST /v4/push) and prints its msg_id, the id to recall it with.`,
    options: `Options:
  --alert <text>           the notification's text (required)
  --to <audience>          "all" (default), or registration ids separated by commas
  --platform <list>        "all" (default), or some of ${PLATFORMS.join(', ')}, with commas
  --cid <id>               idempotency key: a repeated cid answers the first push's
                           msg_id and pushes nothing again (letters, digits, _ and -;
                           at most 64). Without it, one is made up when --retries is
                           above 0, so that a retry never pushes twice`,
    output: `Output: the msg_id (stdout). With --json, the API's answer: {"request_id", "msg_id"}.`,
    examples: `Examples:
  push-api push --alert "Your order has shipped"
  push-api push --alert "Hi" --to 1a0018970a2b3c4d,1a0018970a2b3c4e --platform ios
  id=$(push-api push --alert "Sale ends at noon") && push-api withdraw "$id"`,
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
};

export function commandHelp(command: CommandName): string {
  const help = COMMANDS[command];
  return `Usage:
  ${help.usage}

${help.description}

${help.options}

${GLOBAL_OPTIONS}

${ENVIRONMENT}

${help.output}

${EXIT_STATUS}

${help.examples}
`;
}
