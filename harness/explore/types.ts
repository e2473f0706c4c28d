// The generic interface bounded exploration works on. Nothing here knows about Clause 5.14:
// the world adapter (world-system.ts) plugs the model and the property catalogue into it, and
// the toy systems of test/explore plug in systems whose state counts are known in closed form.

/** One property verdict that failed, in a state or on a transition. */
export interface Violation {
  /** Property id (stable: the same id is reported once, with its shortest counterexample). */
  readonly id: string;
  readonly message: string;
  readonly requirements?: readonly string[];
}

/**
 * A deterministic transition system. `enabled(s)` must list events in a deterministic order:
 * traces are stored as indices into that list and rebuilt by replaying from `initial`.
 */
export interface ExplorableSystem<S, E> {
  readonly initial: S;
  enabled(s: S): readonly E[];
  /** Pure: the same (s, e) always gives an equal successor; s is not modified. */
  step(s: S, e: E): S;
  /**
   * Canonical key: two states with equal keys are the same state for exploration. A key that
   * is equal on symmetric states (symmetry.ts) makes the explorer work on the quotient.
   */
  key(s: S): string;
  /**
   * Optional: the 64-bit fingerprint of `key(s)` (a function of the key alone: equal keys give
   * equal fingerprints), for a system that can make it more cheaply than by hashing the key's
   * text, e.g. from hashes of parts shared with other states. Used by the fingerprint store.
   */
  fingerprint?(s: S, out: { hi: number; lo: number }): void;
  /**
   * Optional: where `step(s, e)` leads and what its edge says, told without making the successor
   * when the system can tell it cheaply (null when it cannot): the successor's fingerprint (as
   * `fingerprint` would give it, written into `out`), the edge's violations (as `checkStep`)
   * and labels (as `edgeLabels`). The explorer makes the successor only if the fingerprint is
   * new. Must agree with those four; used with the fingerprint store only.
   */
  peek?(s: S, e: E, out: { hi: number; lo: number }): PeekedEdge | null;
  /** State properties: checked once per distinct state (the first concrete witness found). */
  checkState?(s: S): readonly Violation[];
  /** Transition properties: checked on every explored edge (prev, e, next). */
  checkStep?(prev: S, e: E, next: S): readonly Violation[];
  /** Coverage label of an event (e.g. its kind); events with equal labels are counted together. */
  label?(e: E): string;
  /** Coverage labels of what happened on one edge (e.g. the model transitions that fired). */
  edgeLabels?(prev: S, e: E, next: S): readonly string[];
  /**
   * Optional, for the parallel explorer (parallel.ts): a 32-bit hash of the state that decides
   * which worker owns it. Equal keys must give equal hashes, and so should the states a `peek`
   * tells (so that a peeked successor is always its predecessor's worker's own).
   */
  owner?(s: S): number;
  /** Optional, for the parallel explorer: the state as structured-clonable data, and back. */
  encode?(s: S): unknown;
  decode?(data: unknown): S;
}

/** What `peek` tells of an edge without making its successor. */
export interface PeekedEdge {
  readonly violations: readonly Violation[];
  readonly labels: readonly string[];
}

export interface ExploreBounds {
  /** Longest trace explored, in steps (states at depth <= maxDepth are checked). Default: none. */
  readonly maxDepth?: number;
  /** Stop once this many distinct states are stored. Default: none. */
  readonly maxStates?: number;
  /** Stop once this many seconds have passed (checked between expansions). Default: none. */
  readonly maxSeconds?: number;
  /** Stop at the first violation instead of collecting one shortest trace per property id. */
  readonly stopOnFirstViolation?: boolean;
  /**
   * Store exact keys (a Set of strings) instead of 64-bit fingerprints (hash compaction). Exact
   * is slower and larger; it is there to check that compaction lost nothing on small worlds.
   */
  readonly exactKeys?: boolean;
  /** Collect garbage before and after the run to measure the heap it retains (costs a few ms). */
  readonly measureRetainedHeap?: boolean;
  /**
   * Stop once the resident set (process.memoryUsage().rss) reaches this many bytes, checked at
   * every level barrier and every MEMORY_CHECK_EVERY expansions inside a level. Independently
   * of it the explorer stops, with the same reason, before the V8 heap reaches its limit
   * (HEAP_GUARD_FRACTION of heap_size_limit): a bound reported, never an out-of-memory crash.
   */
  readonly maxMemoryBytes?: number;
  /** Where the memory figures come from (default process.memoryUsage); a test passes its own. */
  readonly readMemory?: () => { readonly rss: number; readonly heapUsed: number };
  /** Called after each completed BFS level (depth, states so far, frontier size). */
  readonly onLevel?: (progress: LevelProgress) => void;
  /** Called now and then inside a level (every few thousand expansions), for progress lines. */
  readonly onExpand?: (progress: ExpandProgress) => void;
}

