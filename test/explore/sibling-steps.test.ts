// Policy siblings share the steps that look at no policy (harness/explore/sibling-steps.ts), and
// a policy change out of a state whose quiet verdict is known is peeked at, not made.
// Checked at three levels: the model's `readPolicy` contract on random worlds, every step of an
// exploration against the step computed without sharing, and whole explorations with and
// without sharing, including a catalogue whose verdicts depend on the policy.
import { describe, expect, it } from 'vitest';
import { exploreSystem } from '../../harness/explore/bfs.ts';
import { factsKey } from '../../harness/explore/facts-key.ts';
import { SiblingSteps, withPoliciesOf } from '../../harness/explore/sibling-steps.ts';
import { TRACE_FACTS_FIELDS, watchPolicy } from '../../harness/explore/sibling-facts.ts';
import { worldSystem, type WorldState } from '../../harness/explore/world-system.ts';
import { exploreWorld } from '../../harness/explore/worlds.ts';
import type { WorldConfig } from '../../vocabulary/observation.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import { enabled, initialWorld, stepWithRecord, type World } from '../../model/world/world.ts';
import { canonicalKey } from '../../harness/explore/world-key.ts';
import { initialFacts, PROPERTIES, type Property } from '../../properties/index.ts';
import { violation } from '../../properties/types.ts';
import { prng } from '../model/fixtures.ts';

const defaultWorld = exploreWorld({});

/** `w` with every PoS's fallback policy flipped, by the model's own policy changes. */
function flipPolicies(w: World): World {
  let out = w;
  for (const d of w.config.domains) {
    const on = !(out.poss[w.config.domains.indexOf(d)] as World['poss'][number]).requestsFallback;
    out = stepWithRecord(out, { kind: 'setFallbackPolicy', domain: d.id, on }).world;
  }
  return out;
}

describe('the model says when a step looked at a fallback policy', () => {
  it('a step that did not look gives the same next world from a policy sibling, but for the policies; one that did may not', () => {
    const rand = prng(7);
    let steps = 0;
    let looked = 0;
    let lookedAndDiffered = 0;
    for (let walk = 0; walk < 16; walk++) {
      let w = initialWorld(defaultWorld, {}, { faults: walk % 2 === 0 ? [] : ['drop', 'duplicate', 'corrupt'] });
      for (let i = 0; i < 50; i++) {
        const sibling = flipPolicies(w);
        for (const e of enabled(w)) {
          if (e.kind === 'setFallbackPolicy') continue;
          const here = stepWithRecord(w, e);
          const there = stepWithRecord(sibling, e);
          steps++;
          expect(there.readPolicy).toBe(here.readPolicy);
          const same = canonicalKey(there.world) === canonicalKey(withPoliciesOf(here.world, sibling)) && JSON.stringify(there.record) === JSON.stringify(here.record);
          if (!here.readPolicy) expect(same, `${JSON.stringify(e)} did not look at a policy`).toBe(true);
          else {
            looked++;
            if (!same) lookedAndDiffered++;
          }
        }
        // Mostly the protocol's own events, so that walks reach handovers and N2N requests.
        const all = enabled(w);
        const protocol = all.filter((x) => x.kind === 'deliver' || x.kind === 'attach' || x.kind === 'handover' || x.kind === 'complete');
        const es = protocol.length > 0 && rand() < 0.8 ? protocol : all;
        w = stepWithRecord(w, es[Math.floor(rand() * es.length)] as WorldEvent).world;
      }
    }
    expect(steps).toBeGreaterThan(1000);
    // The flag is needed: some steps that looked at a policy do differ between siblings.
    expect(looked).toBeGreaterThan(0);
    expect(lookedAndDiffered).toBeGreaterThan(0);
  });

  it('a policy change looks at the policy', () => {
    const w = initialWorld(defaultWorld, {}, { faults: [] });
    const e = enabled(w).find((x) => x.kind === 'setFallbackPolicy') as WorldEvent;
    expect(stepWithRecord(w, e).readPolicy).toBe(true);
  });
});

describe('the pieces of sharing', () => {
  it('SiblingSteps finds a step by group and event, keeps two generations of `limit` steps, and forgets older ones', () => {
    const steps = new SiblingSteps<string>(2);
    const group = (n: number) => ({ rest: { hi: n, lo: 1 }, facts: { hi: 2, lo: n } });
    const deliver = (index: number): WorldEvent => ({ kind: 'deliver', index });
    steps.keep(group(1), deliver(0), 'a');
    steps.keep(group(1), deliver(1), 'b');
    expect(steps.take(group(1), deliver(0))).toBe('a');
    expect(steps.take(group(2), deliver(0))).toBeUndefined();
    expect(steps.take(group(1), deliver(2))).toBeUndefined();
    // A third step starts a new generation; the first two are still found (and moved up).
    steps.keep(group(3), deliver(0), 'c');
    expect(steps.take(group(1), deliver(1))).toBe('b');
    // Two more generations later, a step not asked for since is forgotten.
    steps.keep(group(4), deliver(0), 'd');
    steps.keep(group(5), deliver(0), 'e');
    steps.keep(group(6), deliver(0), 'f');
    expect(steps.take(group(3), deliver(0))).toBeUndefined();
    expect(steps.take(group(6), deliver(0))).toBe('f');
  });

  it('watchPolicy says whether the policy map was read, and puts the real map back', () => {
    const facts = initialFacts(defaultWorld);
    const quiet = watchPolicy(facts);
    expect(quiet.facts.lineage).toBe(facts.lineage);
    expect(quiet.looked()).toBe(false);
    const carried = quiet.restore({ ...quiet.facts });
    expect(carried.policy).toBe(facts.policy);
    const reader = watchPolicy(facts);
    expect(reader.facts.policy.get('B')).toBe(facts.policy.get('B'));
    expect(reader.facts.policy.size).toBe(facts.policy.size);
    expect(reader.looked()).toBe(true);
  });
});

