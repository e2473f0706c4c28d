// The coarse world key (harness/explore/coarse-key.ts) against the exact one: over random worlds
// (shape, L, MNs, method, network faults), interpretation variants and stricter test properties,
// the two explorers must give the same verdicts, the same shortest counterexample lengths and the
// same coverage, and every counterexample the coarse explorer reports must replay on the model.
// And the key must refuse what it does not cover: a catalogue that reads more, the lower tester.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoarseKeyError, CoarseWorldKey } from '../../harness/explore/coarse-key.ts';
import { explore, type ExploreOptions, type ExploreReport } from '../../harness/explore/explore.ts';
import { FastWorldKey } from '../../harness/explore/fast-key.ts';
import type { DeclaringProperty } from '../../harness/explore/property-reads.ts';
import { SymmetryError } from '../../harness/explore/symmetry.ts';
import { exploreWorld } from '../../harness/explore/worlds.ts';
import type { FaultKind } from '../../model/world/events.ts';
import { READINGS, type Variant, type VariantId } from '../../model/variants.ts';
import { enabled, initialWorld, step, type World } from '../../model/world/world.ts';
import { PROPERTIES, type Property } from '../../properties/index.ts';
import { depthAtMost, replaysTo, starWorld } from './world-helpers.ts';

/** depthAtMost, declaring that it reads the observation only (an SA's depth). */
const declaredDepthAtMost = (max: number): DeclaringProperty => ({ ...depthAtMost(max), reads: ['observation'] });

const verdicts = (r: ExploreReport): string[] => r.counterexamples.map((c) => `${c.property}@${c.length}`).sort();
const coverage = (r: ExploreReport): unknown => ({ req: r.coverage.requirementsExercised, notFired: r.coverage.transitionsNotFired });

interface Case {
  readonly options: ExploreOptions & { catalogue: readonly Property[] };
}

const readingIds = Object.keys(READINGS) as VariantId[];
const FAULTS: readonly FaultKind[] = ['drop', 'duplicate', 'corrupt'];

/**
 * World options: `bounded` false explores one MN on a reliable network to the fixpoint; true
 * adds network faults or else a second MN, which have no fixpoint in reach, to a depth bound.
 */
const cases = (bounded: boolean): fc.Arbitrary<Case> =>
  fc
    .record({
      limit: fc.integer({ min: 0, max: 2 }),
      method: fc.constantFrom('EAP', 'ERP', 'TLS'),
      reading: fc.option(fc.constantFrom(...readingIds), { nil: undefined }),
      strict: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
      faults: bounded ? fc.subarray([...FAULTS]) : fc.constant([]),
    })
    .map(({ limit, method, reading, strict, faults }) => {
      // Faults with one MN, or a second MN on a reliable network (both together grow too fast).
      const mns = bounded && faults.length === 0 ? 2 : 1;
      const variant: Partial<Variant> = reading === undefined ? {} : { [READINGS[reading].axis]: reading };
      const catalogue = strict === undefined ? PROPERTIES : [...PROPERTIES, declaredDepthAtMost(strict)];
      const options = {
        shape: 'chain' as const,
        domains: 3,
        limit,
        method,
        variant,
        faults,
        mns,
        catalogue,
        measureRetainedHeap: false,
        ...(bounded ? { maxDepth: 7 } : {}),
      };
      return { options };
    });

/** Explores `options` with the exact and the coarse key: same verdicts, lengths, coverage; coarse counterexamples replay. */
function sameAnswers({ options }: Case): { merged: boolean; violated: boolean } {
  const exact = explore({ ...options, worldKey: 'fast' });
  const coarse = explore({ ...options, worldKey: 'coarse' });
  expect(verdicts(coarse)).toEqual(verdicts(exact));
  expect(coverage(coarse)).toEqual(coverage(exact));
  expect(coarse.fixpoint).toBe(exact.fixpoint);
  expect(coarse.distinctStates).toBeLessThanOrEqual(exact.distinctStates);
  for (const c of coarse.counterexamples) expect(replaysTo(options.catalogue, coarse, c.property, c.trace)).toBe(true);
  return { merged: coarse.distinctStates < exact.distinctStates, violated: coarse.counterexamples.length > 0 };
}

describe('the coarse world key keeps the exact explorer verdicts', () => {
  for (const bounded of [false, true]) {
    it(`on random ${bounded ? 'worlds with faults or two MNs, to depth 7' : 'reliable worlds, to the fixpoint'}, variants and stricter properties: same verdicts, lengths, coverage`, () => {
      let merged = 0;
      let violated = 0;
      fc.assert(
        fc.property(cases(bounded), (c) => {
          const r = sameAnswers(c);
          if (r.merged) merged++;
          if (r.violated) violated++;
        }),
        { seed: bounded ? 20261203 : 20261202, numRuns: 6 },
      );
      // Not vacuous: some runs found violations, and (to the fixpoint) some merged states.
      expect(violated).toBeGreaterThan(0);
      if (!bounded) expect(merged).toBeGreaterThan(0);
    });
  }

  it('on the default world at L = 2 to its fixpoint, with a variant that is violated: fewer states, the same answers', () => {
    for (const variant of [{}, { kSource: 'V-K-HPOS' }] as const) {
      const options = { limit: 2, variant, catalogue: [...PROPERTIES, declaredDepthAtMost(1)], measureRetainedHeap: false };
      const exact = explore({ ...options, worldKey: 'fast' });
      const coarse = explore({ ...options, worldKey: 'coarse' });
      expect(exact.fixpoint && coarse.fixpoint).toBe(true);
      expect(coarse.distinctStates).toBeLessThan(exact.distinctStates);
      expect(verdicts(coarse)).toEqual(verdicts(exact));
      expect(verdicts(coarse).length).toBeGreaterThan(0);
      expect(coverage(coarse)).toEqual(coverage(exact));
      for (const c of coarse.counterexamples) expect(replaysTo(options.catalogue, coarse, c.property, c.trace)).toBe(true);
    }
  });
});

