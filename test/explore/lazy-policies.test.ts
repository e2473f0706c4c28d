// The lazy fallback policies (harness/explore/lazy-policies.ts) against the exact explorer: over
// random worlds, interpretation variants and stricter or policy-reading test properties, both
// must give the same verdicts, the same coverage and the same fixpoint, with exactly one lazy
// state per 2^domains exact ones; every lazy counterexample, made concrete, must replay on the
// model with the plain judge, and its length must lie between the lazy depth and the exact
// shortest length. And the mode must refuse what its soundness argument does not cover.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exploreSystem } from '../../harness/explore/bfs.ts';
import { explore, ExploreOptionError, type ExploreOptions, type ExploreReport } from '../../harness/explore/explore.ts';
import { LazyPolicyError, concreteTrace, lazyPolicySystem } from '../../harness/explore/lazy-policies.ts';
import { worldSystem } from '../../harness/explore/world-system.ts';
import { exploreWorld } from '../../harness/explore/worlds.ts';
import type { FaultKind } from '../../model/world/events.ts';
import { READINGS, type Variant, type VariantId } from '../../model/variants.ts';
import { PROPERTIES, type Property } from '../../properties/index.ts';
import { violation } from '../../properties/types.ts';
import { depthAtMost, replaysTo } from './world-helpers.ts';

/** Reads the whole policy map (not by domain): every step that installs an SA branches on every policy. */
const noOptimizedUnderAnyPolicy: Property = {
  id: 'test-no-optimized-under-any-policy',
  title: 'test only: no optimized SA while any domain requests fallback',
  requirements: ['5.14.2-N1c'],
  check(ctx) {
    if (!ctx.step.newSas.some((s) => s.how === 'optimized')) return null;
    const on = [...ctx.facts.policy].filter(([, v]) => v).map(([d]) => d);
    return on.length > 0 ? violation(this, `an optimized SA while ${on.join(',')} request fallback`) : null;
  },
};

/** Judges policy changes by their kind alone: no policy change while an MN holds an SA. */
const noPolicyChangeWhileHeld: Property = {
  id: 'test-no-policy-change-while-held',
  title: 'test only: no policy change while an MN holds an SA',
  requirements: ['5.14.2-N1c'],
  check(ctx) {
    if (ctx.stimulus?.kind !== 'setFallbackPolicy') return null;
    return ctx.next.mns.some((m) => m.sas.length > 0) ? violation(this, 'a policy changed while an MN holds an SA') : null;
  },
};

const verdicts = (r: ExploreReport): string[] => r.counterexamples.map((c) => c.property).sort();
const coverage = (r: ExploreReport): unknown => ({ req: r.coverage.requirementsExercised, notFired: r.coverage.transitionsNotFired });
const lengthOf = (r: ExploreReport, property: string): number => r.counterexamples.find((c) => c.property === property)?.length ?? -1;

const readingIds = Object.keys(READINGS) as VariantId[];
const FAULTS: readonly FaultKind[] = ['drop', 'duplicate', 'corrupt'];
const EXTRA: readonly (readonly Property[])[] = [[], [depthAtMost(0)], [depthAtMost(1)], [noOptimizedUnderAnyPolicy], [noPolicyChangeWhileHeld]];

type Case = ExploreOptions & { catalogue: readonly Property[] };

/** Reliable one-MN worlds to the fixpoint, or (bounded) faults or a second MN to depth 6. */
const cases = (bounded: boolean): fc.Arbitrary<Case> =>
  fc
    .record({
      limit: fc.integer({ min: 0, max: 2 }),
      method: fc.constantFrom('EAP', 'ERP', 'TLS'),
      reading: fc.option(fc.constantFrom(...readingIds), { nil: undefined }),
      extra: fc.integer({ min: 0, max: EXTRA.length - 1 }),
      faults: bounded ? fc.subarray([...FAULTS]) : fc.constant([]),
      worldKey: fc.constantFrom('fast' as const, 'coarse' as const),
    })
    .map(({ limit, method, reading, extra, faults, worldKey }) => {
      const variant: Partial<Variant> = reading === undefined ? {} : { [READINGS[reading].axis]: reading };
      const catalogue = [...PROPERTIES, ...(EXTRA[extra] as readonly Property[])];
      // The coarse key asks a declaration of what a property reads; the test properties read the observation and the facts.
      const declared = worldKey === 'coarse' ? catalogue.map((p) => (PROPERTIES.includes(p) ? p : { ...p, reads: ['observation', 'facts'] })) : catalogue;
      return {
        shape: 'chain' as const,
        domains: 3,
        limit,
        method,
        variant,
        faults,
        mns: bounded && faults.length === 0 ? 2 : 1,
        catalogue: declared,
        worldKey,
        measureRetainedHeap: false,
        ...(bounded ? { maxDepth: 6 } : {}),
      };
    });

