// One conformance run per seed: a seeded random walk over the stimuli the profile enables in
// the observed state (docs/protocol.md §3: upper-tester primitives and network events incl.
// faults), each step judged by the invariant catalogue (properties/), the counterexample
// shrunk to a minimal subsequence. Deterministic: the same seed and SUT give the same run.
import type { Observation, PduObservation, Stimulus, WorldConfig } from '../observation.ts';
import type { RecordedStep } from '../pics/test-purposes.ts';
import { initialFacts, judgeStep, type Violation } from '../../properties/index.ts';
import type { CliAdapter } from './world-adapter.ts';
import type { ComparatorLike, ModelOracle } from './oracle.ts';

/** Steps of one run (a run ends earlier only on a violation). */
export const DEFAULT_STEPS = 60;

/** A small seeded PRNG (mulberry32): stimulus choice only, never key material. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * docs/protocol.md §3: the stimuli enabled in an observed state. Per MN, procedures are
 * sequential: nothing for m while a PDU concerning m is in flight (abort only then).
 */
export function enabledStimuli(o: Observation, config: WorldConfig): Stimulus[] {
  const out: Stimulus[] = [];
  const busy = new Set(o.inFlight.map((p) => p.mn));
  for (const m of o.mns) {
    if (busy.has(m.id)) continue;
    if (m.lifecycle === 'detached') for (const d of config.domains) out.push({ kind: 'attach', mn: m.id, domain: d.id });
    if (m.lifecycle === 'idle') {
      out.push({ kind: 'handover', mn: m.id, target: null, fallback: false });
      for (const d of config.domains) {
        if (d.id === m.attachedTo) continue;
        out.push({ kind: 'handover', mn: m.id, target: d.id, fallback: false }, { kind: 'handover', mn: m.id, target: d.id, fallback: true });
      }
    }
    if (m.lifecycle === 'prepared') out.push({ kind: 'complete', mn: m.id });
    if (m.lifecycle === 'waiting') out.push({ kind: 'abort', mn: m.id });
  }
  o.inFlight.forEach((p, index) => {
    // Delivery dominates so runs make progress; faults are rarer but always possible.
    out.push({ kind: 'deliver', index });
    out.push({ kind: 'drop', index }, { kind: 'duplicate', index });
    // A second corruption could undo the first (trailing then truncate restores the bytes), so
    // a corrupted PDU is not corrupted again (reported to the profile owner).
    if (p.corrupted !== true) out.push({ kind: 'corrupt', index, how: (['trailing', 'truncate', 'unknown-tlv'] as const)[index % 3]! });
  });
  for (const d of config.domains) out.push({ kind: 'setFallbackPolicy', domain: d.id, on: true }, { kind: 'setFallbackPolicy', domain: d.id, on: false });
  return out;
}

