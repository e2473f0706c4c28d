// Lazy fallback policies (`--policies lazy`): the PoSs' fallback policies are not part of the
// explored state. Its key leaves them out, policy changes lead nowhere new, and a step whose
// model or judge read the policy of some PoSs is branched over every combination of the policies
// read (normally one PoS: two branches), each branch standing for the policy changes it needs
// followed by the step.
//
// Why this is sound: a policy change is enabled in every state, both ways (the precondition,
// checked at every state expanded: enabled lists the change of every domain's policy, and `step`
// takes setting it to the value it has as a no-op); it changes nothing but the policy; and the
// policy is observable only through a read: the model's (stepWithRecord's `policiesRead`, a
// TPoS deciding on an N2N request) or the judge's (the facts' policy map, watched). So a step
// that read no policy does the same out of every policy sibling, and one that read some does
// what one of its branches does. Any concrete trace maps to an abstract one (drop the policy
// changes, give each step the policies it read), and every abstract trace to a concrete one
// (insert the policy changes before the reading step: `concreteTrace`). A policy change's own
// verdict is taken once per state, and only if it is that of every policy change out of every
// policy sibling (no property looked at the policy or past the stimulus's kind); otherwise the
// mode stops with a LazyPolicyError rather than guess.
//
// What changes in the report: depth counts abstract steps (a policy change inserted before a
// step is no step of its own), so a counterexample's trace, made concrete, may be longer than
// its depth; BFS gives the least number of abstract steps, so for a violated property
// abstract ≤ exact shortest ≤ concrete replayed (test/explore/lazy-policies.test.ts).
import type { WorldEvent } from '../../model/world/events.ts';
import type { DomainId } from '../../vocabulary/observation.ts';
import type { ExplorableSystem, PeekedEdge, Violation } from './types.ts';
import type { PolicyProbe, WorldState } from './world-system.ts';

export class LazyPolicyError extends Error {
  override readonly name = 'LazyPolicyError';
}

/** A step of the abstract system: the policies set before it (PoS index, value), then the event. */
export interface LazyEvent {
  readonly policies: readonly (readonly [number, boolean])[];
  readonly event: WorldEvent;
}

interface LazyEdge {
  readonly to: WorldState;
  readonly violations: readonly Violation[];
  readonly labels: readonly string[];
}

/** How often a step read a policy, and the branches and inserted policy changes that stood for it. */
export interface LazyPolicyFigures {
  branchedSteps: number;
  branches: number;
  insertedChanges: number;
}

const NONE: readonly (readonly [number, boolean])[] = [];

type Inner = ExplorableSystem<WorldState, WorldEvent> & { readonly policyProbe: PolicyProbe };

