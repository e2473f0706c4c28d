// The composed world of the model, with the property catalogue riding along, as an
// ExplorableSystem. The model stays the single source of truth: `enabled` and `step` are the
// model's own (model/world/world.ts), stepping its machines through their memos (machine-memo.ts
// asks the model and only remembers the answers), and the fast key is checked against
// canonicalKey (world-key.ts) by a test.
//
// An explored state is (world, facts): the properties judge each step with what the trace has
// established so far (properties/trace-facts.ts), so the facts are part of the state. The key is
// the world's canonical key plus the live projection of the facts (facts-key.ts).
import { PROPERTIES, initialFacts, type Property, type TraceFacts, type Violation as PropertyViolation } from '../../properties/index.ts';
import { IdentityCache } from './identity-cache.ts';
import { CachingJudge } from './judge-cache.ts';
import { machinesFor } from '../../model/world/machines.ts';
import type { FaultKind, WorldEvent } from '../../model/world/events.ts';
import { enabled, initialWorld, stepWithRecord, type World } from '../../model/world/world.ts';
import { resolveVariant, type Variant } from '../../model/variants.ts';
import type { DomainId, Observation, WorldConfig } from '../../vocabulary/observation.ts';
import { FastWorldKey, checkFastKeyApplies, sameButPolicies } from './fast-key.ts';
import { fingerprint, fingerprintWordsInto, type Fingerprint } from './fingerprint.ts';
import { factsKey } from './facts-key.ts';
import { allTransitionIds, installMachineMemo } from './machine-memo.ts';
import { SiblingSteps, samePolicies, withPoliciesOf, withPolicyOf } from './sibling-steps.ts';
import { sameFactsButPolicy, watchPolicy, withFactsCore } from './sibling-facts.ts';
import type { ExplorableSystem, PeekedEdge, Violation } from './types.ts';
import { cachedView, cachedViewAfter } from './view-cache.ts';
import { canonicalKey } from './world-key.ts';
import { CoarseKeyError, CoarseWorldKey, checkCoarseKeyApplies } from './coarse-key.ts';
import { readsBeyond, type StateRead } from './property-reads.ts';

export interface WorldState {
  readonly world: World;
  readonly obs: Observation;
  readonly facts: TraceFacts;
  /** Verdicts of the step that produced this state object (of the initial judgement for the root). */
  readonly violations: readonly Violation[];
  /** Coverage labels of that step: `req:<id>` exercised, `tr:<machine>:<transition>` fired. */
  readonly labels: readonly string[];
  /** This state's key and its parts, filled in by the system that made the state. */
  keyParts: KeyParts | undefined;
}

/**
 * A state's key is `world + U+0001 + facts`; under the fast and the coarse key `world` is
 * `policy bits | rest` (fast-key.ts, coarse-key.ts). Ids cannot hold U+0001 or `|` (model/world/config.ts), so the key determines
 * its parts, and the fingerprint made from the parts' fingerprints is a function of the key.
 * Parts reused from a predecessor bring their fingerprints along, so a fallback-policy successor
 * hashes only its policy bits.
 */
interface KeyParts {
  /**
   * The world part of the key. Under the fast key it is made only when a string key is asked
   * for (the exact store, tests): fingerprints are hashed from the components directly.
   */
  world: string | undefined;
  /** `world` is `policy bits | rest` (the fast or the coarse key), `restFp` the fingerprint of rest. */
  readonly policyApart: boolean;
  /** The facts part of the key; under the fast key made only when a string key is asked for. */
  facts: string | undefined;
  /** The facts part leaves the policy to the world key. */
  readonly policyInWorld: boolean;
  /** Fingerprint of the components part (fast key: fingerprint of fast.rest) or of the model key, and of facts. */
  readonly restFp: Fingerprint;
  readonly factsFp: Fingerprint;
}

