// Breadth-first exploration of an ExplorableSystem, level by level. Every distinct state is
// first reached at its minimal depth, so the first counterexample found for a property is a
// shortest one: a state property violated at depth d has no violating trace shorter than d,
// and a transition property first violated on an edge out of depth d has none shorter than d+1.

import v8 from 'node:v8';
import vm from 'node:vm';
import { ExactStore, FingerprintStore, type StateStore } from './state-store.ts';
import { installMachineMemo } from './machine-memo.ts';
import type {
  Counterexample,
  ExplorableSystem,
  ExploreBounds,
  ExploreResult,
  MemoryStop,
  StopReason,
  Violation,
} from './types.ts';

interface PendingViolation {
  readonly violation: Violation;
  readonly kind: 'state' | 'step';
  /** The violating state (state) or the source of the violating edge (step). */
  readonly stateId: number;
  readonly eventIndex: number;
}

class MemorySampler {
  peakHeapUsed: number;
  peakRss: number;
  readonly baselineHeapUsed: number;

  constructor() {
    const m = process.memoryUsage();
    this.baselineHeapUsed = m.heapUsed;
    this.peakHeapUsed = m.heapUsed;
    this.peakRss = m.rss;
  }

  sample(): void {
    const m = process.memoryUsage();
    if (m.heapUsed > this.peakHeapUsed) this.peakHeapUsed = m.heapUsed;
    if (m.rss > this.peakRss) this.peakRss = m.rss;
  }
}

const SAMPLE_EVERY = 4096;
/** Expansions between two memory checks (and progress calls) inside a level: a few per second. */
export const MEMORY_CHECK_EVERY = 512;
/**
 * The explorer stops on the memory bound once the V8 heap's used size reaches this fraction of
 * its limit: past it V8 collects in vain and then aborts the process, losing the report.
 */
export const HEAP_GUARD_FRACTION = 0.85;

/** The memory bound reached now, or null: the resident set against maxBytes, the heap against its limit. */
function memoryBoundReached(m: { rss: number; heapUsed: number }, maxBytes: number, heapLimit: number, atBarrier: boolean): MemoryStop | null {
  if (m.rss >= maxBytes) return { what: 'rss', used: m.rss, bound: maxBytes, atBarrier };
  if (m.heapUsed >= heapLimit) return { what: 'heap', used: m.heapUsed, bound: heapLimit, atBarrier };
  return null;
}

let gcFunction: (() => void) | null = null;
/** A full garbage collection (exposed at run time: no node flag needed). */
function fullGc(): void {
  if (gcFunction === null) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as () => void;
  }
  gcFunction();
}

