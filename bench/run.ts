// `npm run bench`: one JSON object of figures measured side by side in one run (medians of
// repeats after a warm-up). Figures only: no test asserts a speed. `--quick` does fewer repeats.
import { hmacNobleRate, hmacNodeRate, xstateActorSendRate, xstateTransitionRate } from './bare.ts';
import { round } from './measure.ts';
import { defaultCheckRate, exploreRate, lockstepRate } from './protocol.ts';
import { xstatePeer } from './xstate-peer.ts';

const quick = process.argv.includes('--quick');
const repeats = quick ? 1 : 3;
const rateOpts = quick ? { warmupMs: 100, runs: 3, runMs: 200 } : {};

const xstateTransition = xstateTransitionRate(rateOpts);
const xstateActorSend = xstateActorSendRate(rateOpts);
const hmacNoble = hmacNobleRate(rateOpts);
const hmacNode = hmacNodeRate(rateOpts);
const lockstep = await lockstepRate(repeats, quick ? 30 : undefined);
const check = await defaultCheckRate(repeats, quick ? 20 : 100);
// The default world of the targets: 1 MN, the 4 domains of harness/default-world.ts, L = 3,
// reliable network, explored to its fixpoint. Median of five, each from empty model caches
// (the first also with a cold JIT).
const exploreDefault = exploreRate({}, quick ? 1 : 5);
// The conformance alphabet with network faults: bounded by depth (no fixpoint in reach).
const exploreFaults = exploreRate({ faults: ['drop', 'duplicate', 'corrupt'], maxDepth: 8 }, 1);
// The same world under the coarse world key (harness/explore/coarse-key.ts), at L = 3 and at L = 8,
// where the exact keys need 1.3 M states (bench/l-sweep.ts gives every L).
const exploreCoarse = exploreRate({ worldKey: 'coarse' }, quick ? 1 : 3);
const exploreCoarseL8 = exploreRate({ worldKey: 'coarse', limit: 8 }, 1);
// The default world over two worker threads (harness/explore/parallel.ts), right after the
// one-thread figure above: the same counts, its own time.
const exploreTwoWorkers = exploreRate({ workers: 2 }, quick ? 1 : 3);
// A peer: xstate/graph's getAdjacencyMap over the same world (bench/xstate-peer.ts), L = 0.
const peer = xstatePeer(0);

const r = (x: number): number => round(x);
const ratio = (a: number, b: number): number => round(a / b, 4);
const fig = (f: ReturnType<typeof exploreRate>): Record<string, number | boolean | number[]> => ({
  distinctStatesPerSecond: r(f.statesPerSecond),
  distinctStatesPerCpuSecond: r(f.statesPerCpuSecond),
  coldDistinctStatesPerSecond: r(f.coldStatesPerSecond),
  transitionsPerSecond: r(f.transitionsPerSecond),
  distinctStates: f.distinctStates,
  transitions: f.transitions,
  maxDepth: f.maxDepth,
  fixpoint: f.fixpoint,
  seconds: round(f.seconds, 2),
  storeBytesPerState: round(f.storeBytesPerState, 1),
  peakHeapBytesPerState: r(f.heapBytesPerState),
  retainedHeapBytesPerState: f.retainedHeapBytesPerState === null ? -1 : r(f.retainedHeapBytesPerState),
  peakHeapUsedMiB: round(f.peakHeapUsedMiB, 1),
  peakRssMiB: round(f.peakRssMiB, 1),
  // What the whole process held per state at its peak (every thread's heap, code, caches).
  peakRssBytesPerState: r((f.peakRssMiB * 2 ** 20) / f.distinctStates),
  violations: f.violations,
  repeats: f.repeats,
  perRepeatDistinctStatesPerSecond: f.perRepeat.map(r),
});