/** A step kept for policy siblings (sibling-steps.ts): its successor, and what judging it again needs. */
interface SharedStep {
  readonly to: WorldState;
  readonly fired: readonly { machine: string; transition: string }[];
  /** The judge looked at a policy: each sibling's step is judged again. */
  readonly judgeLooked: boolean;
}

/**
 * What the lazy policies (lazy-policies.ts) ask of the world system: steps with the policies
 * they read, the verdict of a policy change that holds out of every policy sibling, and the key
 * without the policies.
 */
export interface PolicyProbe {
  /** step(s, e) computed afresh, and the domains whose policy the model or the judge read (null: every domain). */
  stepReading(s: WorldState, e: WorldEvent): { readonly to: WorldState; readonly read: ReadonlySet<DomainId> | null };
  /**
   * The verdict of the policy change `e` out of `s`, if it is that of every policy change out of
   * every policy sibling of `s` (no property looked at the policy or past the stimulus's kind); else null.
   */
  policyChangeEdge(s: WorldState, e: WorldEvent): PeekedEdge | null;
  /** The fingerprint of `s`'s key without its policies (null: the world key does not keep them apart). */
  policyFreeFingerprint(s: WorldState, out: { hi: number; lo: number }): boolean;
  /** `s`'s key without its policies (null: the world key does not keep them apart). */
  policyFreeKey(s: WorldState): string | null;
}

export type WorldKeyKind = 'fast' | 'model' | 'coarse';

export const WORLD_KEY_KINDS: readonly WorldKeyKind[] = ['fast', 'model', 'coarse'];

/** What the coarse key keeps of what properties read (property-reads.ts). */
const COARSE_KEEPS: readonly StateRead[] = ['observation', 'facts'];

export interface WorldSystemOptions {
  readonly config: WorldConfig;
  readonly variant?: Partial<Variant>;
  /** Network faults in the alphabet (default: the model's default, all of them). */
  readonly faults?: readonly FaultKind[];
  readonly catalogue?: readonly Property[];
  /** 'live' projects the facts to the names still observed; 'full' keeps them all (facts-key.ts). */
  readonly factsKey?: 'live' | 'full';
  /**
   * 'fast' (default): interned components (fast-key.ts); 'model': canonicalKey (world-key.ts);
   * 'coarse': key classes and live replay entries only (coarse-key.ts; refuses a catalogue that
   * reads more, property-reads.ts).
   */
  readonly worldKey?: WorldKeyKind;
  /** Policy siblings share the steps that look at no policy (sibling-steps.ts); default true. */
  readonly shareSiblingSteps?: boolean;
  /**
   * Fingerprints that mean the same in every thread (the fast key's component ids by content,
   * FastWorldKey contentIds), for the parallel explorer; default false.
   */
  readonly portable?: boolean;
}

/** How often a step was taken from a policy sibling, and how often one was kept for them. */
export interface SiblingStepCounts {
  taken: number;
  kept: number;
}

const reqLabels = new Map<string, readonly string[]>();
const NO_LABELS: readonly string[] = [];
const NO_VIOLATIONS: readonly Violation[] = [];

/** One shared list per set of exercised requirements (the explorer counts lists by identity). */
function requirementLabels(exercised: readonly string[]): readonly string[] {
  if (exercised.length === 0) return NO_LABELS;
  const k = exercised.length === 1 ? (exercised[0] as string) : exercised.join('\u0001');
  let shared = reqLabels.get(k);
  if (shared === undefined) {
    shared = exercised.map((r) => `req:${r}`);
    reqLabels.set(k, shared);
  }
  return shared;
}

const asExplorerViolations = new WeakMap<readonly PropertyViolation[], readonly Violation[]>();

/** The judge's violations as the explorer's (kept per list: a kept verdict hands out the same list). */
function explorerViolations(vs: readonly PropertyViolation[]): readonly Violation[] {
  if (vs.length === 0) return NO_VIOLATIONS;
  let out = asExplorerViolations.get(vs);
  if (out === undefined) {
    out = vs.map((v) => ({ id: v.property, message: v.message, requirements: v.requirements }));
    asExplorerViolations.set(vs, out);
  }
  return out;
}

