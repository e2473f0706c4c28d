// Where the CLI writes: injectable so tests run commands in process and read what they print.
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** True when a progress bar may be drawn (stderr is a TTY, not CI, not --json). */
  readonly interactive: boolean;
}

/**
 * The exit codes of every command (docs/cli.md, "Exit codes"). SUT_ERROR is for an SUT that
 * broke the session and nothing else: a fault of the tester's own (an unexpected exception, a
 * report directory it cannot write, a worker of its own that died) is TESTER_FAULT, so that CI
 * can tell "your implementation is broken" from "proauth is".
 */
export const EXIT = { OK: 0, NONCONFORMANT: 1, USAGE: 2, SUT_ERROR: 3, TESTER_FAULT: 4 } as const;

/** The exit code table as `--help` prints it. */
export const EXIT_CODES_HELP = `Exit codes:
  0  pass: conformant, no violation
  1  fail: non-conformant, a counterexample or violation
  2  usage or PICS error: a bad flag or file, a shard with no runs,
     a replay token that does not fit the flags
  3  SUT error: the SUT broke the session (crash, hang, garbage,
     protocol or version mismatch)
  4  tester fault: proauth's own (an internal error, an unwritable
     --report directory); PROAUTH_DEBUG=1 shows the stack`;

export function processIo(): CliIo {
  // `proauth check | head` closes the pipe early: stop writing, keep the exit code.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  exitOnUncaught();
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    interactive: process.stderr.isTTY === true && process.env['CI'] !== 'true' && process.env['CI'] !== '1',
  };
}

let uncaughtHandled = false;

/**
 * An exception no command caught (a callback's, a promise nobody awaited) is the tester's
 * fault too: one line and exit 4, not Node's stack and exit 1. Installed only for the real
 * process (processIo), never for a CLI run in process by tests.
 */
function exitOnUncaught(): void {
  if (uncaughtHandled) return;
  uncaughtHandled = true;
  const fail = (e: unknown): void => {
    process.stderr.write(`proauth: ${internalErrorText(e)}\n`);
    // 'exit' still runs: the SUT process groups are killed (harness/sut-process/process.ts).
    process.exit(EXIT.TESTER_FAULT);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

/** A usage error (bad flag value, missing file): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A fault of the tester that it can name (e.g. an unwritable --report directory): exit code 4, one line. */
export class TesterFault extends Error {
  override readonly name = 'TesterFault';
}

/** A tester-side error of the engine (a harness fault with its stack, a model finding) as one line. */
export function testerFaultLine(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? text;
  return `tester fault (not the SUT's): ${first.replace(/^tester: /, '')}`;
}

/** Set PROAUTH_DEBUG=1 to see the stack of an internal error (it is never shown otherwise). */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env['PROAUTH_DEBUG'];
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/** An unexpected exception as one line naming it as the tester's fault; the stack only under PROAUTH_DEBUG. */
export function internalErrorText(e: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const firstLine = what.split(/\r?\n/, 1)[0] ?? what;
  const head = `internal error (a fault of proauth, not of the SUT): ${firstLine}`;
  if (debugEnabled(env)) return e instanceof Error && e.stack !== undefined ? `${head}\n${e.stack}` : head;
  return `${head} (PROAUTH_DEBUG=1 shows the stack)`;
}