const out = {
  machine: { node: process.version, cpus: 2, loadAverage1m: round((await import('node:os')).loadavg()[0] ?? 0, 2) },
  lockstepConformance: {
    stepsPerSecond: r(lockstep.stepsPerSecond),
    stepsPerCpuSecond: r(lockstep.stepsPerCpuSecond),
    steps: lockstep.steps,
    runs: lockstep.runs,
    verdict: lockstep.verdict,
    repeats: lockstep.repeats,
    perRepeatStepsPerSecond: lockstep.perRepeat.map(r),
    note: 'runConformance, 150 runs (DEFAULT_RUNS) per repeat at seeds 20260, 20261, 20262 after a warm-up run at seed 1, in one process as a long property run (model memo kept): model oracle + reference SUT (harness/adapters/reference-adapter.ts) + every property on both sides after every step (on the SUT by the model verdict while its observations mirror the model ones, harness/README.md), default world (2 MNs, 4 domains); steps, runs and verdict of the last repeat',
  },
  defaultCheck: {
    stepsPerSecond: r(check.stepsPerSecond),
    stepsPerCpuSecond: r(check.stepsPerCpuSecond),
    steps: check.steps,
    runs: check.runs,
    verdict: check.verdict,
    repeats: check.repeats,
    perRepeatStepsPerSecond: check.perRepeat.map(r),
    note: 'the default check (npm start) loop: runSeed over 100 seeds per repeat (seeds 101.., 201.., ... after a warm-up repeat at 1..100): a generated world per run, placements all/mns/pos against the pristine peers, the tester\'s own wire checks and the active lower tester, through the hybrid world (asynchronous); steps and verdict of the last repeat',
  },
  exploration: {
    defaultWorld: { world: '1 MN, 4 domains (harness/default-world.ts), L = 3, reliable network, to the fixpoint; each repeat from empty model caches', ...fig(exploreDefault) },
    defaultWorldWithFaults: { world: 'same, with drop/duplicate/corrupt, depth 8', ...fig(exploreFaults) },
    defaultWorldCoarseKey: { world: 'the default world under --world-key coarse, to the fixpoint', ...fig(exploreCoarse) },
    defaultWorldCoarseKeyL8: { world: 'the default world at L = 8 under --world-key coarse, to the fixpoint', ...fig(exploreCoarseL8) },
    defaultWorldTwoWorkers: { world: 'the default world with --workers 2 (worker threads, each started under tsx), to the fixpoint', ...fig(exploreTwoWorkers) },
    twoWorkersToOne: ratio(exploreTwoWorkers.statesPerSecond, exploreDefault.statesPerSecond),
    twoWorkersToOnePerCpuSecond: ratio(exploreTwoWorkers.statesPerCpuSecond, exploreDefault.statesPerCpuSecond),
    xstateGraphPeer: { ...peer, note: "getAdjacencyMap over the world system wrapped with fromTransition: the same step (with proauth's shared sibling steps), judge and key; the two traversals alternate over the rounds (XState first in the first), best round against best round, and the first round's ratio as the cold figure" },
  },
  xstateTransitionEventsPerSecond: r(xstateTransition.median),
  xstateActorSendEventsPerSecond: r(xstateActorSend.median),
  hmacSha256NoblePerSecond: r(hmacNoble.median),
  hmacSha256NodeCryptoPerSecond: r(hmacNode.median),
  perCpuSecond: {
    xstateTransitionEvents: r(xstateTransition.medianPerCpuSecond),
    xstateActorSendEvents: r(xstateActorSend.medianPerCpuSecond),
    hmacSha256Noble: r(hmacNoble.medianPerCpuSecond),
    hmacSha256NodeCrypto: r(hmacNode.medianPerCpuSecond),
  },
  ratios: {
    lockstepStepsToXstateTransition: ratio(lockstep.stepsPerSecond, xstateTransition.median),
    lockstepStepsToActorSend: ratio(lockstep.stepsPerSecond, xstateActorSend.median),
    explorationStatesToXstateTransition: ratio(exploreDefault.statesPerSecond, xstateTransition.median),
    explorationStatesToActorSend: ratio(exploreDefault.statesPerSecond, xstateActorSend.median),
    explorationTransitionsToXstateTransition: ratio(exploreDefault.transitionsPerSecond, xstateTransition.median),
    hmacNobleToNodeCrypto: ratio(hmacNoble.median, hmacNode.median),
  },
  // The same ratios from CPU time: the fairer comparison when other processes share the cores.
  ratiosPerCpuSecond: {
    lockstepStepsToXstateTransition: ratio(lockstep.stepsPerCpuSecond, xstateTransition.medianPerCpuSecond),
    lockstepStepsToActorSend: ratio(lockstep.stepsPerCpuSecond, xstateActorSend.medianPerCpuSecond),
    explorationStatesToXstateTransition: ratio(exploreDefault.statesPerCpuSecond, xstateTransition.medianPerCpuSecond),
    explorationStatesToActorSend: ratio(exploreDefault.statesPerCpuSecond, xstateActorSend.medianPerCpuSecond),
  },
};
console.log(JSON.stringify(out, null, 2));