export interface LevelProgress {
  readonly depth: number;
  readonly distinctStates: number;
  readonly transitions: number;
  readonly frontier: number;
  readonly seconds: number;
  /** Resident set size at the barrier, bytes. */
  readonly rss: number;
}

/** Where a level's expansion stands: `expanded` of the `levelSize` states of depth `depth`. */
export interface ExpandProgress {
  readonly depth: number;
  readonly levelSize: number;
  readonly expanded: number;
  readonly distinctStates: number;
  readonly transitions: number;
  readonly seconds: number;
  readonly rss: number;
}

export interface Counterexample<E> {
  readonly id: string;
  readonly message: string;
  readonly requirements: readonly string[];
  /** 'state': the last state of the trace violates; 'step': the last transition does. */
  readonly kind: 'state' | 'step';
  /** The events from the initial state; its length is the trace length (shortest by BFS). */
  readonly trace: readonly E[];
}

export type StopReason = 'fixpoint' | 'depth' | 'states' | 'time' | 'memory' | 'violation';

/** What stopped a run on the memory bound: the resident set or the V8 heap, and the figures. */
export interface MemoryStop {
  readonly what: 'rss' | 'heap';
  /** The figure measured when the explorer stopped, bytes. */
  readonly used: number;
  /** The bound it reached (maxMemoryBytes, or the heap guard), bytes. */
  readonly bound: number;
  /** Stopped at a level barrier: every trace up to the report's maxDepth was explored. */
  readonly atBarrier: boolean;
}

export interface ExploreResult<E> {
  readonly distinctStates: number;
  readonly transitions: number;
  /** Deepest BFS level that holds a state. */
  readonly maxDepth: number;
  /** True iff every reachable state was explored (the frontier emptied without a bound). */
  readonly fixpoint: boolean;
  readonly stopReason: StopReason;
  /** Set when stopReason is 'memory'. */
  readonly memoryStop: MemoryStop | null;
  /** Distinct states first reached at each depth. */
  readonly levelSizes: readonly number[];
  /** States with no enabled event. */
  readonly deadlocks: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** CPU time of this process during the run (user + system): robust to other load on the machine. */
  readonly cpuSeconds: number;
  readonly statesPerCpuSecond: number;
  readonly memory: MemoryFigures;
  /** Number of edges per event label. */
  readonly eventCoverage: Readonly<Record<string, number>>;
  /** Number of edges per edge label (edgeLabels). */
  readonly edgeCoverage: Readonly<Record<string, number>>;
  readonly stateChecks: number;
  readonly stepChecks: number;
  readonly counterexamples: readonly Counterexample<E>[];
  readonly store: 'fingerprint64' | 'exact';
}

export interface MemoryFigures {
  /** Bytes held by the visited-state store (fingerprints + parent pointers), per state. */
  readonly storeBytesPerState: number;
  /** (peak heapUsed - heapUsed before the run) / distinct states: store, frontier and garbage. */
  readonly heapBytesPerState: number;
  /**
   * (heapUsed after a full GC at the end - heapUsed after a full GC at the start) / distinct
   * states: the store, the frontier left and the model's memo caches; null unless measured.
   */
  readonly retainedHeapBytesPerState: number | null;
  readonly peakHeapUsed: number;
  readonly peakRss: number;
  readonly baselineHeapUsed: number;
}
