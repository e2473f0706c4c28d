// `proauth check`: the applicable test purposes against one SUT, one run per seed, verdicts per
// purpose and requirement, reports. Every SUT failure ends as verdict `error` (exit 3) with the
// report still written, and so does a fault of the tester's own, but with exit 4: CI must tell
// a broken SUT from a broken tester. Nothing here throws past runCheck except usage and PICS
// errors (exit 2) and an unusable --report directory (exit 4), all before the SUT starts.
import type { RecordedStep } from '../pics/test-purposes.ts';
import { summarize, type CheckReport, type Counterexample } from '../report/types.ts';
import { exercised } from '../report/exercised.ts';
import { writeReport } from '../report/write.ts';
import { SutError } from '../sut-process/errors.ts';
import { CliSutAdapter, reportCounterexample, runSeed } from './engine.ts';
import { EXIT, UsageError, debugEnabled, internalErrorText, testerFaultLine, type CliIo } from './io.ts';
import { progress } from './progress.ts';
import { loadPics, PicsError } from '../pics/pics.ts';
import { prepareOutputDir } from './output-dir.ts';
import { seedsOfCheck, type Shard } from './shard.ts';
import { openSut, type OpenedSut, type SutSpec } from './sut.ts';
import { judge, NOT_KNOWN } from './verdicts.ts';

export interface CheckOptions extends SutSpec {
  /** Judge against the model as well as the properties (default true). */
  readonly model?: boolean;
  readonly runs: number;
  readonly seed: number;
  readonly steps: number;
  readonly shard?: Shard;
  readonly reportDir?: string;
  readonly json: boolean;
}

/** The flags that select the SUT, as argv words, for printing replay commands. */
export function sutFlags(o: SutSpec & { readonly model?: boolean }, steps: number): string[] {
  const words: string[] = [];
  if (o.module !== undefined) words.push('--sut', o.module);
  if (o.command !== undefined) words.push('--sut-cmd', o.command);
  if (o.picsFile !== undefined) words.push('--pics', o.picsFile);
  words.push('--steps', String(steps));
  if (o.model === false) words.push('--no-model');
  return words;
}

/** Whose fault ended a check early: the SUT's (exit 3) or the tester's own (exit 4). */
type Fault = 'sut' | 'tester';

