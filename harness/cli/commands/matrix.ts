//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
// `proauth matrix`: the what-if matrix of harness/whatif (interpretation variants × adversary
// properties, blast radius and signalling cost against the chain limit L of 5.14.2-N4c), and
// `proauth matrix --replay <cex.json>` to re-run one of its counterexamples.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { proauthCommand } from '../command-line.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { progress } from '../progress.ts';
import { prepareOutputDir } from '../output-dir.ts';
import { parseIntOption } from '../shard.ts';
import { DEFAULT_LIMITS, MatrixOptionError, type MatrixResult, matrixTicks, sweepSummary } from '../../whatif/matrix.ts';
import { runMatrixParallel, WorkerFailure } from '../../whatif/parallel.ts';
import { writeMatrix } from '../../whatif/render.ts';
import { checkCounterexample, ReplayError, replayCounterexample } from '../../whatif/replay-counterexample.ts';
import { ROWS, type MatrixRow } from '../../whatif/rows.ts';
import { loadRemedy, RemedyError, type Remedy, remedyRow } from '../../remedy/remedy.ts';

interface Flags {
  out?: string;
  rows?: string;
  limits?: string;
  defaultLimit: number;
  jobs: number;
  json?: boolean;
  replay?: string;
  remedy?: string;
}

export function parseRows(text: string): MatrixRow[] {
  const ids = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (ids.length === 0) throw new UsageError('--rows: expected a comma-separated list of row ids');
  return ids.map((id) => {
    const r = ROWS.find((x) => x.id === id);
    if (r === undefined) throw new UsageError(`--rows: unknown row ${id} (known: ${ROWS.map((x) => x.id).join(', ')})`);
    return r;
  });
}

