// The what-if matrix without the proauth binary: `npx tsx harness/whatif/main.ts --out docs/whatif`
// takes the same flags as `npx proauth matrix` (harness/cli/commands/matrix.ts), whose printed
// commands (the report's command line, every counterexample's replay) are always `npx proauth matrix …`.
import { CommanderError } from 'commander';
import { pathToFileURL } from 'node:url';
import { matrixCommand } from '../cli/commands/matrix.ts';
import { EXIT, UsageError, processIo, type CliIo } from '../cli/io.ts';

export async function whatifMain(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.OK;
  const cmd = matrixCommand(io, (c) => {
    code = c;
  });
  cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  try {
    await cmd.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (e instanceof UsageError) {
      io.err(`whatif: ${e.message}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await whatifMain(process.argv.slice(2));
}
