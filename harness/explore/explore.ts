// `explore(options)`: exhaustive bounded exploration of the composed model world with every
// property of the catalogue checked on every step, and the report spec editors read ("no trace
// of up to N steps violates the chain limit under this reading"). The CLI (harness/cli) and
// harness/explore/main.ts call this.
import { PROPERTIES, type Property } from '../../properties/index.ts';
import { eventLabel, FAULT_KINDS, type FaultKind, type WorldEvent } from '../../model/world/events.ts';
import { READINGS, VARIANT_AXES, resolveVariant, type Variant, type VariantAxis, type VariantId } from '../../model/variants.ts';
import type { Method, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { exploreSystem } from './bfs.ts';
import { exploreParallel, type ParallelFigures } from './parallel.ts';
import { symmetricWorldSystem } from './world-symmetry.ts';
import { concreteTrace, lazyPolicySystem } from './lazy-policies.ts';
import type { Counterexample, ExpandProgress, ExploreBounds, ExploreResult, LevelProgress, MemoryFigures, MemoryStop, StopReason } from './types.ts';
import { allTransitionLabels, worldSystem, type WorldKeyKind } from './world-system.ts';
import { exploreWorld, type WorldShape } from './worlds.ts';

export class ExploreOptionError extends Error {
  override readonly name = 'ExploreOptionError';
}

export interface ExploreOptions {
  /** An explicit world; otherwise exploreWorld({ shape, mns, domains, limit }). */
  readonly world?: WorldConfig;
  readonly shape?: WorldShape;
  readonly mns?: number;
  readonly domains?: number;
  readonly limit?: number;
  /** Full establishment method of the (alike) MNs: ERP and TLS exercise V-ERP-* and V-TLS-*. */
  readonly method?: Method;
  //= SPEC_MAPPING.md#V-ENFORCE-TPOS
  //# Only the TPoS checks the depth carried in MIS_N2N_Prereg_Xfer (depth > L → CHAIN_LIMIT).
  /** Interpretation variant: axis → V- id (e.g. { enforce: 'V-ENFORCE-TPOS' }). */
  readonly variant?: Partial<Variant>;
  /** Network faults in the alphabet. Default: none (a reliable network; see docs/scaling.md). */
  readonly faults?: readonly FaultKind[];
  readonly maxDepth?: number;
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  /** Stop once the process's resident set reaches this many MiB (bfs.ts, ExploreBounds.maxMemoryBytes). */
  readonly maxMemory?: number;
  readonly stopOnFirstViolation?: boolean;
  /** Explore one representative per orbit of interchangeable MNs and domains (symmetry.ts). */
  readonly symmetry?: boolean;
  readonly exactKeys?: boolean;
  /** 'fast' (default), 'model' or 'coarse' (world-system.ts WorldKeyKind). */
  readonly worldKey?: WorldKeyKind;
  readonly factsKey?: 'live' | 'full';
  /**
   * 'exact' (default): the PoSs' fallback policies are part of the state; 'lazy': they are not,
   * and a step that reads one is branched over its values (lazy-policies.ts).
   */
  readonly policies?: PolicyMode;
  readonly catalogue?: readonly Property[];
  readonly onLevel?: (p: LevelProgress) => void;
  readonly onExpand?: (p: ExpandProgress) => void;
  /**
   * Worker threads (parallel.ts); default 1, this thread alone. More give the same result
   * (counts, levels, coverage, counterexample traces) with the bounds checked at level barriers.
   */
  readonly workers?: number;
  /** Full GCs around the run to report the retained heap per state (default true). */
  readonly measureRetainedHeap?: boolean;
}

export type PolicyMode = 'exact' | 'lazy';

export const POLICY_MODES: readonly PolicyMode[] = ['exact', 'lazy'];

export interface ExploreCounterexample {
  readonly property: string;
  readonly requirements: readonly string[];
  readonly message: string;
  readonly kind: 'state' | 'step';
  /** Number of steps: shortest among all traces violating this property (BFS). */
  readonly length: number;
  /**
   * The BFS depth it was found at: `length` when the policies are exact; under lazy policies the
   * steps but the policy changes inserted before them, so depth ≤ the exact shortest length ≤ length.
   */
  readonly depth: number;
  readonly trace: readonly Stimulus[];
  readonly steps: readonly string[];
}

export interface ExploreReport {
  readonly world: WorldConfig;
  readonly variant: Variant;
  readonly faults: readonly FaultKind[];
  readonly bounds: { readonly maxDepth: number | null; readonly maxStates: number | null; readonly maxSeconds: number | null; readonly maxMemory: number | null };
  readonly symmetry: { readonly enabled: boolean; readonly groupSize: number };
  /** How the fallback policies were explored; under 'lazy' depth counts the steps but the policy changes. */
  readonly policies: PolicyMode;
  readonly distinctStates: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly fixpoint: boolean;
  readonly stopReason: StopReason;
  /** What reached the memory bound (stopReason 'memory'), else null. */
  readonly memoryStop: MemoryStop | null;
  readonly levelSizes: readonly number[];
  readonly deadlocks: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly cpuSeconds: number;
  readonly statesPerCpuSecond: number;
  readonly memory: MemoryFigures;
  readonly store: ExploreResult<WorldEvent>['store'];
  readonly properties: readonly string[];
  readonly stepChecks: number;
  readonly coverage: {
    readonly events: Readonly<Record<string, number>>;
    readonly requirementsExercised: readonly string[];
    readonly requirementsNotExercised: readonly string[];
    readonly transitionsFired: number;
    readonly transitionsDefined: number;
    readonly transitionsNotFired: readonly string[];
  };
  /** One shortest counterexample per violated property; empty: no violation within the bounds. */
  readonly counterexamples: readonly ExploreCounterexample[];
  /** The worker threads and the states that crossed between them per level; null: one thread. */
  readonly parallel: ParallelFigures | null;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Parses `NAME=VALUE` (axis=V-id) or a bare V- id into a partial variant. */
export function parseVariant(specs: readonly string[]): Partial<Variant> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const value = eq < 0 ? spec : spec.slice(eq + 1);
    const reading = (READINGS as Record<string, { axis: VariantAxis } | undefined>)[value];
    if (reading === undefined) {
      throw new ExploreOptionError(`unknown variant ${JSON.stringify(value)}; known: ${Object.keys(READINGS).join(', ')}`);
    }
    const axis = eq < 0 ? reading.axis : spec.slice(0, eq);
    if (!VARIANT_AXES.includes(axis as VariantAxis)) {
      throw new ExploreOptionError(`unknown variant axis ${JSON.stringify(axis)}; axes: ${VARIANT_AXES.join(', ')}`);
    }
    if (reading.axis !== axis) throw new ExploreOptionError(`${value} is a reading of axis ${reading.axis}, not ${axis}`);
    if (out[axis] !== undefined && out[axis] !== value) throw new ExploreOptionError(`axis ${axis} given twice`);
    out[axis] = value as VariantId;
  }
  return out as Partial<Variant>;
}