describe('sharing steps among policy siblings', () => {
  it('knows every field of the facts', () => {
    expect(Object.keys(initialFacts(defaultWorld)).sort()).toEqual([...TRACE_FACTS_FIELDS].sort());
  });

  it('every step of an exploration equals the step computed without sharing', () => {
    const shared = worldSystem({ config: defaultWorld, faults: [] });
    const plain = worldSystem({ config: defaultWorld, faults: [], shareSiblingSteps: false });
    const show = (t: WorldState): string[] => [
      canonicalKey(t.world),
      JSON.stringify(t.obs),
      factsKey(t.facts, t.obs, { mode: 'full' }),
      JSON.stringify(t.violations),
      JSON.stringify(t.labels),
    ];
    let compared = 0;
    exploreSystem(
      {
        ...shared,
        step: (s, e) => {
          const t = shared.step(s, e);
          if (e.kind !== 'setFallbackPolicy') {
            expect(show(t)).toEqual(show(plain.step(s, e)));
            compared++;
          }
          return t;
        },
      },
      { maxDepth: 16 },
    );
    expect(compared).toBeGreaterThan(1000);
    expect(shared.siblingSteps.taken).toBeGreaterThan(compared / 2);
    expect(plain.siblingSteps).toEqual({ taken: 0, kept: 0 });
  });

  /** A test-only property whose verdict reads B's policy: no `kind` stimulus while B requests fallback. */
  const underPolicyB = (kind: 'deliver' | 'setFallbackPolicy'): Property => ({
    id: `test-${kind}-under-policy-b`,
    title: `test only: no ${kind} while B requests fallback`,
    requirements: ['test-only'],
    check(ctx) {
      return ctx.stimulus?.kind === kind && ctx.facts.policy.get('B') === true ? violation(this, `${kind} while B requests fallback`) : null;
    },
  });
  /** Its verdict on deliveries: the judge looks at the policy on a step siblings share. */
  const deliveryUnderPolicyB = underPolicyB('deliver');
  /** Its verdict on policy changes: a quiet step that looks at the policy. */
  const policyChangeUnderPolicyB = underPolicyB('setFallbackPolicy');

  /** Sharing and peeking on (the default) or off. */
  const summary = (config: WorldConfig, catalogue: readonly Property[], share: boolean, maxDepth?: number) => {
    const sys = worldSystem({ config, faults: [], catalogue, shareSiblingSteps: share });
    const { peek: _peek, ...withoutPeek } = sys;
    const r = exploreSystem(share ? sys : withoutPeek, maxDepth === undefined ? {} : { maxDepth });
    return {
      figures: [r.distinctStates, r.transitions, r.maxDepth, r.fixpoint, r.deadlocks, r.stepChecks],
      levelSizes: r.levelSizes,
      eventCoverage: r.eventCoverage,
      edgeCoverage: r.edgeCoverage,
      counterexamples: r.counterexamples.map((c) => [c.id, c.message, c.kind, JSON.stringify(c.trace)]),
      taken: sys.siblingSteps.taken,
    };
  };

  it('every peeked policy change agrees with the step made: fingerprint, violations and labels', () => {
    const catalogue = [...PROPERTIES, policyChangeUnderPolicyB];
    const sys = worldSystem({ config: defaultWorld, faults: [], catalogue });
    const peeked = { hi: 0, lo: 0 };
    const made = { hi: 0, lo: 0 };
    let agreed = 0;
    let violating = 0;
    exploreSystem(
      {
        ...sys,
        peek: (s, e, out) => {
          const p = sys.peek?.(s, e, out) ?? null;
          if (p === null) return null;
          peeked.hi = out.hi;
          peeked.lo = out.lo;
          const t = sys.step(s, e);
          sys.fingerprint?.(t, made);
          expect(made).toEqual(peeked);
          expect(p.violations).toEqual(sys.checkStep?.(s, e, t));
          expect(p.labels).toEqual(sys.edgeLabels?.(s, e, t));
          agreed++;
          if (p.violations.length > 0) violating++;
          return p;
        },
      },
      { maxDepth: 14 },
    );
    expect(agreed).toBeGreaterThan(1000);
    expect(violating).toBeGreaterThan(0);
  });

  it('explores the default world to the same states, transitions, levels, coverage and verdicts as without it', () => {
    const { taken, ...withSharing } = summary(defaultWorld, PROPERTIES, true, 24);
    const { taken: none, ...without } = summary(defaultWorld, PROPERTIES, false, 24);
    expect(withSharing).toEqual(without);
    expect(taken).toBeGreaterThan(0);
    expect(none).toBe(0);
  });

  it('judges again, sibling by sibling, a step whose verdict looked at a policy', () => {
    const world = exploreWorld({ shape: 'chain', domains: 3, limit: 1 });
    const catalogue = [...PROPERTIES, deliveryUnderPolicyB, policyChangeUnderPolicyB];
    const { taken, ...withSharing } = summary(world, catalogue, true);
    const { taken: _none, ...without } = summary(world, catalogue, false);
    expect(withSharing).toEqual(without);
    expect(withSharing.counterexamples.map((c) => c[0])).toEqual(['test-setFallbackPolicy-under-policy-b', 'test-deliver-under-policy-b']);
    expect(taken).toBeGreaterThan(0);
  });
});