export function exploreSystem<S, E>(sys: ExplorableSystem<S, E>, bounds: ExploreBounds = {}): ExploreResult<E> {
  // The systems explored step model worlds: their machines answer from memos.
  installMachineMemo();
  const maxDepth = bounds.maxDepth ?? Number.POSITIVE_INFINITY;
  const maxStates = bounds.maxStates ?? Number.POSITIVE_INFINITY;
  const deadline = bounds.maxSeconds === undefined ? Number.POSITIVE_INFINITY : bounds.maxSeconds * 1000;
  const stopOnFirst = bounds.stopOnFirstViolation ?? false;
  const maxMemory = bounds.maxMemoryBytes ?? Number.POSITIVE_INFINITY;
  const heapLimit = v8.getHeapStatistics().heap_size_limit * HEAP_GUARD_FRACTION;
  let memoryStop: MemoryStop | null = null;
  const readMemory = bounds.readMemory ?? ((): { rss: number; heapUsed: number } => process.memoryUsage());
  if (bounds.measureRetainedHeap === true) fullGc();
  const memory = new MemorySampler();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const store: StateStore = bounds.exactKeys ? new ExactStore() : new FingerprintStore();

  const eventCoverage = new Map<string, number>();
  const edgeCoverage = new Map<string, number>();
  // Edge label lists counted by identity first (a system may hand out the same list object for
  // many edges), folded into edgeCoverage now and then and at the end.
  const labelLists = new Map<readonly string[], number>();
  const foldLabels = (): void => {
    for (const [ls, n] of labelLists) for (const l of ls) edgeCoverage.set(l, (edgeCoverage.get(l) ?? 0) + n);
    labelLists.clear();
  };
  const pending = new Map<string, PendingViolation>();
  let transitions = 0;
  let deadlocks = 0;
  let stateChecks = 0;
  let stepChecks = 0;
  let stop: StopReason | null = null;

  const recordState = (s: S, id: number): void => {
    if (!sys.checkState) return;
    stateChecks++;
    for (const v of sys.checkState(s)) {
      if (!pending.has(v.id)) pending.set(v.id, { violation: v, kind: 'state', stateId: id, eventIndex: -1 });
    }
  };

  // The system's own fingerprints, when it offers them and the store keeps fingerprints.
  const fpStore = store instanceof FingerprintStore && sys.fingerprint !== undefined ? store : null;
  const fp = { hi: 0, lo: 0 };
  const insert = (s: S, parent: number, eventIndex: number): number => {
    if (fpStore === null || sys.fingerprint === undefined) return store.insert(sys.key(s), parent, eventIndex);
    sys.fingerprint(s, fp);
    return fpStore.insertFingerprint(fp.hi, fp.lo, parent, eventIndex);
  };
  const countLabels = (ls: readonly string[]): void => {
    labelLists.set(ls, (labelLists.get(ls) ?? 0) + 1);
    if (labelLists.size >= 4096) foldLabels();
  };
  const noteStepViolations = (vs: readonly Violation[], id: number, eventIndex: number): void => {
    for (const v of vs) if (!pending.has(v.id)) pending.set(v.id, { violation: v, kind: 'step', stateId: id, eventIndex });
  };
  const peek = fpStore !== null && sys.peek !== undefined ? sys.peek.bind(sys) : null;
  insert(sys.initial, -1, -1);
  recordState(sys.initial, 0);
  if (stopOnFirst && pending.size > 0) stop = 'violation';

  let frontier: S[] = [sys.initial];
  let frontierIds: number[] = [0];
  const levelSizes = [1];
  let depth = 0;

  outer: while (stop === null && frontier.length > 0) {
    if (depth >= maxDepth) {
      stop = 'depth';
      break;
    }
    const next: S[] = [];
    const nextIds: number[] = [];
    for (let i = 0; i < frontier.length; i++) {
      if (performance.now() - started > deadline) {
        stop = 'time';
        break outer;
      }
      if ((i & (MEMORY_CHECK_EVERY - 1)) === 0 && i > 0) {
        const m = readMemory();
        memoryStop = memoryBoundReached(m, maxMemory, heapLimit, false);
        if (memoryStop !== null) {
          stop = 'memory';
          if (next.length > 0) levelSizes.push(next.length);
          break outer;
        }
        bounds.onExpand?.({
          depth,
          levelSize: frontier.length,
          expanded: i,
          distinctStates: store.size,
          transitions,
          seconds: (performance.now() - started) / 1000,
          rss: m.rss,
        });
      }
      const s = frontier[i] as S;
      const id = frontierIds[i] as number;
      const events = sys.enabled(s);
      if (events.length === 0) deadlocks++;
      for (let j = 0; j < events.length; j++) {
        const e = events[j] as E;
        transitions++;
        if (sys.label) {
          const l = sys.label(e);
          eventCoverage.set(l, (eventCoverage.get(l) ?? 0) + 1);
        }
        // An edge the system can tell without making its successor: made only if new.
        const peeked = peek === null ? null : peek(s, e, fp);
        let t: S | undefined;
        let nid: number;
        if (peeked !== null) {
          if (sys.edgeLabels) countLabels(peeked.labels);
          if (sys.checkStep) {
            stepChecks++;
            noteStepViolations(peeked.violations, id, j);
          }
          nid = (fpStore as FingerprintStore).insertFingerprint(fp.hi, fp.lo, id, j);
          if (nid >= 0) t = sys.step(s, e);
        } else {
          t = sys.step(s, e);
          if (sys.edgeLabels) countLabels(sys.edgeLabels(s, e, t));
          if (sys.checkStep) {
            stepChecks++;
            noteStepViolations(sys.checkStep(s, e, t), id, j);
          }
          nid = insert(t, id, j);
        }
        if (nid >= 0) {
          recordState(t as S, nid);
          next.push(t as S);
          nextIds.push(nid);
          if ((nid & (SAMPLE_EVERY - 1)) === 0) memory.sample();
        }
        if (stopOnFirst && pending.size > 0) {
          stop = 'violation';
          break outer;
        }
        if (store.size >= maxStates) {
          stop = 'states';
          // The states found so far at depth+1 are counted in levelSizes below.
          if (next.length > 0) levelSizes.push(next.length);
          break outer;
        }
      }
      // Let the expanded state be collected while the level is still being expanded.
      (frontier as (S | undefined)[])[i] = undefined;
    }
    memory.sample();
    depth++;
    frontier = next;
    frontierIds = nextIds;
    if (next.length > 0) levelSizes.push(next.length);
    const m = readMemory();
    bounds.onLevel?.({
      depth,
      distinctStates: store.size,
      transitions,
      frontier: next.length,
      seconds: (performance.now() - started) / 1000,
      rss: m.rss,
    });
    // The barrier: a level's frontier is complete, and the next one starts only within memory.
    if (next.length > 0 && depth < maxDepth) {
      memoryStop = memoryBoundReached(m, maxMemory, heapLimit, true);
      if (memoryStop !== null) stop = 'memory';
    }
  }
  foldLabels();
  if (stop === null) stop = 'fixpoint';
  memory.sample();
  // The clocks stop before the retained-heap measurement: its full collection is not exploring.
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  let retained: number | null = null;
  if (bounds.measureRetainedHeap === true) {
    // What the run keeps: the visited store, the frontier left, and the model's caches.
    fullGc();
    retained = Math.max(0, process.memoryUsage().heapUsed - memory.baselineHeapUsed);
  }

  const counterexamples = [...pending.values()].map((p) => toCounterexample(sys, store, p));
  return {
    distinctStates: store.size,
    transitions,
    maxDepth: levelSizes.length - 1,
    fixpoint: stop === 'fixpoint',
    stopReason: stop,
    memoryStop,
    levelSizes,
    deadlocks,
    seconds,
    statesPerSecond: seconds > 0 ? store.size / seconds : 0,
    cpuSeconds,
    statesPerCpuSecond: cpuSeconds > 0 ? store.size / cpuSeconds : 0,
    memory: {
      storeBytesPerState: store.bytes() / store.size,
      heapBytesPerState: Math.max(0, memory.peakHeapUsed - memory.baselineHeapUsed) / store.size,
      retainedHeapBytesPerState: retained === null ? null : retained / store.size,
      peakHeapUsed: memory.peakHeapUsed,
      peakRss: memory.peakRss,
      baselineHeapUsed: memory.baselineHeapUsed,
    },
    eventCoverage: Object.fromEntries([...eventCoverage].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    edgeCoverage: Object.fromEntries([...edgeCoverage].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    stateChecks,
    stepChecks,
    counterexamples,
    store: store.kind,
  };
}

/** Event indices from the initial state to `id`, read from the parent pointers. */
function pathTo(store: StateStore, id: number): number[] {
  const path: number[] = [];
  for (let cur = id; cur > 0; cur = store.parentOf(cur)) path.push(store.eventIndexOf(cur));
  return path.reverse();
}

/**
 * Replays event indices from the initial state. Each stored id has one concrete witness (the
 * state through which it was first found), and replaying the path reproduces exactly that
 * witness because `step` is deterministic; so the trace is concrete even under symmetry.
 */
export function replayIndices<S, E>(sys: ExplorableSystem<S, E>, indices: readonly number[]): { events: E[]; states: S[] } {
  let s = sys.initial;
  const events: E[] = [];
  const states: S[] = [s];
  for (const idx of indices) {
    const e = sys.enabled(s)[idx];
    if (e === undefined) throw new ExploreReplayError(`event index ${idx} is not enabled after ${events.length} steps`);
    s = sys.step(s, e);
    events.push(e);
    states.push(s);
  }
  return { events, states };
}

export class ExploreReplayError extends Error {
  override readonly name = 'ExploreReplayError';
}

function toCounterexample<S, E>(sys: ExplorableSystem<S, E>, store: StateStore, p: PendingViolation): Counterexample<E> {
  const indices = pathTo(store, p.stateId);
  if (p.kind === 'step') indices.push(p.eventIndex);
  const { events } = replayIndices(sys, indices);
  return {
    id: p.violation.id,
    message: p.violation.message,
    requirements: p.violation.requirements ?? [],
    kind: p.kind,
    trace: events,
  };
}