function judge(
  judges: CachingJudge,
  facts: TraceFacts,
  prev: Observation | null,
  e: WorldEvent | null,
  world: World,
  obs: Observation,
  fired: readonly { machine: string; transition: string }[],
): WorldState {
  // The explorer meets the same observations and facts maps again and again: reuse answers.
  const verdict = judges.judge(facts, prev, e, obs);
  let labels: readonly string[];
  if (fired.length === 0) labels = requirementLabels(verdict.exercised);
  else {
    const own = verdict.exercised.map((r) => `req:${r}`);
    for (const f of fired) own.push(`tr:${f.machine}:${f.transition}`);
    labels = own;
  }
  const violations = explorerViolations(verdict.violations);
  return { world, obs, facts: verdict.facts, violations, labels, keyParts: undefined };
}

export function worldSystem(o: WorldSystemOptions): ExplorableSystem<WorldState, WorldEvent> & { readonly siblingSteps: SiblingStepCounts; readonly policyProbe: PolicyProbe } {
  installMachineMemo();
  const catalogue = o.catalogue ?? PROPERTIES;
  const variant = resolveVariant(o.variant ?? {});
  const world0 = initialWorld(o.config, variant, o.faults === undefined ? {} : { faults: o.faults });
  const judges = new CachingJudge(o.config, catalogue);
  const initial = judge(judges, initialFacts(o.config), null, null, world0, cachedView(world0) as Observation, []);
  const factsOpts = { mode: o.factsKey ?? 'live', keepDeadK: variant.kScope === 'V-K-SHARED' } as const;
  const factsOptsPolicyInWorld = { ...factsOpts, policyInWorld: true } as const;
  const domainIds = o.config.domains.map((d) => d.id);
  const domainIndex = new Map(domainIds.map((d, j) => [d, j]));
  // facts.policy repeats the PoSs' fallback policies, which the world key holds already; it is
  // left out of the facts key whenever it agrees with the world (always, unless the model or
  // the facts went wrong, in which case both are kept and nothing is merged by mistake).
  // The facts' policy maps are interned (a handful exist), so each one's word is computed once.
  const wordOfPolicy = new WeakMap<TraceFacts['policy'], number>();
  const factsPolicyWord = (policy: TraceFacts['policy']): number => {
    let word = wordOfPolicy.get(policy);
    if (word === undefined) {
      word = domainIds.every((d) => typeof policy.get(d) === 'boolean') && policy.size === domainIds.length ? packPolicy(domainIds.length, (j) => policy.get(domainIds[j] as string) === true) : -1;
      wordOfPolicy.set(policy, word);
    }
    return word;
  };
  const policyAgrees = (s: WorldState): boolean => factsPolicyWord(s.facts.policy) === policyWord(s.world);
  const worldKey = o.worldKey ?? 'fast';
  let fast: FastWorldKey | null = null;
  if (worldKey === 'fast') {
    checkFastKeyApplies(world0);
    fast = new FastWorldKey(o.portable === true);
  }
  let coarse: CoarseWorldKey | null = null;
  if (worldKey === 'coarse') {
    const beyond = readsBeyond(catalogue, COARSE_KEEPS);
    if (beyond !== null) throw new CoarseKeyError(`the coarse world key cannot judge this catalogue: ${beyond}; use --world-key fast`);
    checkCoarseKeyApplies(world0);
    coarse = new CoarseWorldKey();
  }
  // The fast and the coarse key keep the policies apart from the rest (policy bits | rest).
  const apart: { key(w: World): string; rest(w: World): string } | null = fast ?? coarse;
  const live = factsOpts.mode === 'live';
  // The facts key is a function of the facts maps and the observation (and the policy when the
  // world key does not hold it); policy siblings share those objects, so its fingerprint is
  // kept by their identities (facts come from initialFacts/advanceFacts: exactly these maps).
  const factsFps = new IdentityCache<Fingerprint>();
  const factsFingerprint = (f: TraceFacts, obs: Observation, policyInWorld: boolean): Fingerprint => {
    const c = withFactsCore(factsFps.begin(), f).with(obs);
    if (!policyInWorld) c.with(f.policy);
    return c.get() ?? c.set(fingerprint(factsKey(f, obs, policyInWorld ? factsOptsPolicyInWorld : factsOpts)));
  };
  /**
   * The key of `t`, made when `t` is made, while its predecessor `from` is at hand: a successor
   * by a fallback-policy change has the same observation object, the same facts but for the
   * policy, and the same world components, and then reuses those parts of `from`'s key (each
   * reuse is checked, not assumed).
   */
  const keyParts = (t: WorldState, from: WorldState | null): KeyParts => {
    const fk = from?.keyParts;
    const policyInWorld = live && policyAgrees(t);
    const reuseFacts = fk !== undefined && fk.policyInWorld && policyInWorld && from !== null && from.obs === t.obs && sameFactsButPolicy(from.facts, t.facts);
    if (apart === null) {
      const facts = factsKey(t.facts, t.obs, policyInWorld ? factsOptsPolicyInWorld : factsOpts);
      const world = canonicalKey(t.world);
      return { world, policyApart: false, facts, policyInWorld, restFp: fingerprint(world), factsFp: fingerprint(facts) };
    }
    // Only the fingerprints are kept: a string per state would outlive the scavenges the
    // frontier survives, and the collector pays for every byte that does.
    const factsFp = reuseFacts ? fk.factsFp : factsFingerprint(t.facts, t.obs, policyInWorld);
    // A successor by a fallback-policy change shares every component with its predecessor
    // (checked, not assumed): the components' fingerprint carries over.
    let restFp: Fingerprint;
    if (fk !== undefined && fk.policyApart && from !== null && sameButPolicies(from.world, t.world)) restFp = fk.restFp;
    else if (fast !== null) {
      const out = { hi: 0, lo: 0 };
      fast.restFingerprint(t.world, out);
      restFp = out;
    } else restFp = fingerprint(apart.rest(t.world));
    return { world: undefined, policyApart: true, facts: undefined, policyInWorld, restFp, factsFp };
  };
  // Under the coarse key a sibling may be another exact world of the same coarse state: its
  // successor then stands for this one's on the very condition the coarse key rests on.
  const share = o.shareSiblingSteps ?? true;
  const siblingSteps = new SiblingSteps<SharedStep>();
  /** Policy-free verdicts of policy changes, by the facts fingerprint object policy siblings share. */
  const quietEdges = new WeakMap<Fingerprint, PeekedEdge>();
  const counts: SiblingStepCounts = { taken: 0, kept: 0 };
  /**
   * `s`'s successor by `e` out of a sibling's: the model's part is the sibling's with `s`'s
   * policies; so is the judge's, unless the judge looked at a policy, and then it judges again.
   */
  const fromSibling = (kept: SharedStep, s: WorldState, e: WorldEvent): WorldState => {
    const to = kept.to;
    const world = withPoliciesOf(to.world, s.world);
    const t: WorldState = kept.judgeLooked
      ? judge(judges, s.facts, s.obs, e, world, to.obs, kept.fired)
      : { world, obs: to.obs, facts: withPolicyOf(to.facts, s.facts), violations: to.violations, labels: to.labels, keyParts: undefined };
    t.keyParts = keyParts(t, to);
    return t;
  };
  const policyProbe: PolicyProbe = {
    stepReading: (s, e) => {
      const { world, record, policiesRead } = stepWithRecord(s.world, e);
      const obs = cachedViewAfter(s.world, s.obs, world) as Observation;
      const watch = watchPolicy(s.facts);
      const judged = judge(judges, watch.facts, s.obs, e, world, obs, record.fired);
      const t: WorldState = { ...judged, facts: watch.restore(judged.facts) };
      t.keyParts = keyParts(t, s);
      const judgeRead = watch.keysRead();
      if (judgeRead === null) return { to: t, read: null };
      if (policiesRead.length === 0) return { to: t, read: judgeRead };
      const read = new Set(judgeRead);
      for (const j of policiesRead) read.add(domainIds[j] as DomainId);
      return { to: t, read };
    },
    policyChangeEdge: (s, e) => {
      let v = judges.knownQuietVerdict(s.facts, s.obs, e);
      if (v === undefined) {
        system.step(s, e);
        v = judges.knownQuietVerdict(s.facts, s.obs, e);
      }
      if (v === undefined || !v.policyFree) return null;
      return { violations: explorerViolations(v.violations), labels: requirementLabels(v.exercised) };
    },
    policyFreeFingerprint: (s, out) => {
      const k = (s.keyParts ??= keyParts(s, null));
      if (!k.policyApart) return false;
      // Facts that disagree with the world keep their policy in the facts part (keyParts).
      fingerprintWordsInto(out, 0, 0, k.restFp.hi, k.restFp.lo, k.factsFp.hi, k.factsFp.lo);
      return true;
    },
    policyFreeKey: (s) => {
      if (apart === null) return null;
      const whole = system.key(s);
      return whole.slice(whole.indexOf('|') + 1);
    },
  };
  const system: ExplorableSystem<WorldState, WorldEvent> & { readonly siblingSteps: SiblingStepCounts; readonly policyProbe: PolicyProbe } = {
    siblingSteps: counts,
    policyProbe,
    initial,
    enabled: (s) => enabled(s.world),
    step: (s, e) => {
      // A step other than a policy change may be one a policy sibling took already (sibling-steps.ts).
      const shareable = share && e.kind !== 'setFallbackPolicy';
      const k = (s.keyParts ??= keyParts(s, null));
      const group = shareable ? { rest: k.restFp, facts: k.factsFp } : null;
      if (group !== null) {
        const kept = siblingSteps.take(group, e);
        if (kept !== undefined) {
          counts.taken++;
          return fromSibling(kept, s, e);
        }
      }
      const { world, record, readPolicy } = stepWithRecord(s.world, e);
      const obs = cachedViewAfter(s.world, s.obs, world) as Observation;
      if (group === null || readPolicy || !samePolicies(s.world, world)) {
        const t = judge(judges, s.facts, s.obs, e, world, obs, record.fired);
        t.keyParts = keyParts(t, s);
        return t;
      }
      const watch = watchPolicy(s.facts);
      const judged = judge(judges, watch.facts, s.obs, e, world, obs, record.fired);
      const t: WorldState = { ...judged, facts: watch.restore(judged.facts) };
      t.keyParts = keyParts(t, s);
      siblingSteps.keep(group, e, { to: t, fired: record.fired, judgeLooked: watch.looked() });
      counts.kept++;
      return t;
    },
    // A policy change changes nothing observed: out of a state whose quiet verdict is known,
    // its successor's key is this state's with one policy bit set, and its verdict that one.
    // test/explore/sibling-steps.test.ts checks every peek against the step made.
    peek: (s, e, out) => {
      if (e.kind !== 'setFallbackPolicy') return null;
      const k = s.keyParts;
      const j = domainIndex.get(e.domain);
      if (k === undefined || !k.policyApart || !k.policyInWorld || j === undefined) return null;
      // Siblings share their facts fingerprint object (keyParts), and so a policy-free verdict.
      let edge = quietEdges.get(k.factsFp);
      if (edge === undefined) {
        const v = judges.knownQuietVerdict(s.facts, s.obs, e);
        if (v === undefined) return null;
        edge = { violations: explorerViolations(v.violations), labels: requirementLabels(v.exercised) };
        if (v.policyFree) quietEdges.set(k.factsFp, edge);
      }
      const poss = s.world.poss;
      const word = packPolicy(poss.length, (i) => (i === j ? e.on : (poss[i] as World['poss'][number]).requestsFallback));
      fingerprintWordsInto(out, 0, word, k.restFp.hi, k.restFp.lo, k.factsFp.hi, k.factsFp.lo);
      return edge;
    },
    key: (s) => {
      const k = (s.keyParts ??= keyParts(s, null));
      k.world ??= (apart as NonNullable<typeof apart>).key(s.world);
      k.facts ??= factsKey(s.facts, s.obs, k.policyInWorld ? factsOptsPolicyInWorld : factsOpts);
      return k.world + '\u0001' + k.facts;
    },
    fingerprint: (s, out) => {
      const k = (s.keyParts ??= keyParts(s, null));
      if (!k.policyApart) {
        fingerprintWordsInto(out, 0, 0, k.restFp.hi, k.restFp.lo, k.factsFp.hi, k.factsFp.lo);
      } else {
        // The policy bits as a number: a function of the key's policy part, like the rest.
        fingerprintWordsInto(out, 0, policyWord(s.world), k.restFp.hi, k.restFp.lo, k.factsFp.hi, k.factsFp.lo);
      }
    },
    // Policy siblings have the same owner: the policy-free parts of the key decide it, so a
    // peeked policy change never crosses to another worker (docs/scaling.md §2).
    owner: (s) => {
      const k = (s.keyParts ??= keyParts(s, null));
      return (k.restFp.lo ^ Math.imul(k.factsFp.lo, 0x9e3779b1) ^ k.restFp.hi) >>> 0;
    },
    // What crosses between workers: the world without what every worker has (config, variant,
    // faults), and the facts. The observation is the view of the world, made again; the
    // verdicts and labels of the step that made the state were counted where it was made.
    encode: (s) => ({ ...s.world, config: null, variant: null, faults: null, facts: s.facts }),
    decode: (data) => {
      const { facts, ...rest } = data as World & { facts: TraceFacts };
      const world: World = { ...rest, config: world0.config, variant: world0.variant, faults: world0.faults };
      return { world, obs: cachedView(world) as Observation, facts, violations: NO_VIOLATIONS, labels: NO_LABELS, keyParts: undefined };
    },
    // Every property is judged per step; the root's judgement (prev = null) is its state check.
    checkState: (s) => (s === initial ? s.violations : []),
    checkStep: (_prev, _e, next) => next.violations,
    label: (e) => e.kind,
    edgeLabels: (_prev, _e, next) => next.labels,
  };
  return system;
}

