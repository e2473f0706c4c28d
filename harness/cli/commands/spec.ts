// `proauth spec`: requirement coverage from SPEC_MAPPING.md and the annotations in the code
// (tools/spec-trace.ts): which requirement is cited in the model, the implementation, the
// properties, the harness and the tests. With --proposals, --comments or --redline it works on
// the findings' proposed changes instead (tools/proposals/): their consistency taken together,
// the comment resolutions and the redline of the clause, written to docs/wg/ by default.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { buildProposals, WG_DIR, type Proposals } from '../../../tools/proposals/index.ts';
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

interface SpecFlags {
  readonly root?: string;
  readonly json?: boolean;
  readonly uncovered?: boolean;
  readonly proposals?: boolean;
  readonly comments?: boolean;
  readonly redline?: boolean;
  readonly out?: string;
}

/** Checks the proposals and writes what was asked for; the exit code says why it did not. */
function proposalsAction(io: CliIo, flags: SpecFlags): number {
  let p: Proposals;
  try {
    p = buildProposals(flags.root ?? PACKAGE_ROOT);
  } catch (e) {
    io.err(`proauth spec: cannot read the proposals: ${(e as Error).message}\n`);
    return EXIT.USAGE;
  }
  // A change that does not apply leaves a text whose conflicts mean nothing: report it alone.
  for (const problem of p.problems) io.err(`proposal: ${problem}\n`);
  if (p.problems.length > 0) return EXIT.USAGE;
  for (const c of p.conflicts) io.err(`conflict (${c.rule}): ${c.message}\n`);
  if (p.conflicts.length > 0) return EXIT.NONCONFORMANT;
  const changes = p.findings.reduce((n, f) => n + f.changes.length, 0);
  io.out(`${p.findings.length} findings, ${changes} changes, ${p.comments.length} comments: no conflict (${p.redline.deleted} words deleted, ${p.redline.inserted} inserted)\n`);
  const wanted = [...(flags.comments === true ? (['comments.md', 'comments.csv'] as const) : []), ...(flags.redline === true ? (['redline.md', 'redline.html'] as const) : [])];
  if (wanted.length === 0) return EXIT.OK;
  // Relative to --root when it is given, else to the working directory (never into the package).
  const dir = resolve(flags.root ?? process.cwd(), flags.out ?? WG_DIR);
  mkdirSync(dir, { recursive: true });
  for (const name of wanted) {
    writeFileSync(join(dir, name), p.files[name]);
    io.out(`wrote ${join(flags.out ?? WG_DIR, name)}\n`);
  }
  return EXIT.OK;
}

export function specCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('spec')
    .description('requirement coverage: each requirement of SPEC_MAPPING.md and where the code cites it; or the working-group outputs of the findings')
    .option('--root <dir>', 'the tree to trace (default: the proauth package itself, wherever it is run from)')
    .option('--json', 'print the trace as JSON')
    .option('--uncovered', 'list only requirements nothing cites')
    .option('--proposals', 'apply every proposed change to the seed text and check them taken together (exit 1 on a conflict, 2 on a malformed proposal)')
    .option('--comments', `write the comment resolutions (comments.md, comments.csv) to --out (default ${WG_DIR})`)
    .option('--redline', `write the redline of the clause (redline.md, redline.html) to --out (default ${WG_DIR})`)
    .option('--out <dir>', `where --comments and --redline write, relative to --root, else to the working directory (default ${WG_DIR})`)
    .action((flags: SpecFlags) => {
      if (flags.proposals === true || flags.comments === true || flags.redline === true) {
        setExit(proposalsAction(io, flags));
        return;
      }
      const traces = traceOfTree(flags.root);
      const shown = flags.uncovered === true ? traces.filter((t) => !t.covered) : traces;
      if (flags.json === true) io.out(JSON.stringify(shown, null, 2) + '\n');
      else if (flags.uncovered === true) io.out(shown.map((t) => `${t.id}`).join('\n') + (shown.length > 0 ? '\n' : 'every requirement is cited\n'));
      else io.out(formatCoverage(traces) + '\n');
      setExit(EXIT.OK);
    });
}
