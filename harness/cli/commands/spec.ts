// `proauth spec`: requirement coverage from SPEC_MAPPING.md and the annotations in the code
// (tools/spec-trace.ts): which requirement is cited in the model, the implementation, the
// properties, the harness and the tests.
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatCoverage, hasScannedSources, MAPPING_FILE, readMapping, recordedTraces, traceRequirements, type RequirementTrace } from '../../../tools/spec-trace.ts';
import { PACKAGE_ROOT, packageFile } from '../../package-root.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';

/**
 * The trace of a tree: scanned from its sources in a checkout; in an installed package, which
 * ships the build and no tests, the trace table its SPEC_MAPPING.md records.
 */
function traceOfTree(root: string | undefined): RequirementTrace[] {
  // Without --root the package traces itself, and a missing mapping is a broken installation.
  if (root === undefined) packageFile(MAPPING_FILE);
  else if (!existsSync(join(root, MAPPING_FILE))) throw new UsageError(`--root ${root}: there is no ${MAPPING_FILE} there`);
  const tree = root ?? PACKAGE_ROOT;
  return hasScannedSources(tree) ? traceRequirements(tree) : recordedTraces(readMapping(tree));
}

export function specCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('spec')
    .description('requirement coverage: each requirement of SPEC_MAPPING.md and where the code cites it')
    .option('--root <dir>', 'the tree to trace (default: the proauth package itself, wherever it is run from)')
    .option('--json', 'print the trace as JSON')
    .option('--uncovered', 'list only requirements nothing cites')
    .action((flags: { root?: string; json?: boolean; uncovered?: boolean }) => {
      const traces = traceOfTree(flags.root);
      const shown = flags.uncovered === true ? traces.filter((t) => !t.covered) : traces;
      if (flags.json === true) io.out(JSON.stringify(shown, null, 2) + '\n');
      else if (flags.uncovered === true) io.out(shown.map((t) => `${t.id}`).join('\n') + (shown.length > 0 ? '\n' : 'every requirement is cited\n'));
      else io.out(formatCoverage(traces) + '\n');
      setExit(EXIT.OK);
    });
}