export async function runCheck(o: CheckOptions, io: CliIo, commandLine: string): Promise<{ report: CheckReport; exitCode: number }> {
  const started = Date.now();
  const seeds = seedsOfCheck(o.seed, o.runs, o.shard);
  // Fails before the run, not after it: created, proven writable, cleared of an earlier report.
  if (o.reportDir !== undefined) prepareOutputDir('--report', o.reportDir, { clean: true });
  const model = o.model !== false;
  let sut: OpenedSut | undefined;
  let adapter: CliSutAdapter | undefined;
  let error: string | undefined;
  let fault: Fault = 'sut';
  const recorded: RecordedStep[] = [];
  const counterexamples: Counterexample[] = [];
  let steps = 0;
  let runs = 0;
  const oracleName = model ? 'model lockstep + property catalogue' : 'property catalogue only (disabled by --no-model)';
  try {
    sut = await openSut(o);
    adapter = new CliSutAdapter(sut.adapter, sut.name);
    const bar = progress(io, seeds.length, 'proauth check');
    try {
      // Run j uses seed base+j (harness/cli/shard.ts): one fast-check run of the lockstep
      // harness per seed, so shards split a check exactly and a token names its seed.
      for (const seed of seeds) {
        const r = await runSeed(sut, adapter, seed, { steps: o.steps, model, onShrinkRun: (n, budget) => bar.shrinking(n, budget) });
        runs += r.runs;
        steps += r.steps;
        recorded.push(...r.recorded);
        bar.tick(runs);
        if (r.error !== undefined) {
          // The engine's error is the SUT's only when the SUT process raised it.
          fault = adapter.fault !== null ? 'sut' : 'tester';
          error = fault === 'sut' ? r.error : testerFaultLine(r.error);
          break;
        }
        if (r.counterexample !== undefined) {
          counterexamples.push(reportCounterexample(r.counterexample, seed, sutFlags(o, o.steps), r.placement ?? sut.placement(r.placementKind, r.counterexample.config), r.placementKind, r.discard));
          break; // like fast-check: the first counterexample ends the check
        }
      }
    } finally {
      bar.end();
    }
  } catch (e) {
    if (e instanceof PicsError || e instanceof UsageError) throw e; // exit 2
    if (e instanceof SutError) error = `SUT ${e.kind}: ${e.message}`;
    else {
      fault = 'tester';
      error = internalErrorText(e, {});
      if (debugEnabled()) io.err(`proauth check: ${internalErrorText(e)}\n`);
    }
  } finally {
    try {
      await sut?.close();
    } catch (e) {
      // An in-process adapter's close() is the SUT's code: its failure is the SUT's, unless something came first.
      if (error === undefined) error = `SUT close: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    }
  }

  // An SUT that never completed the handshake said nothing of its roles: only a --pics file
  // (already read once, so it is valid) says what it claims; otherwise they are not known.
  const pics = sut?.pics ?? (o.picsFile !== undefined ? loadPics(o.picsFile) : undefined);
  // Worlds and placements vary per run: the report names every entity the SUT played in some run.
  const played = [...new Set(recorded.flatMap((s) => s.placement?.entities ?? []))].sort();
  const placement = { roles: pics?.roles ?? [], entities: played };
  const sutKind = sut?.kind ?? (o.command !== undefined ? 'process' : 'in-process');
  const verdicts = judge({ pics, placement, steps: recorded, counterexamples, error });
  const unredacted: CheckReport = {
    tool: 'proauth',
    command: commandLine,
    verdict: verdicts.verdict,
    sut: { kind: sutKind, name: sut?.name ?? o.command ?? o.module ?? 'reference', roles: placement.roles, entities: placement.entities, ...(pics === undefined ? { unknown: NOT_KNOWN } : {}) },
    ...(pics === undefined ? {} : { pics }),
    oracle: oracleName,
    seed: o.seed,
    runs,
    steps,
    ...(o.shard !== undefined ? { shard: { index: o.shard.index, count: o.shard.count, seeds } } : {}),
    durationMs: Date.now() - started,
    purposes: verdicts.purposes,
    requirements: verdicts.requirements,
    counterexamples,
    exercised: exercised(recorded),
    ...(error !== undefined ? { error } : {}),
  };
  // Whatever the SUT printed reaches the report through its errors and observations: no secret
  // the tester provisioned is shown, in any encoding (harness/report/redact.ts).
  const report = adapter?.redactor.redactValue(unredacted) ?? unredacted;
  if (o.reportDir !== undefined) writeReport(o.reportDir, report);
  if (o.json) io.out(JSON.stringify(summarize(report)) + '\n');
  else printSummary(io, report, o.reportDir);
  const exitCode = report.verdict === 'error' ? (fault === 'sut' ? EXIT.SUT_ERROR : EXIT.TESTER_FAULT) : report.verdict === 'fail' ? EXIT.NONCONFORMANT : EXIT.OK;
  return { report, exitCode };
}

function printSummary(io: CliIo, r: CheckReport, reportDir: string | undefined): void {
  const count = (v: string): number => r.purposes.filter((p) => p.verdict === v).length;
  io.out(`proauth check: ${r.verdict.toUpperCase()}  (${r.sut.name}; roles ${r.sut.unknown ?? r.sut.roles.join(', ')})\n`);
  io.out(`  seed ${r.seed}, ${r.runs} runs, ${r.steps} steps, ${(r.durationMs / 1000).toFixed(1)} s; oracle: ${r.oracle}\n`);
  io.out(`  test purposes: ${count('pass')} pass, ${count('fail')} fail, ${count('inconc')} inconc, ${count('none')} none, ${count('error')} error\n`);
  for (const p of r.purposes) if (p.verdict === 'fail' || p.verdict === 'inconc') io.out(`    ${p.verdict.padEnd(6)} ${p.id}  ${p.title}\n`);
  if (r.error !== undefined) io.out(`  error: ${r.error}\n`);
  for (const c of r.counterexamples) {
    io.out(`  counterexample: ${c.requirement} (${c.property}), ${c.length} steps\n    ${c.message}\n    replay: ${c.replay}\n`);
  }
  if (reportDir !== undefined) io.out(`  report: ${reportDir}/report.md\n`);
}
