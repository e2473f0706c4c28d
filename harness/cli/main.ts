// The `proauth` CLI: one commander program, one module per command in ./commands/ (the
// registry in ./commands/index.ts: check, replay, validate-trace, spec, explore, matrix).
// Exit codes (EXIT in ./io.ts, docs/cli.md): 0 conformant, 1 non-conformant, 2 usage or PICS
// error, 3 SUT error, 4 tester fault.
import { Command, CommanderError } from 'commander';
import { pathToFileURL } from 'node:url';
import { PackageFileMissing, packageVersion } from '../package-root.ts';
import { PicsError } from '../pics/pics.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT, EXIT_CODES_HELP, TesterFault, UsageError, internalErrorText, processIo, type CliIo } from './io.ts';

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('proauth')
    .description('Conformance harness for IEEE P802.21.1 Clause 5.14 (PoS facilitated proactive authentication)')
    // The installed package's own version, read from its package.json wherever proauth runs.
    .version(packageVersion(), '-V, --version', 'print the proauth version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .addHelpText('after', `\n${EXIT_CODES_HELP}`);
  for (const make of COMMANDS) {
    const cmd = make(io, setExit);
    cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err }).addHelpText('after', `\n${EXIT_CODES_HELP}`);
    program.addCommand(cmd);
  }
  return program;
}

/** Runs the CLI on argv (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.OK;
  try {
    // Built inside the try: reading the version can already find the package broken.
    const program = buildProgram(io, (c) => {
      code = c;
    });
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version are not errors.
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (e instanceof PicsError || e instanceof UsageError) {
      io.err(`proauth: ${e.message}\n`);
      return EXIT.USAGE;
    }
    if (e instanceof PackageFileMissing) {
      io.err(`proauth: ${e.message}\n`);
      return EXIT.TESTER_FAULT;
    }
    if (e instanceof TesterFault) {
      io.err(`proauth: ${e.message}\n`);
      return EXIT.TESTER_FAULT;
    }
    // Anything else escaped a command: the tester's own fault, never the SUT's (exit 3 is the SUT's).
    io.err(`proauth: ${internalErrorText(e)}\n`);
    return EXIT.TESTER_FAULT;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