describe('lazy fallback policies keep the exact explorer verdicts', () => {
  it('on random reliable worlds to the fixpoint, variants and policy-reading properties: same verdicts and coverage, 2^domains exact states per lazy one', () => {
    let violated = 0;
    fc.assert(
      fc.property(cases(false), (o) => {
        const exact = explore(o);
        const lazy = explore({ ...o, policies: 'lazy' });
        expect(exact.fixpoint && lazy.fixpoint).toBe(true);
        expect(verdicts(lazy)).toEqual(verdicts(exact));
        expect(coverage(lazy)).toEqual(coverage(exact));
        // Every situation stands for each of its policy siblings, all reachable at the fixpoint.
        expect(lazy.distinctStates * 2 ** exact.world.domains.length).toBe(exact.distinctStates);
        for (const c of lazy.counterexamples) {
          expect(replaysTo(o.catalogue, lazy, c.property, c.trace)).toBe(true);
          // abstract steps ≤ the exact shortest ≤ the concrete trace (the inserted policy changes).
          expect(c.depth).toBeLessThanOrEqual(lengthOf(exact, c.property));
          expect(lengthOf(exact, c.property)).toBeLessThanOrEqual(c.length);
        }
        if (lazy.counterexamples.length > 0) violated++;
      }),
      { seed: 20261204, numRuns: 8 },
    );
    expect(violated).toBeGreaterThan(0);
  });

  it('on random worlds with faults or two MNs to depth 6: what the exact explorer finds, the lazy one finds, and it replays', () => {
    let violated = 0;
    fc.assert(
      fc.property(cases(true), (o) => {
        const exact = explore(o);
        const lazy = explore({ ...o, policies: 'lazy' });
        // A lazy depth bound bounds the steps but the policy changes: it covers every exact trace of that depth.
        for (const v of verdicts(exact)) expect(verdicts(lazy)).toContain(v);
        for (const c of lazy.counterexamples) expect(replaysTo(o.catalogue, lazy, c.property, c.trace)).toBe(true);
        if (lazy.counterexamples.length > 0) violated++;
      }),
      { seed: 20261205, numRuns: 5 },
    );
    expect(violated).toBeGreaterThan(0);
  });

  it('a counterexample that needs a policy change gets it inserted, and is longer than its depth', () => {
    // fallback-on-request under a TPoS that ignores its policy: the violation needs a policy on.
    const o: Case = { shape: 'chain', domains: 3, limit: 1, variant: {}, catalogue: [...PROPERTIES, noOptimizedUnderAnyPolicy], measureRetainedHeap: false };
    const lazy = explore({ ...o, policies: 'lazy' });
    const exact = explore(o);
    const c = lazy.counterexamples.find((x) => x.property === noOptimizedUnderAnyPolicy.id);
    expect(c).toBeDefined();
    const x = c as NonNullable<typeof c>;
    expect(x.trace.some((e) => e.kind === 'setFallbackPolicy')).toBe(true);
    expect(x.length).toBeGreaterThan(x.depth);
    expect(lengthOf(exact, x.property)).toBe(x.length);
    expect(replaysTo(o.catalogue, lazy, x.property, x.trace)).toBe(true);
  });
});