/** Parses `drop,duplicate,corrupt`, `all` or `none`. */
export function parseFaults(spec: string): FaultKind[] {
  if (spec === 'none' || spec === '') return [];
  if (spec === 'all') return [...FAULT_KINDS];
  const kinds = spec.split(',').map((s) => s.trim());
  for (const k of kinds) {
    if (!FAULT_KINDS.includes(k as FaultKind)) throw new ExploreOptionError(`unknown network fault ${JSON.stringify(k)}; known: ${FAULT_KINDS.join(', ')}, all, none`);
  }
  return kinds as FaultKind[];
}

function checkBound(name: string, v: number | undefined, min: number): void {
  if (v !== undefined && (!Number.isFinite(v) || v < min || (name !== 'maxSeconds' && !Number.isInteger(v)))) {
    throw new ExploreOptionError(`${name} must be ${name === 'maxSeconds' ? 'a number' : 'an integer'} >= ${min}, got ${v}`);
  }
}

export function explore(options: ExploreOptions = {}): ExploreReport {
  checkBound('maxDepth', options.maxDepth, 0);
  checkBound('maxStates', options.maxStates, 1);
  checkBound('maxSeconds', options.maxSeconds, 0);
  checkBound('maxMemory', options.maxMemory, 1);
  const world =
    options.world ??
    exploreWorld({
      ...(options.shape === undefined ? {} : { shape: options.shape }),
      ...(options.mns === undefined ? {} : { mns: options.mns }),
      ...(options.domains === undefined ? {} : { domains: options.domains }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.method === undefined ? {} : { method: options.method }),
    });
  const variant = resolveVariant(options.variant ?? {});
  const faults = options.faults ?? [];
  const catalogue = options.catalogue ?? PROPERTIES;
  const sysOptions = {
    config: world,
    variant,
    faults,
    catalogue,
    ...(options.worldKey === undefined ? {} : { worldKey: options.worldKey }),
    ...(options.factsKey === undefined ? {} : { factsKey: options.factsKey }),
  };
  const workers = options.workers ?? 1;
  checkBound('workers', workers, 1);
  const policies = options.policies ?? 'exact';
  if (!POLICY_MODES.includes(policies)) throw new ExploreOptionError(`unknown policy mode ${JSON.stringify(policies)}; known: ${POLICY_MODES.join(', ')}`);
  if (policies === 'lazy') {
    if (options.symmetry === true) throw new ExploreOptionError('--policies lazy does not combine with --symmetry yet');
    if (workers > 1) throw new ExploreOptionError('--policies lazy does not combine with --workers yet: use --workers 1');
  }
  if (workers > 1) {
    // Workers build the system from plain options: no functions (a catalogue) cross threads.
    if (options.symmetry === true) throw new ExploreOptionError('--workers does not combine with --symmetry yet: use --workers 1');
    if (options.catalogue !== undefined) throw new ExploreOptionError('workers judge with the built-in catalogue only');
    if (options.exactKeys === true) throw new ExploreOptionError('--workers does not combine with --exact (the workers keep fingerprints)');
  }
  const { system, groupSize } = workers > 1 ? { system: null, groupSize: 1 } : options.symmetry === true ? symmetricWorldSystem(sysOptions) : { system: worldSystem(sysOptions), groupSize: 1 };
  const bounds = {
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
    ...(options.maxSeconds === undefined ? {} : { maxSeconds: options.maxSeconds }),
    ...(options.stopOnFirstViolation === undefined ? {} : { stopOnFirstViolation: options.stopOnFirstViolation }),
    ...(options.exactKeys === undefined ? {} : { exactKeys: options.exactKeys }),
    ...(options.maxMemory === undefined ? {} : { maxMemoryBytes: options.maxMemory * 2 ** 20 }),
    ...(options.onLevel === undefined ? {} : { onLevel: options.onLevel }),
    ...(options.onExpand === undefined ? {} : { onExpand: options.onExpand }),
    measureRetainedHeap: options.measureRetainedHeap ?? true,
  };
  const { catalogue: _builtIn, ...plainOptions } = sysOptions;
  const depths = new Map<string, number>();
  const r =
    system === null
      ? exploreParallel(plainOptions, workers, bounds)
      : policies === 'lazy'
        ? { ...exploreLazily(system as ReturnType<typeof worldSystem>, world, bounds, depths), parallel: null }
        : { ...exploreSystem(system, bounds), parallel: null };

  const allReqs = [...new Set(catalogue.flatMap((p) => p.requirements))].sort(byString);
  const exercised = Object.keys(r.edgeCoverage).filter((l) => l.startsWith('req:')).map((l) => l.slice(4));
  const fired = new Set(Object.keys(r.edgeCoverage).filter((l) => l.startsWith('tr:')));
  const defined = allTransitionLabels(world, variant);
  return {
    world,
    variant,
    faults,
    bounds: { maxDepth: options.maxDepth ?? null, maxStates: options.maxStates ?? null, maxSeconds: options.maxSeconds ?? null, maxMemory: options.maxMemory ?? null },
    symmetry: { enabled: options.symmetry === true, groupSize },
    policies,
    distinctStates: r.distinctStates,
    transitions: r.transitions,
    maxDepth: r.maxDepth,
    fixpoint: r.fixpoint,
    stopReason: r.stopReason,
    memoryStop: r.memoryStop,
    levelSizes: r.levelSizes,
    deadlocks: r.deadlocks,
    seconds: r.seconds,
    statesPerSecond: r.statesPerSecond,
    cpuSeconds: r.cpuSeconds,
    statesPerCpuSecond: r.statesPerCpuSecond,
    memory: r.memory,
    store: r.store,
    properties: catalogue.map((p) => p.id),
    stepChecks: r.stepChecks,
    coverage: {
      events: r.eventCoverage,
      requirementsExercised: exercised.sort(byString),
      requirementsNotExercised: allReqs.filter((id) => !exercised.includes(id)),
      transitionsFired: defined.filter((t) => fired.has(t)).length,
      transitionsDefined: defined.length,
      transitionsNotFired: defined.filter((t) => !fired.has(t)).map((t) => t.slice(3)),
    },
    counterexamples: [...r.counterexamples]
      .sort((a, b) => a.trace.length - b.trace.length || byString(a.id, b.id))
      .map((c: Counterexample<WorldEvent>) => ({
        property: c.id,
        requirements: c.requirements,
        message: c.message,
        kind: c.kind,
        length: c.trace.length,
        depth: depths.get(c.id) ?? c.trace.length,
        trace: c.trace as readonly Stimulus[],
        steps: c.trace.map(eventLabel),
      })),
    parallel: r.parallel,
  };
}

