/** Exit codes, for scripts: documented in docs/cli.md. */
export const EXIT = { ok: 0, failed: 1, usage: 2, noDaemon: 3, timeout: 4 } as const;

/** A failure the CLI reports as one line on stderr (or JSON with --json) and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
    readonly code: string = 'FAILED',
  ) {
    super(message);
  }
}