describe('lazy fallback policies branch only where a policy is read', () => {
  it('the default world at L = 1: two branches per reading step, and random lazy walks are concrete walks', () => {
    const config = exploreWorld({ limit: 1 });
    const domains = config.domains.map((d) => d.id);
    const lazy = lazyPolicySystem(worldSystem({ config, faults: [] }), domains);
    expect(exploreSystem(lazy).fixpoint).toBe(true);
    // The model reads one TPoS's policy per N2N request, the built-in judge at most that one.
    expect(lazy.figures.branchedSteps).toBeGreaterThan(0);
    expect(lazy.figures.branches).toBe(2 * lazy.figures.branchedSteps);
    const exact = worldSystem({ config, faults: [], shareSiblingSteps: false });
    let inserted = 0;
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (picks) => {
        let s = lazy.initial;
        const walk = [];
        for (const p of picks) {
          const es = lazy.enabled(s);
          const le = es[p % es.length] as (typeof es)[number];
          walk.push(le);
          s = lazy.step(s, le);
        }
        const trace = concreteTrace(config.domains.map((d) => d.requestsFallback), domains, walk);
        inserted += trace.length - walk.length;
        // Each concrete event is enabled where it is taken, and the walk ends in the lazy walk's situation.
        let t = exact.initial;
        for (const e of trace) {
          expect(exact.enabled(t)).toContainEqual(e);
          t = exact.step(t, e);
        }
        expect(lazy.key(t)).toBe(lazy.key(s));
        expect(exact.key(t)).toBe(exact.key(s));
      }),
      { seed: 20261206, numRuns: 40 },
    );
    expect(inserted).toBeGreaterThan(0);
  });
});

describe('lazy fallback policies refuse what the argument does not cover', () => {
  const small: Case = { shape: 'chain', domains: 2, limit: 1, maxDepth: 4, catalogue: PROPERTIES, measureRetainedHeap: false };

  it('a world key that does not keep the policies apart', () => {
    expect(() => explore({ ...small, worldKey: 'model', policies: 'lazy' })).toThrowError(LazyPolicyError);
  });

  it('a property that judges a policy change by its value', () => {
    const byValue: Property = {
      id: 'test-no-policy-on',
      title: 'test only: no policy is turned on',
      requirements: ['5.14.2-N1c'],
      check: (ctx) => (ctx.stimulus?.kind === 'setFallbackPolicy' && ctx.stimulus.on ? violation(byValue, 'a policy was turned on') : null),
    };
    expect(() => explore({ ...small, catalogue: [...PROPERTIES, byValue], policies: 'lazy' })).toThrowError(/judged the policy change/);
    expect(explore({ ...small, catalogue: [...PROPERTIES, byValue] }).counterexamples.map((c) => c.property)).toContain('test-no-policy-on');
  });

  it('a state where some domain\'s policy cannot be changed', () => {
    const config = exploreWorld({ shape: 'chain', domains: 2 });
    const ws = worldSystem({ config, faults: [] });
    const domains = config.domains.map((d) => d.id);
    const pinnedWhere = (where: (s: typeof ws.initial) => boolean): typeof ws => ({
      ...ws,
      enabled: (s) => ws.enabled(s).filter((e) => !(where(s) && e.kind === 'setFallbackPolicy' && e.domain === domains[1])),
    });
    // Refused at the start, or as soon as a state expanded lacks the change.
    expect(() => lazyPolicySystem(pinnedWhere(() => true), domains)).toThrowError(/changeable in every state/);
    const later = lazyPolicySystem(pinnedWhere((s) => s.world.inFlight.length > 0), domains);
    expect(() => exploreSystem(later, { maxDepth: 3 })).toThrowError(LazyPolicyError);
  });

  it('symmetry reduction and worker threads', () => {
    expect(() => explore({ ...small, mns: 2, symmetry: true, policies: 'lazy' })).toThrowError(ExploreOptionError);
    expect(() => explore({ ...small, mns: 2, symmetry: true, policies: 'lazy' })).toThrowError(/--symmetry/);
    const { catalogue: _builtIn, ...plain } = small;
    expect(() => explore({ ...plain, workers: 2, policies: 'lazy' })).toThrowError(/--policies lazy does not combine with --workers/);
  });
});