export function parseLimits(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (m === null) throw new UsageError(`--limits: expected numbers or ranges like 0-8, got ${JSON.stringify(part)}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b > 16) throw new UsageError(`--limits: ${part} is not a range within 0..16`);
    for (let l = a; l <= b; l++) out.push(l);
  }
  if (out.length === 0) throw new UsageError('--limits: empty');
  return out;
}

function summary(m: MatrixResult): string {
  const lines = [`proauth matrix: ${m.rows.length} rows × ${m.properties.length} properties, L ∈ {${m.limits.join(', ')}}, ${m.explored.scenarios} explorations, ${m.explored.states} states, ${m.seconds.toFixed(1)} s`];
  for (const r of m.rows) {
    const bad = Object.entries(r.cells).filter(([, c]) => c.verdict === 'violated').map(([id]) => id);
    const blast = r.perLimit.map((p) => `${p.blast}${p.blastAtBound ? '+' : ''}`).join(' ');
    const sweep = sweepSummary(r);
    lines.push(`  ${r.row.id.padEnd(17)} violated: ${bad.length === 0 ? '-' : bad.join(', ')}; ${sweep === null ? '' : `${sweep}; `}blast by L: ${blast}`);
  }
  return lines.join('\n') + '\n';
}

async function replay(file: string, io: CliIo): Promise<number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--replay: cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    const c = checkCounterexample(parsed);
    const r = replayCounterexample(c);
    io.out(`proauth matrix --replay ${file}: ${c.property}, ${c.trace.length} steps\n`);
    r.labels.forEach((l, i) => io.out(`  ${String(i + 1).padStart(3)}. ${l}\n`));
    if (r.reproduced) {
      io.out(`reproduced at step ${r.step}: ${r.message}\n`);
      return EXIT.NONCONFORMANT;
    }
    io.out(r.step === null ? 'not reproduced: the property holds on this trace\n' : `violated earlier than recorded, at step ${r.step}: ${r.message}\n`);
    return EXIT.OK;
  } catch (e) {
    if (e instanceof ReplayError) throw new UsageError(`--replay: ${e.message}`);
    throw e;
  }
}

/** How reports tell a reader to replay a counterexample file. */
export function matrixReplayCommand(file: string): string {
  return proauthCommand(['matrix', '--replay', file]);
}

/** The command line that reproduces a run, rebuilt from its flags (stable across launchers and --jobs). */
function matrixCommandLine(f: Flags): string {
  const words = ['matrix'];
  if (f.out !== undefined) words.push('--out', f.out);
  if (f.rows !== undefined) words.push('--rows', f.rows);
  if (f.remedy !== undefined) words.push('--remedy', f.remedy);
  if (f.limits !== undefined) words.push('--limits', f.limits);
  if (f.defaultLimit !== 3) words.push('--default-limit', String(f.defaultLimit));
  return proauthCommand(words);
}

/** The remedy of `--remedy` (a bad file is a usage error, exit 2, naming each bad field). */
function readRemedy(file: string, flags: Flags): Remedy {
  if (flags.rows !== undefined) throw new UsageError('--remedy and --rows cannot be combined: a remedy is one row');
  try {
    return loadRemedy(file);
  } catch (e) {
    if (e instanceof RemedyError) throw new UsageError(e.message);
    throw e;
  }
}

export function matrixCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('matrix')
    .description('what-if matrix: interpretation variants × adversary properties, blast radius and signalling cost against the chain limit L (5.14.2 Note 4)')
    .option('--out <dir>', 'write matrix.md, matrix.json, matrix.svg and cex/ (counterexamples) to <dir>')
    .option('--rows <ids>', `comma-separated row ids (default: all ${ROWS.length})`)
    .option('--limits <list>', 'chain limits to sweep, e.g. 0-8 or 0,1,3 (default 0-8)')
    .option('--default-limit <n>', 'L at which every property is checked', parseIntOption('--default-limit', 0, 16), 3)
    .option('--jobs <n>', 'worker processes', parseIntOption('--jobs', 1, 64), 2)
    .option('--json', 'print the matrix JSON on stdout')
    .option('--replay <cex.json>', 're-run one counterexample file; exit 1 if the violation reproduces at its last step')
    .option('--remedy <file>', 'one row for the remedy of <file> (JSON or YAML, schemas/remedy.schema.json), at its L range and L')
    .action(async (flags: Flags, cmd: Command) => {
      if (flags.replay !== undefined) {
        setExit(await replay(flags.replay, io));
        return;
      }
      const remedy = flags.remedy === undefined ? null : readRemedy(flags.remedy, flags);
      const rows = remedy !== null ? [remedyRow(remedy)] : flags.rows === undefined ? ROWS : parseRows(flags.rows);
      const limits = flags.limits === undefined ? remedy?.limits : parseLimits(flags.limits);
      // the remedy's L, unless --default-limit was given
      const defaultLimit = remedy !== null && cmd.getOptionValueSource('defaultLimit') === 'default' ? remedy.chainLimit : flags.defaultLimit;
      // Before the workers start, not after they finish: an --out that cannot be written is exit 4 at once.
      if (flags.out !== undefined) prepareOutputDir('--out', flags.out, { clean: false });
      const bar = progress(io, matrixTicks(rows, limits ?? DEFAULT_LIMITS, defaultLimit), 'matrix');
      let m: MatrixResult;
      try {
        m = await runMatrixParallel({
          rows, ...(limits === undefined ? {} : { limits }), defaultLimit, jobs: flags.jobs,
          onProgress: (done) => bar.tick(done),
        });
      } catch (e) {
        if (e instanceof MatrixOptionError) throw new UsageError(e.message);
        if (e instanceof WorkerFailure) {
          // A what-if worker is the tester's own process: its death is a tester fault, not an SUT error.
          io.err(`proauth matrix: tester fault: ${e.message}\n`);
          setExit(EXIT.TESTER_FAULT);
          return;
        } else throw e;
      } finally {
        bar.end();
      }
      if (flags.out !== undefined) {
        writeMatrix(m, { command: matrixCommandLine(flags), replayCommand: matrixReplayCommand, outDir: flags.out });
      }
      io.out(flags.json === true ? JSON.stringify(m, null, 2) + '\n' : summary(m));
      setExit(EXIT.OK);
    });
}