function sameStimulus(a: Stimulus, b: Stimulus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface EngineOptions {
  readonly config: WorldConfig;
  readonly steps: number;
  /** Extra filter (PICS: roles the SUT does not implement). */
  readonly allow?: (o: Observation, s: Stimulus) => boolean;
  /** The model as oracle: enabled stimuli and lockstep comparison. Absent: properties only. */
  readonly model?: ModelOracle;
  /** Entities the SUT plays; a divergence at any other entity is the tester's, not the SUT's. */
  readonly sutEntities?: readonly string[];
}

/**
 * The reference entities the tester plays around the SUT disagree with the model: neither the
 * SUT's fault nor a verdict on it. The check ends with verdict `error` naming the entity.
 */
export class TesterDisagreement extends Error {
  override readonly name = 'TesterDisagreement';
}

/** One lockstep step against the model; a divergence becomes a violation naming its requirement. */
class Lockstep {
  private comparator: ComparatorLike | undefined;
  constructor(
    private readonly model: ModelOracle | undefined,
    private readonly sutEntities: readonly string[] | undefined,
  ) {}

  reset(config: WorldConfig, seed: number, sut: Observation): Violation[] {
    if (this.model === undefined) return [];
    this.model.oracle.reset(config, seed);
    this.comparator = this.model.newComparator();
    return this.compare(sut, null);
  }

  /** Stimuli the model enables (all of `mine` without a model). */
  enabled(mine: readonly Stimulus[]): Stimulus[] {
    if (this.model === undefined) return [...mine];
    const model = new Set(this.model.oracle.enabled().map((s) => JSON.stringify(s)));
    // Network faults are the walk's choice among the model's; upper-tester stimuli are the model's.
    return mine.filter((s) => model.has(JSON.stringify(s)));
  }

  step(s: Stimulus, prev: Observation, sut: Observation): Violation[] {
    if (this.model === undefined) return [];
    this.model.oracle.apply(s);
    return this.compare(sut, s.kind === 'deliver' ? (prev.inFlight[s.index] ?? null) : null);
  }

  private compare(sut: Observation, delivered: PduObservation | null): Violation[] {
    const d = this.comparator?.compare(this.model!.oracle.observe(), sut, { delivered });
    if (d === undefined || d === null) return [];
    const entity = /^(?:MN|PoS) (\S+)/.exec(d.where)?.[1];
    if (entity !== undefined && this.sutEntities !== undefined && !this.sutEntities.includes(entity)) {
      throw new TesterDisagreement(`the tester's reference entity ${entity} disagrees with the model (${d.where}: model ${d.expected}, reference ${d.actual}); no verdict on the SUT`);
    }
    return [{ property: 'model-divergence', requirements: d.requirements, message: `${d.where}: the model has ${d.expected}, the SUT has ${d.actual}` }];
  }
}

export interface RunResult {
  readonly initial: Observation;
  readonly steps: readonly RecordedStep[];
  /** First violation and the step (1-based) it happened at. */
  readonly violation?: { readonly at: number; readonly violations: readonly Violation[] };
}

/**
 * docs/protocol.md §3: a PDU is duplicated at most once (both copies are marked). The
 * observation does not carry the mark, so the walk keeps it beside the in-flight list.
 */
export function advanceDuplicated(flags: readonly boolean[], s: Stimulus, inFlightAfter: number): boolean[] {
  const next = [...flags];
  if (s.kind === 'deliver' || s.kind === 'drop') next.splice(s.index, 1);
  if (s.kind === 'duplicate') {
    next[s.index] = true;
    next.push(true);
  }
  while (next.length < inFlightAfter) next.push(false);
  return next.slice(0, inFlightAfter);
}

/**
 * Weighted choice: first a category (delivery 6, MN primitive 3, network fault 1, fallback
 * policy 0.3 — so runs reach deep chains and still see every fault), then uniformly within it.
 */
export function choose(enabled: readonly Stimulus[], random: () => number): Stimulus {
  const category = (s: Stimulus): number => (s.kind === 'deliver' ? 0 : s.kind === 'drop' || s.kind === 'duplicate' || s.kind === 'corrupt' ? 2 : s.kind === 'setFallbackPolicy' ? 3 : 1);
  const weights = [6, 3, 1, 0.3];
  const groups: Stimulus[][] = [[], [], [], []];
  for (const s of enabled) groups[category(s)]!.push(s);
  const total = groups.reduce((t, g, i) => t + (g.length > 0 ? weights[i]! : 0), 0);
  let r = random() * total;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g.length === 0) continue;
    r -= weights[i]!;
    if (r < 0 || i === groups.length - 1) return g[Math.floor(random() * g.length)]!;
  }
  return enabled[0]!;
}

