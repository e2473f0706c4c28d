// `proauth spec`: requirement coverage from SPEC_MAPPING.md and the annotations in the code
// (tools/spec-trace.ts): which requirement is cited in the model, the implementation, the
// properties, the harness and the tests.
import { Command } from 'commander';
import { formatCoverage, traceRequirements } from '../../../tools/spec-trace.ts';
import { EXIT, type CliIo } from '../io.ts';

export function specCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('spec')
    .description('requirement coverage: each requirement of SPEC_MAPPING.md and where the code cites it')
    .option('--root <dir>', 'repository root', process.cwd())
    .option('--json', 'print the trace as JSON')
    .option('--uncovered', 'list only requirements nothing cites')
    .action((flags: { root: string; json?: boolean; uncovered?: boolean }) => {
      const traces = traceRequirements(flags.root);
      const shown = flags.uncovered === true ? traces.filter((t) => !t.covered) : traces;
      if (flags.json === true) io.out(JSON.stringify(shown, null, 2) + '\n');
      else if (flags.uncovered === true) io.out(shown.map((t) => `${t.id}`).join('\n') + (shown.length > 0 ? '\n' : 'every requirement is cited\n'));
      else io.out(formatCoverage(traces) + '\n');
      setExit(EXIT.OK);
    });
}
