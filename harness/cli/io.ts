// Where the CLI writes: injectable so tests run commands in process and read what they print.
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** True when a progress bar may be drawn (stderr is a TTY, not CI, not --json). */
  readonly interactive: boolean;
}

/** TESTER_FAULT: the tester itself is broken (a file of the package is missing), never the SUT's doing. */
export const EXIT = { OK: 0, NONCONFORMANT: 1, USAGE: 2, SUT_ERROR: 3, TESTER_FAULT: 4 } as const;

export function processIo(): CliIo {
  // `proauth check | head` closes the pipe early: stop writing, keep the exit code.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    interactive: process.stderr.isTTY === true && process.env['CI'] !== 'true' && process.env['CI'] !== '1',
  };
}

/** A usage error (bad flag value, missing file): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