export function lazyPolicySystem(inner: Inner, domains: readonly DomainId[]): ExplorableSystem<WorldState, LazyEvent> & { readonly figures: LazyPolicyFigures } {
  const probe = inner.policyProbe;
  const domainIndex = new Map(domains.map((d, j) => [d, j]));
  const figures: LazyPolicyFigures = { branchedSteps: 0, branches: 0, insertedChanges: 0 };
  const edges = new WeakMap<LazyEvent, LazyEdge>();
  const fp = { hi: 0, lo: 0 };
  if (!probe.policyFreeFingerprint(inner.initial, fp)) throw new LazyPolicyError('lazy policies need a world key that keeps the policies apart: --world-key fast or coarse');
  // The precondition at the start, in the initial state; `enabled` checks it in every state expanded.
  checkPoliciesFree(inner.initial, inner.enabled(inner.initial), domains);

  const policyOf = (s: WorldState, j: number): boolean => (s.world.poss[j] as WorldState['world']['poss'][number]).requestsFallback;
  const policyEdge = (s: WorldState, e: WorldEvent): PeekedEdge => {
    const edge = probe.policyChangeEdge(s, e);
    if (edge === null) throw new LazyPolicyError(`a property judged the policy change ${JSON.stringify(e)} by the policies or by more than its kind: the lazy policies cannot stand for it; use --policies exact`);
    return edge;
  };
  /** `s` with the given policies set, each change a step of the concrete system, its verdicts and labels kept. */
  const withPolicies = (s: WorldState, policies: readonly (readonly [number, boolean])[], vs: Violation[], ls: string[]): WorldState => {
    let cur = s;
    for (const [j, on] of policies) {
      if (policyOf(cur, j) === on) continue;
      const e: WorldEvent = { kind: 'setFallbackPolicy', domain: domains[j] as DomainId, on };
      const next = inner.step(cur, e);
      vs.push(...(inner.checkStep?.(cur, e, next) ?? []));
      ls.push(...(inner.edgeLabels?.(cur, e, next) ?? []));
      figures.insertedChanges++;
      cur = next;
    }
    return cur;
  };
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
  //# or if any of the MN or TPoS requests so.
  // A TPoS requests fallback by its policy when it decides on an N2N request: that read is where
  // a policy becomes observable, so the step is branched over the values read.
  /** The branches of `e` out of `s` under `assigned`: a decision tree over the policies each branch reads. */
  const branch = (s: WorldState, e: WorldEvent, assigned: readonly (readonly [number, boolean])[], out: LazyEvent[]): void => {
    const vs: Violation[] = [];
    const ls: string[] = [];
    const from = withPolicies(s, assigned, vs, ls);
    const { to, read } = probe.stepReading(from, e);
    const readIdx = read === null ? domains.map((_d, j) => j) : [...read].map((d) => domainIndex.get(d) ?? -1);
    if (readIdx.includes(-1)) throw new LazyPolicyError(`a step read the policy of a domain the world does not have: ${JSON.stringify([...(read ?? [])])}`);
    const open = readIdx.filter((j) => !assigned.some(([k]) => k === j)).sort((a, b) => a - b);
    if (open.length > 0) {
      if (assigned.length === 0) figures.branchedSteps++;
      for (let m = 0; m < 1 << open.length; m++) {
        const more = open.map((j, b) => [j, ((m >> b) & 1) === 1] as const);
        branch(s, e, [...assigned, ...more].sort((a, b) => a[0] - b[0]), out);
      }
      return;
    }
    const own = inner.checkStep?.(from, e, to) ?? [];
    const labels = inner.edgeLabels?.(from, e, to) ?? [];
    const le: LazyEvent = { policies: assigned, event: e };
    edges.set(le, { to, violations: vs.length === 0 ? own : [...vs, ...own], labels: ls.length === 0 ? labels : [...ls, ...labels] });
    if (assigned.length > 0) figures.branches++;
    out.push(le);
  };
  const edgeOf = (s: WorldState, le: LazyEvent): LazyEdge => {
    const known = edges.get(le);
    if (known !== undefined) return known;
    if (le.event.kind === 'setFallbackPolicy') {
      const edge = policyEdge(s, le.event);
      return { to: inner.step(s, le.event), ...edge };
    }
    // An event not made by `enabled` here: computed as its branch would be.
    const vs: Violation[] = [];
    const ls: string[] = [];
    const from = withPolicies(s, le.policies, vs, ls);
    const to = inner.step(from, le.event);
    return { to, violations: [...vs, ...(inner.checkStep?.(from, le.event, to) ?? [])], labels: [...ls, ...(inner.edgeLabels?.(from, le.event, to) ?? [])] };
  };

  return {
    figures,
    initial: inner.initial,
    enabled: (s) => {
      const events = inner.enabled(s);
      checkPoliciesFree(s, events, domains);
      const out: LazyEvent[] = [];
      for (const e of events) {
        if (e.kind === 'setFallbackPolicy') out.push({ policies: NONE, event: e });
        else branch(s, e, NONE, out);
      }
      return out;
    },
    step: (s, le) => edgeOf(s, le).to,
    key: (s) => probe.policyFreeKey(s) as string,
    fingerprint: (s, out) => {
      probe.policyFreeFingerprint(s, out);
    },
    // A policy change leads to the state itself: its key has no policies.
    peek: (s, le, out) => {
      if (le.event.kind !== 'setFallbackPolicy') return null;
      probe.policyFreeFingerprint(s, out);
      return policyEdge(s, le.event);
    },
    checkState: (s) => inner.checkState?.(s) ?? [],
    checkStep: (prev, le) => edgeOf(prev, le).violations,
    label: (le) => inner.label?.(le.event) ?? le.event.kind,
    edgeLabels: (prev, le) => edgeOf(prev, le).labels,
  };
}

/**
 * The precondition of the lazy policies, in the state at hand: every domain's policy can be
 * changed (enabled lists the change; setting the value it has is the model's no-op).
 */
function checkPoliciesFree(s: WorldState, events: readonly WorldEvent[], domains: readonly DomainId[]): void {
  domains.forEach((d, j) => {
    const on = !(s.world.poss[j] as WorldState['world']['poss'][number]).requestsFallback;
    if (!events.some((e) => e.kind === 'setFallbackPolicy' && e.domain === d && e.on === on)) {
      throw new LazyPolicyError(`lazy policies need every domain's fallback policy changeable in every state; ${d}'s cannot be set ${on ? 'on' : 'off'} here: use --policies exact`);
    }
  });
}

/**
 * A trace of the lazy system as one of the concrete (exact) system: each step's policies set
 * first, by the policy changes that change something, from the initial policies.
 */
export function concreteTrace(initialPolicies: readonly boolean[], domains: readonly DomainId[], trace: readonly LazyEvent[]): WorldEvent[] {
  const policy = [...initialPolicies];
  const out: WorldEvent[] = [];
  for (const le of trace) {
    for (const [j, on] of le.policies) {
      if (policy[j] === on) continue;
      out.push({ kind: 'setFallbackPolicy', domain: domains[j] as DomainId, on });
      policy[j] = on;
    }
    const e = le.event;
    if (e.kind === 'setFallbackPolicy') policy[domains.indexOf(e.domain)] = e.on;
    out.push(e);
  }
  return out;
}
