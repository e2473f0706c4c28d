// Toy systems whose reachable state counts are known in closed form, to test the explorer.
import type { ExplorableSystem, Violation } from '../../harness/explore/types.ts';

/** n bits, all 0 at first; event i flips bit i. 2^n states, all at depth popcount. */
export function bitFlips(
  n: number,
  opts: { symmetric?: boolean; forbidAllOnes?: boolean; forbidClearing?: boolean } = {},
): ExplorableSystem<readonly number[], number> {
  const events = Array.from({ length: n }, (_, i) => i);
  return {
    initial: new Array<number>(n).fill(0),
    enabled: () => events,
    step: (s, i) => s.map((b, j) => (j === i ? 1 - b : b)),
    // Any permutation of the bits is an automorphism: the orbit of a state is its popcount.
    key: (s) => (opts.symmetric ? String(s.reduce((a, b) => a + b, 0)) : s.join('')),
    label: (i) => `flip${i}`,
    ...(opts.forbidAllOnes
      ? {
          checkState: (s: readonly number[]): Violation[] =>
            s.every((b) => b === 1) ? [{ id: 'not-all-ones', message: 'all bits set', requirements: ['toy-1'] }] : [],
        }
      : {}),
    ...(opts.forbidClearing
      ? {
          checkStep: (prev: readonly number[], i: number, next: readonly number[]): Violation[] =>
            prev[i] === 1 && next[i] === 0 ? [{ id: 'never-clear', message: `bit ${i} cleared` }] : [],
        }
      : {}),
  };
}

export type Jugs = readonly [number, number];
export type JugMove = 'fillA' | 'fillB' | 'emptyA' | 'emptyB' | 'pourAB' | 'pourBA';

/**
 * The Die Hard water jugs (capacities 3 and 5). Reachable: every (a, b) with a jug empty or
 * full: 2 x 6 + 2 x 2 = 16 states. Getting 4 litres in B takes 6 moves at least.
 */
export function dieHard(): ExplorableSystem<Jugs, JugMove> {
  const A = 3;
  const B = 5;
  const moves: JugMove[] = ['fillA', 'fillB', 'emptyA', 'emptyB', 'pourAB', 'pourBA'];
  return {
    initial: [0, 0],
    enabled: () => moves,
    step: ([a, b], m) => {
      switch (m) {
        case 'fillA':
          return [A, b];
        case 'fillB':
          return [a, B];
        case 'emptyA':
          return [0, b];
        case 'emptyB':
          return [a, 0];
        case 'pourAB': {
          const k = Math.min(a, B - b);
          return [a - k, b + k];
        }
        case 'pourBA': {
          const k = Math.min(b, A - a);
          return [a + k, b - k];
        }
      }
    },
    key: ([a, b]) => `${a},${b}`,
    checkState: ([, b]) => (b === 4 ? [{ id: 'b-not-4', message: 'B holds 4 litres' }] : []),
  };
}

/** A counter modulo m with +1 and +2, and a sink state with no event: m states + deadlock. */
export function counterWithSink(m: number): ExplorableSystem<number, 'inc' | 'inc2' | 'halt'> {
  return {
    initial: 0,
    enabled: (s) => (s < 0 ? [] : ['inc', 'inc2', 'halt']),
    step: (s, e) => (e === 'halt' ? -1 : (s + (e === 'inc' ? 1 : 2)) % m),
    key: String,
  };
}