/** The lazy policies' exploration, its counterexamples made concrete (the policy changes inserted), their depths into `depths`. */
function exploreLazily(system: ReturnType<typeof worldSystem>, world: WorldConfig, bounds: ExploreBounds, depths: Map<string, number>): ExploreResult<WorldEvent> {
  const domains = world.domains.map((d) => d.id);
  const r = exploreSystem(lazyPolicySystem(system, domains), bounds);
  const initialPolicies = world.domains.map((d) => d.requestsFallback);
  for (const c of r.counterexamples) depths.set(c.id, c.trace.length);
  return { ...r, counterexamples: r.counterexamples.map((c) => ({ ...c, trace: concreteTrace(initialPolicies, domains, c.trace) })) };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** "stopped at N states: memory bound (…)", and how far the traces are complete. */
function memoryBoundLine(states: number, depth: number, m: MemoryStop): string {
  const what = m.what === 'rss' ? `resident set ${mb(m.used)} >= --max-memory ${mb(m.bound)}` : `V8 heap ${mb(m.used)} near its limit (${mb(m.bound)})`;
  const complete = m.atBarrier ? depth : Math.max(0, depth - 1);
  return `stopped at ${fmt(states)} states: memory bound (${what}) at depth ${depth} (traces up to ${complete} steps complete)`;
}

/** The report for people: what was explored, the verdict, then the figures. */
export function formatExploreReport(r: ExploreReport): string {
  const changed = VARIANT_AXES.filter((a) => r.variant[a] !== resolveVariant({})[a]).map((a) => r.variant[a]);
  const lines: string[] = [];
  lines.push(
    `World: ${r.world.mns.length} MN(s) [${r.world.mns.map((m) => `${m.id} ${m.method}@${m.home}`).join(', ')}], ` +
      `${r.world.domains.length} domains [${r.world.domains.map((d) => `${d.id}→{${d.partners.join(',')}}`).join(' ')}], L = ${r.world.chainLimit}`,
  );
  lines.push(`Variant: ${changed.length === 0 ? 'defaults (docs/protocol.md)' : changed.join(', ')}; network faults: ${r.faults.length === 0 ? 'none' : r.faults.join(', ')}`);
  lines.push(`Symmetry reduction: ${r.symmetry.enabled ? `on (group of ${r.symmetry.groupSize})` : 'off'}`);
  if (r.policies === 'lazy') lines.push('Fallback policies: lazy (not in the state; depth counts steps, not the policy changes a trace needs before them)');
  const bound = r.fixpoint
    ? `fixpoint reached: every reachable state explored (longest shortest path ${r.maxDepth} steps)`
    : r.stopReason === 'depth'
      ? `every trace of up to ${r.maxDepth} steps explored (depth bound)`
      : r.memoryStop !== null
        ? memoryBoundLine(r.distinctStates, r.maxDepth, r.memoryStop)
        : `stopped by the ${r.stopReason} bound at depth ${r.maxDepth} (traces up to ${Math.max(0, r.maxDepth - 1)} steps complete)`;
  lines.push(`Explored: ${fmt(r.distinctStates)} distinct states, ${fmt(r.transitions)} transitions; ${bound}`);
  if (r.counterexamples.length === 0) {
    lines.push(`Verdict: no violation of the ${r.properties.length} properties ${r.fixpoint ? 'in any reachable state' : `within the bound`}`);
  } else {
    lines.push(`Verdict: ${r.counterexamples.length} propert${r.counterexamples.length === 1 ? 'y' : 'ies'} violated; shortest counterexamples:`);
    for (const c of r.counterexamples) {
      lines.push(`  ${c.property} [${c.requirements.join(', ')}] after ${c.length} step(s): ${c.message}`);
      c.steps.forEach((s, i) => lines.push(`    ${String(i + 1).padStart(3)}. ${s}`));
    }
  }
  lines.push(
    `Figures: ${r.seconds.toFixed(2)} s (${r.cpuSeconds.toFixed(2)} s CPU), ${fmt(r.statesPerSecond)} states/s (${fmt(r.statesPerCpuSecond)} per CPU second), ` +
      `${r.memory.storeBytesPerState.toFixed(1)} B/state in the visited store, ${r.memory.retainedHeapBytesPerState === null ? '' : `${fmt(r.memory.retainedHeapBytesPerState)} B/state retained heap, `}${fmt(r.memory.heapBytesPerState)} B/state peak heap, peak heap ${mb(r.memory.peakHeapUsed)}, peak RSS ${mb(r.memory.peakRss)}`,
  );
  lines.push(`Levels: ${r.levelSizes.join(' ')}`);
  lines.push(`Events: ${Object.entries(r.coverage.events).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  lines.push(`Requirements exercised: ${r.coverage.requirementsExercised.join(', ') || 'none'}`);
  if (r.coverage.requirementsNotExercised.length > 0) lines.push(`Requirements never exercised: ${r.coverage.requirementsNotExercised.join(', ')}`);
  lines.push(`Model transitions fired: ${r.coverage.transitionsFired} of ${r.coverage.transitionsDefined}`);
  if (r.coverage.transitionsNotFired.length > 0) lines.push(`  not fired: ${r.coverage.transitionsNotFired.join(', ')}`);
  return lines.join('\n');
}
