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
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * runConformance against the bundled reference implementation on the harness's default world
 * (2 MNs, 4 domains), same seed each repeat so every repeat does the same work. The default
 * `runs` is runConformance's default budget (DEFAULT_RUNS; `npm start` runs 100, cold).
 */
export async function lockstepRate(repeats = 3, runs = DEFAULT_RUNS): Promise<LockstepFigure> {
  const impl = await referenceModule();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let last = { steps: 0, runs: 0, verdict: '' };
  // Warm-up: a run of the same size at another seed (JIT, the model's memo of the world).
  await runConformance({ sut: () => new ReferenceAdapter(impl), seed: 1, runs, config: DEFAULT_WORLD });
  for (let i = 0; i < repeats; i++) {
    // From empty model caches: a repeat of the same seed must not answer from the previous one.
    forgetMachines();
    const c0 = cpuNow();
    const r = await runConformance({ sut: () => new ReferenceAdapter(impl), seed: 20260, runs, config: DEFAULT_WORLD });
    const cpu = cpuNow() - c0;
    // Every stimulus the driver applied, shrinking included (a failing run shrinks).
    const steps = r.stats.steps + r.stats.shrinkSteps;
    rates.push(steps / (r.durationMs / 1000));
    cpuRates.push(steps / cpu);
    last = { steps, runs: r.stats.runs + r.stats.shrinkRuns, verdict: r.verdict + (r.counterexample === undefined ? '' : ` (${r.counterexample.property}: ${r.counterexample.message.slice(0, 160)})`) };
  }
  return { stepsPerSecond: median(rates), stepsPerCpuSecond: median(cpuRates), ...last, repeats };
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
  };
}
