// Exit statuses, and the error that means "bad usage".

/** What `push-api` exits with (documented in the help, see help.ts). */
export const ExitCode = {
  /** Everything asked was done. */
  ok: 0,
  /** The API refused something, or gave no answer (network error, timeout). */
  failed: 1,
  /** Bad usage: unknown command or option, missing or bad argument, missing credentials, unreadable file. */
  usage: 2,
  /** The API refused the credentials (401): a wrong AppKey or Master Secret, or the wrong region. */
  auth: 4,
  /** Interrupted (Ctrl-C), as shells report SIGINT. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The command line cannot be run as given. Commands throw it; runCli prints its message and
 * a pointer to the help of `command` (the global help when absent), and exits with 2.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}