/** The key's policy part as one word (see packPolicy). */
function policyWord(w: World): number {
  return packPolicy(w.poss.length, (j) => (w.poss[j] as World['poss'][number]).requestsFallback);
}

/**
 * The policies of `n` PoSs (`on(j)` for PoS j) as one word: bit j for PoS j, above them n;
 * more than 24 PoSs hash the string of policy bits instead.
 */
function packPolicy(n: number, on: (j: number) => boolean): number {
  if (n > 24) {
    let bits = '';
    for (let j = 0; j < n; j++) bits += on(j) ? '1' : '0';
    return fingerprint(bits).lo;
  }
  let word = n << 24;
  for (let j = 0; j < n; j++) if (on(j)) word |= 1 << j;
  return word >>> 0;
}

/** Every transition the world's machines define, as `tr:<machine>:<transition>` labels. */
export function allTransitionLabels(config: WorldConfig, variant: Partial<Variant> = {}): string[] {
  const w = initialWorld(config, variant);
  const m = machinesFor(w.config, w.variant);
  const labels = new Set<string>();
  const add = (kind: string, logic: Parameters<typeof allTransitionIds>[0]): void => {
    for (const t of allTransitionIds(logic)) labels.add(`tr:${kind}:${t}`);
  };
  for (const x of m.mn) add('mn', x.logic);
  for (const x of m.hpos) add('hpos', x.logic);
  for (const row of m.spos) for (const x of row) add('spos', x.logic);
  for (const row of m.tpos) for (const x of row) add('tpos', x.logic);
  return [...labels].sort();
}
