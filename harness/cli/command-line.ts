// The one place that turns an argv array into a command line a user can paste into a POSIX
// shell. Every command proauth prints (the report's `Command:` line, replay commands of check,
// matrix and their reports) is built here, so that `--sut-cmd "python3 my sut.py"` keeps its
// quotes and every printed command starts the way an implementer runs proauth: `npx proauth`.
import { quote } from 'shell-quote';

/** How a user runs proauth, installed as a dependency or inside its own clone (npm runs the project's bin). */
export const PROAUTH_LAUNCHER: readonly string[] = ['npx', 'proauth'];

// Words no POSIX shell treats specially anywhere in a word (no globs, no tilde, no expansion),
// printed bare so that the common command lines stay readable.
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument, quoted for the shell. */
export function quoteArg(arg: string): string {
  if (PLAIN_WORD.test(arg)) return arg;
  // Single quotes keep everything literal ($, `, \, ", unicode, spaces, ~); shell-quote's own
  // choice would backslash-escape every ':' of a replay token instead.
  if (!arg.includes("'") && arg.length > 0) return `'${arg}'`;
  return quote([arg]);
}

/** An argv array as one shell command line. */
export function commandLine(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}

/** `npx proauth <args…>`, quoted: what every printed command looks like. */
export function proauthCommand(args: readonly string[]): string {
  return commandLine([...PROAUTH_LAUNCHER, ...args]);
}
