import { describe, expect, it } from 'vitest';
import { exploreSystem, replayIndices } from '../../harness/explore/bfs.ts';
import { bitFlips, counterWithSink, dieHard } from './toys.ts';

const binom = (n: number, k: number): number => {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
};

describe('exploreSystem on toy systems', () => {
  it('explores n bit flips to the fixpoint: 2^n states, n*2^n transitions, depth n', () => {
    const r = exploreSystem(bitFlips(10));
    expect(r.distinctStates).toBe(1024);
    expect(r.transitions).toBe(10 * 1024);
    expect(r.maxDepth).toBe(10);
    expect(r.fixpoint).toBe(true);
    expect(r.stopReason).toBe('fixpoint');
    expect(r.levelSizes).toEqual(Array.from({ length: 11 }, (_, k) => binom(10, k)));
    expect(r.counterexamples).toEqual([]);
    expect(r.eventCoverage['flip3']).toBe(1024);
  });

  it('stops at the depth bound with exactly the states within it', () => {
    const r = exploreSystem(bitFlips(10), { maxDepth: 3 });
    expect(r.distinctStates).toBe(1 + 10 + 45 + 120);
    expect(r.maxDepth).toBe(3);
    expect(r.fixpoint).toBe(false);
    expect(r.stopReason).toBe('depth');
    // Only states at depth < 3 are expanded.
    expect(r.transitions).toBe((1 + 10 + 45) * 10);
  });

  it('stops at the state bound', () => {
    const r = exploreSystem(bitFlips(12), { maxStates: 100 });
    expect(r.distinctStates).toBe(100);
    expect(r.fixpoint).toBe(false);
    expect(r.stopReason).toBe('states');
  });

  it('finds the Die Hard states and a shortest 6-move solution', () => {
    const sys = dieHard();
    const r = exploreSystem(sys);
    expect(r.distinctStates).toBe(16);
    expect(r.counterexamples).toHaveLength(1);
    const cx = r.counterexamples[0];
    expect(cx?.id).toBe('b-not-4');
    expect(cx?.kind).toBe('state');
    expect(cx?.trace).toHaveLength(6);
    // The trace is real: replaying it ends with 4 litres in B.
    let s = sys.initial;
    for (const m of cx?.trace ?? []) s = sys.step(s, m);
    expect(s[1]).toBe(4);
  });

  it('gives the shortest counterexample to a state property (n flips to all ones)', () => {
    const r = exploreSystem(bitFlips(7, { forbidAllOnes: true }));
    expect(r.counterexamples.map((c) => [c.id, c.trace.length, c.requirements])).toEqual([['not-all-ones', 7, ['toy-1']]]);
  });

  it('gives the shortest counterexample to a transition property (flip, flip back)', () => {
    const r = exploreSystem(bitFlips(5, { forbidClearing: true }), { stopOnFirstViolation: true });
    expect(r.stopReason).toBe('violation');
    const cx = r.counterexamples[0];
    expect(cx?.kind).toBe('step');
    expect(cx?.trace).toEqual([0, 0]);
  });

  it('counts deadlocks', () => {
    const r = exploreSystem(counterWithSink(7));
    expect(r.distinctStates).toBe(8);
    expect(r.deadlocks).toBe(1);
  });

  it('fingerprint and exact stores agree', () => {
    for (const exactKeys of [false, true]) {
      const r = exploreSystem(bitFlips(12), { exactKeys });
      expect(r.distinctStates).toBe(4096);
      expect(r.store).toBe(exactKeys ? 'exact' : 'fingerprint64');
    }
  });

  it('replayIndices rejects an index that is not enabled with a typed error', () => {
    expect(() => replayIndices(counterWithSink(3), [2, 0])).toThrowError(/not enabled after 1 steps/);
  });
});

describe('symmetry reduction on a toy system', () => {
  it('reduces bit flips to popcount classes and keeps verdicts and trace lengths', () => {
    const full = exploreSystem(bitFlips(9, { forbidAllOnes: true, forbidClearing: true }));
    const sym = exploreSystem(bitFlips(9, { symmetric: true, forbidAllOnes: true, forbidClearing: true }));
    expect(full.distinctStates).toBe(512);
    expect(sym.distinctStates).toBe(10);
    const verdict = (r: typeof full): [string, number][] =>
      r.counterexamples.map((c) => [c.id, c.trace.length] as [string, number]).sort();
    expect(verdict(sym)).toEqual(verdict(full));
    expect(verdict(sym)).toEqual([
      ['never-clear', 2],
      ['not-all-ones', 9],
    ]);
  });
});