/** Runs the seeded walk on a fresh world. */
export async function walk(adapter: CliAdapter, seed: number, options: EngineOptions): Promise<RunResult> {
  await adapter.reset(options.config, seed);
  const initial = await adapter.observe();
  const random = prng(seed);
  const steps: RecordedStep[] = [];
  const lockstep = new Lockstep(options.model, options.sutEntities);
  let verdict = judgeStep(options.config, initialFacts(options.config), null, null, initial);
  const first = [...lockstep.reset(options.config, seed, initial), ...verdict.violations];
  if (first.length > 0) return { initial, steps, violation: { at: 0, violations: first } };
  let prev = initial;
  let duplicated: boolean[] = initial.inFlight.map(() => false);
  for (let i = 0; i < options.steps; i++) {
    const flags = duplicated;
    const enabled = lockstep.enabled(enabledStimuli(prev, options.config)).filter((s) => (options.allow?.(prev, s) ?? true) && !(s.kind === 'duplicate' && flags[s.index] === true));
    if (enabled.length === 0) break;
    const stimulus = choose(enabled, random);
    await adapter.apply(stimulus);
    const observation = await adapter.observe();
    steps.push({ stimulus, observation });
    duplicated = advanceDuplicated(duplicated, stimulus, observation.inFlight.length);
    verdict = judgeStep(options.config, verdict.facts, prev, stimulus, observation);
    // Properties first (they name the sentence); then the lockstep comparison with the model.
    const found = [...verdict.violations, ...lockstep.step(stimulus, prev, observation)];
    if (found.length > 0) return { initial, steps, violation: { at: i + 1, violations: found } };
    prev = observation;
  }
  return { initial, steps };
}

/** Replays a fixed stimulus list; stops (not a violation) at the first stimulus no longer enabled. */
export async function replayStimuli(adapter: CliAdapter, seed: number, stimuli: readonly Stimulus[], options: EngineOptions): Promise<RunResult & { readonly complete: boolean }> {
  await adapter.reset(options.config, seed);
  const initial = await adapter.observe();
  const steps: RecordedStep[] = [];
  const lockstep = new Lockstep(options.model, options.sutEntities);
  let verdict = judgeStep(options.config, initialFacts(options.config), null, null, initial);
  const first = [...lockstep.reset(options.config, seed, initial), ...verdict.violations];
  if (first.length > 0) return { initial, steps, violation: { at: 0, violations: first }, complete: true };
  let prev = initial;
  let duplicated: boolean[] = initial.inFlight.map(() => false);
  for (const stimulus of stimuli) {
    const enabled = lockstep.enabled(enabledStimuli(prev, options.config)).some((e) => sameStimulus(e, stimulus)) && !(stimulus.kind === 'duplicate' && duplicated[stimulus.index] === true);
    if (!enabled || !(options.allow?.(prev, stimulus) ?? true)) return { initial, steps, complete: false };
    await adapter.apply(stimulus);
    const observation = await adapter.observe();
    steps.push({ stimulus, observation });
    duplicated = advanceDuplicated(duplicated, stimulus, observation.inFlight.length);
    verdict = judgeStep(options.config, verdict.facts, prev, stimulus, observation);
    const found = [...verdict.violations, ...lockstep.step(stimulus, prev, observation)];
    if (found.length > 0) return { initial, steps, violation: { at: steps.length, violations: found }, complete: true };
    prev = observation;
  }
  return { initial, steps, complete: true };
}

/**
 * Shrinks a violating stimulus list to a 1-minimal subsequence that still violates the same
 * property (delta debugging with single removals, bounded by `budget` replays). Returns the
 * kept indices into the original list.
 */
export async function shrink(adapter: CliAdapter, seed: number, stimuli: readonly Stimulus[], property: string, options: EngineOptions, budget = 200): Promise<number[]> {
  let kept = stimuli.map((_s, i) => i);
  let tries = 0;
  let changed = true;
  while (changed && tries < budget) {
    changed = false;
    for (let drop = kept.length - 2; drop >= 0 && tries < budget; drop--) {
      const candidate = kept.filter((_k, j) => j !== drop);
      tries++;
      const r = await replayStimuli(adapter, seed, candidate.map((k) => stimuli[k]!), options);
      if (r.violation !== undefined && r.violation.violations.some((v) => v.property === property)) {
        kept = candidate.slice(0, r.violation.at);
        changed = true;
      }
    }
  }
  return kept;
}

/** Replay path: kept step indices as ranges, e.g. "0-3.5.9-11". */
export function encodePath(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    parts.push(i === j ? String(indices[i]) : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return parts.join('.');
}

export function decodePath(path: string): number[] {
  if (path === '') return [];
  const out: number[] = [];
  for (const part of path.split('.')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (m === null) throw new RangeError(`bad replay path segment ${JSON.stringify(part)}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let k = a; k <= b; k++) out.push(k);
  }
  return out;
}