/** Walks `w` by the first enabled event of each kind in `plan` (domain ids for handovers). */
function walk(w0: World, plan: readonly string[]): World {
  let w = w0;
  for (const p of plan) {
    const [kind, arg] = p.split(' ');
    const e = enabled(w).find(
      (x) => x.kind === kind && (!('fallback' in x) || !x.fallback) && (arg === undefined || ('target' in x && x.target === arg) || ('domain' in x && x.domain === arg)),
    );
    if (e === undefined) throw new Error(`no ${p} in ${enabled(w).map((x) => x.kind).join(',')}`);
    w = step(w, e);
    // Deliver everything in flight, oldest first, before the next stimulus.
    while (w.inFlight.length > 0) {
      const d = enabled(w).find((x) => x.kind === 'deliver');
      if (d === undefined) break;
      w = step(w, d);
    }
  }
  return w;
}

describe('the coarse key merges what only the history tells apart', () => {
  it('at B after A-B-A-B or A-C-A-B: the fast keys differ, the coarse keys agree', () => {
    // A trusts B and C, both trust A: three optimized hops either way (L = 3).
    const config = { ...starWorld, chainLimit: 3, mns: starWorld.mns.slice(0, 1) };
    const w0 = initialWorld(config, {}, { faults: [] });
    const viaB = walk(w0, ['attach A', 'handover B', 'complete', 'handover A', 'complete', 'handover B', 'complete']);
    const viaC = walk(w0, ['attach A', 'handover C', 'complete', 'handover A', 'complete', 'handover B', 'complete']);
    expect(new FastWorldKey().key(viaB)).not.toBe(new FastWorldKey().key(viaC));
    const coarse = new CoarseWorldKey();
    expect(coarse.key(viaB)).toBe(coarse.key(viaC));
    // What is still there is kept: the serving key's depth tells three hops from one.
    const oneHop = walk(w0, ['attach A', 'handover B', 'complete']);
    expect(coarse.key(oneHop)).not.toBe(coarse.key(viaB));
  });

  it('refuses a key id or token at a place it does not know, rather than guess', () => {
    const w = walk(initialWorld(exploreWorld({ shape: 'chain', domains: 3 }), {}, { faults: [] }), ['attach A']);
    const strange = { ...w, mns: [{ ...(w.mns[0] as World['mns'][number]), note: 'MISK(x|#1)' }] } as unknown as World;
    expect(() => new CoarseWorldKey().key(strange)).toThrowError(CoarseKeyError);
  });
});

describe('the coarse key refuses what it does not cover', () => {
  const small = { shape: 'chain' as const, domains: 2, limit: 1, maxDepth: 3, measureRetainedHeap: false };

  it('a property that does not declare what it reads', () => {
    const catalogue = [...PROPERTIES, depthAtMost(1)];
    expect(() => explore({ ...small, catalogue, worldKey: 'coarse' })).toThrowError(/test-depth-at-most-1 does not declare what it reads/);
    expect(() => explore({ ...small, catalogue, worldKey: 'coarse' })).toThrowError(CoarseKeyError);
    // The exact keys forget nothing a property could read: the same catalogue runs there.
    expect(explore({ ...small, catalogue, worldKey: 'fast' }).counterexamples).toEqual([]);
  });

  it('a property that reads a key derivation path or how a name is spelt', () => {
    for (const reads of [['observation', 'key-derivation'], ['name-spelling']] as const) {
      const deeper: DeclaringProperty = { ...depthAtMost(1), id: 'test-deeper', reads };
      expect(() => explore({ ...small, catalogue: [...PROPERTIES, deeper], worldKey: 'coarse' })).toThrowError(new RegExp(`test-deeper reads ${reads.filter((r) => r !== 'observation').join(', ')}`));
    }
    expect(explore({ ...small, catalogue: [...PROPERTIES, declaredDepthAtMost(1)], worldKey: 'coarse' }).distinctStates).toBeGreaterThan(10);
  });

  it('the active lower tester, and symmetry reduction', () => {
    expect(() => explore({ ...small, faults: ['redeliver'], worldKey: 'coarse' })).toThrowError(CoarseKeyError);
    expect(() => explore({ ...small, mns: 2, symmetry: true, worldKey: 'coarse' })).toThrowError(SymmetryError);
  });
});
