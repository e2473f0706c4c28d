// The parallel explorer (harness/explore/parallel.ts) gives the sequential explorer's result:
// the same counts, levels, coverage, verdicts and counterexample traces, whatever the timing of
// the workers' messages. Each case runs one and two workers on the same world.
import { describe, expect, it } from 'vitest';
import { explore, type ExploreOptions, type ExploreReport } from '../../harness/explore/explore.ts';

/** The report without what depends on the machine and the run: time, memory, the workers. */
function result(r: ExploreReport): unknown {
  const { seconds: _s, statesPerSecond: _r, cpuSeconds: _c, statesPerCpuSecond: _rc, memory: _m, parallel: _p, ...rest } = r;
  return rest;
}

const cases: [string, ExploreOptions][] = [
  ['the default world to depth 12', { maxDepth: 12 }],
  ['the coarse key at L = 1 to its fixpoint', { worldKey: 'coarse', limit: 1 }],
  ['a variant that is violated (V-K-HPOS)', { variant: { kSource: 'V-K-HPOS' }, maxDepth: 9 }],
  ['a variant that is violated, network faults to depth 6', { variant: { kSource: 'V-K-HPOS' }, faults: ['drop', 'duplicate', 'corrupt'], maxDepth: 6 }],
  ['the chain of three domains with V-COUNT-HOPS-ANY', { shape: 'chain', domains: 3, limit: 1, variant: { count: 'V-COUNT-HOPS-ANY' }, maxDepth: 14 }],
  ['two MNs to depth 7', { mns: 2, maxDepth: 7 }],
];

describe('explore with workers', () => {
  for (const [name, options] of cases) {
    it(`gives the sequential result with 2 workers: ${name}`, () => {
      const one = explore({ ...options, measureRetainedHeap: false });
      const two = explore({ ...options, workers: 2, measureRetainedHeap: false });
      expect(result(two)).toEqual(result(one));
      expect(two.parallel?.workers).toBe(2);
      expect(two.parallel?.traffic).toHaveLength(two.stopReason === 'fixpoint' ? two.maxDepth + 1 : two.maxDepth);
    }, 120_000);
  }

  it('finds violations and rebuilds their traces across workers', () => {
    // Not stopped at the first: every property's shortest trace, rebuilt from parent pointers
    // that cross workers, equals the sequential explorer's.
    const options: ExploreOptions = { variant: { kSource: 'V-K-HPOS' }, maxDepth: 8 };
    const one = explore({ ...options, measureRetainedHeap: false });
    const two = explore({ ...options, workers: 2, measureRetainedHeap: false });
    expect(one.counterexamples.length).toBeGreaterThan(0);
    expect(two.counterexamples.map((c) => [c.property, c.length, c.steps])).toEqual(one.counterexamples.map((c) => [c.property, c.length, c.steps]));
    const first = explore({ ...options, stopOnFirstViolation: true, workers: 2, measureRetainedHeap: false });
    expect([first.stopReason, first.counterexamples[0]?.steps]).toEqual(['violation', one.counterexamples[0]?.steps]);
  }, 120_000);

  it('refuses what workers cannot do yet', () => {
    expect(() => explore({ workers: 2, symmetry: true, maxDepth: 1 })).toThrow(/--symmetry/);
    expect(() => explore({ workers: 0 })).toThrow(/workers must be an integer >= 1/);
  });
});
