// The proauth figures: lockstep conformance steps/s (model + reference SUT + every property on
// every step, the harness's own driver) and exploration distinct states/s on the default world.
import { ReferenceAdapter, referenceModule } from '../harness/adapters/reference-adapter.ts';
import { DEFAULT_RUNS, runConformance } from '../harness/conformance.ts';
import { DEFAULT_WORLD } from '../harness/default-world.ts';
import { explore, type ExploreOptions, type ExploreReport } from '../harness/explore/explore.ts';
import { forgetMachines } from '../model/world/machines.ts';
import { median } from './measure.ts';

export interface LockstepFigure {
  readonly stepsPerSecond: number;
  readonly stepsPerCpuSecond: number;
  /** Stimuli applied, shrinking included. */
  readonly steps: number;
  /** fast-check runs, shrink runs included. */
  readonly runs: number;
  readonly verdict: string;
  readonly repeats: number;
  /** Steps per second of each repeat, in order. */
  readonly perRepeat: readonly number[];
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * runConformance against the bundled reference implementation on the harness's default world
 * (2 MNs, 4 domains), `runs` runs per repeat (default: runConformance's DEFAULT_RUNS; `npm start`
 * runs 100 from a cold process). The figure is the throughput of a long property run: a warm-up
 * run at seed 1, then each repeat at a seed of its own (20260, 20261, ...), the model's memo kept
 * throughout as one process running run after run keeps it; no repeat replays another's runs.
 */
export async function lockstepRate(repeats = 3, runs = DEFAULT_RUNS): Promise<LockstepFigure> {
  const impl = await referenceModule();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let last = { steps: 0, runs: 0, verdict: '' };
  await runConformance({ sut: () => new ReferenceAdapter(impl), seed: 1, runs, config: DEFAULT_WORLD });
  for (let i = 0; i < repeats; i++) {
    const c0 = cpuNow();
    const r = await runConformance({ sut: () => new ReferenceAdapter(impl), seed: 20260 + i, runs, config: DEFAULT_WORLD });
    const cpu = cpuNow() - c0;
    // Every stimulus the driver applied, shrinking included (a failing run shrinks).
    const steps = r.stats.steps + r.stats.shrinkSteps;
    rates.push(steps / (r.durationMs / 1000));
    cpuRates.push(steps / cpu);
    last = { steps, runs: r.stats.runs + r.stats.shrinkRuns, verdict: r.verdict + (r.counterexample === undefined ? '' : ` (${r.counterexample.property}: ${r.counterexample.message.slice(0, 160)})`) };
  }
  return { stepsPerSecond: median(rates), stepsPerCpuSecond: median(cpuRates), ...last, repeats, perRepeat: rates };
}

/**
 * The default check's own loop (`npm start`): a world drawn per run, placements rotating over
 * all / MNs / SUT PoS against the pristine peers, the tester's wire checks and the lower tester,
 * through the asynchronous hybrid world. Seeds 1..runs per repeat, one process.
 */
export async function defaultCheckRate(repeats = 3, runs = 100): Promise<LockstepFigure> {
  const { openSut } = await import('../harness/cli/sut.ts');
  const { CliSutAdapter, DEFAULT_STEPS, runSeed } = await import('../harness/cli/engine.ts');
  const sut = await openSut({ timeoutMs: 10_000 });
  const adapter = new CliSutAdapter(sut.adapter, sut.name);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let last = { steps: 0, runs: 0, verdict: '' };
  try {
    for (let i = 0; i <= repeats; i++) {
      const c0 = cpuNow();
      const t0 = performance.now();
      let steps = 0;
      let verdict = 'pass';
      for (let seed = 1; seed <= runs; seed++) {
        const r = await runSeed(sut, adapter, seed + i * runs, { steps: DEFAULT_STEPS, model: true });
        steps += r.steps;
        if (r.counterexample !== undefined || r.error !== undefined) verdict = `fail at seed ${seed + i * runs}`;
      }
      // Repeat 0 warms the JIT and the caches up; it is not counted.
      if (i === 0) continue;
      rates.push(steps / ((performance.now() - t0) / 1000));
      cpuRates.push(steps / (cpuNow() - c0));
      last = { steps, runs, verdict };
    }
  } finally {
    await sut.close();
  }
  return { stepsPerSecond: median(rates), stepsPerCpuSecond: median(cpuRates), ...last, repeats, perRepeat: rates };
}

export interface ExploreFigure {
  readonly statesPerSecond: number;
  readonly statesPerCpuSecond: number;
  readonly transitionsPerSecond: number;
  readonly distinctStates: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly fixpoint: boolean;
  readonly seconds: number;
  readonly storeBytesPerState: number;
  readonly heapBytesPerState: number;
  readonly retainedHeapBytesPerState: number | null;
  /** The first repeat: cold JIT as well as empty caches, what one CLI run sees. */
  readonly coldStatesPerSecond: number;
  readonly peakHeapUsedMiB: number;
  readonly peakRssMiB: number;
  readonly violations: number;
  readonly repeats: number;
  /** Distinct states per second of each repeat, in order (the first with a cold JIT). */
  readonly perRepeat: readonly number[];
}

/**
 * explore() repeated; median rates, the figures of the median run. Every repeat starts from
 * empty model caches (forgetMachines): a repeat must not answer from what the previous
 * exploration of the same world memoized, or the figure would not be a run's.
 */
export function exploreRate(options: ExploreOptions, repeats = 3): ExploreFigure {
  const reports: ExploreReport[] = [];
  for (let i = 0; i < repeats; i++) {
    forgetMachines();
    reports.push(explore(options));
  }
  const sorted = [...reports].sort((a, b) => a.statesPerSecond - b.statesPerSecond);
  const mid = sorted[sorted.length >> 1] as ExploreReport;
  return {
    statesPerSecond: mid.statesPerSecond,
    statesPerCpuSecond: median(reports.map((r) => r.statesPerCpuSecond)),
    transitionsPerSecond: mid.transitions / mid.seconds,
    distinctStates: mid.distinctStates,
    transitions: mid.transitions,
    maxDepth: mid.maxDepth,
    fixpoint: mid.fixpoint,
    seconds: mid.seconds,
    storeBytesPerState: mid.memory.storeBytesPerState,
    heapBytesPerState: mid.memory.heapBytesPerState,
    retainedHeapBytesPerState: mid.memory.retainedHeapBytesPerState,
    coldStatesPerSecond: (reports[0] as ExploreReport).statesPerSecond,
    peakHeapUsedMiB: Math.max(...reports.map((r) => r.memory.peakHeapUsed)) / 2 ** 20,
    peakRssMiB: Math.max(...reports.map((r) => r.memory.peakRss)) / 2 ** 20,
    violations: mid.counterexamples.length,
    repeats,
    perRepeat: reports.map((r) => r.statesPerSecond),
  };
}
