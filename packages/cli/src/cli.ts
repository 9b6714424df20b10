// The whole command line as a function: arguments and an Io in, an exit status out. It reads
// the arguments (options.ts), runs the command (commands/), and turns bad usage into exit 2
// with a message; nothing here exits the process (main.ts does).
import { completion } from './commands/completion.js';
import { config } from './commands/config.js';
import { push } from './commands/push.js';
import { validate } from './commands/validate.js';
import { withdraw } from './commands/withdraw.js';
import { ExitCode, UsageError } from './exit.js';
import { commandHelp, globalHelp } from './help.js';
import type { Io } from './io.js';
import { parseCommandLine, type CommandName, type RunLine } from './options.js';
import { CLI_VERSION } from './version.js';

/** Each command: what runs it. */
export const COMMANDS: Readonly<Record<CommandName, (line: RunLine, io: Io) => Promise<ExitCode>>> = {
  withdraw,
  push,
  validate,
  config,
  completion,
};

export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  let command: CommandName | undefined;
  try {
    const line = parseCommandLine(argv);
    if (line.kind !== 'version') command = line.command;
    switch (line.kind) {
      case 'help':
        io.stdout.write(line.command === undefined ? globalHelp() : commandHelp(line.command));
        return ExitCode.ok;
      case 'version':
        io.stdout.write(`${CLI_VERSION}\n`);
        return ExitCode.ok;
      case 'run':
        return await COMMANDS[line.command](line, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const about = error.command ?? command;
      const help = about === undefined ? 'push-api --help' : `push-api ${about} --help`;
      io.stderr.write(`push-api: ${error.message}\nRun "${help}" for usage.\n`);
      return ExitCode.usage;
    }
    // A fault of the CLI itself: say so plainly; the stack only when asked for.
    io.stderr.write(`push-api: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env.PUSH_API_DEBUG !== undefined && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return ExitCode.failed;
  }
}
