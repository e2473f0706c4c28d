// Symmetry reduction (Ip & Dill 1996; Emerson & Sistla 1996) over interchangeable MNs and
// domains.
//
// A world permutation renames domain ids and MN ids together. It is an *automorphism of the
// configuration* when renaming the configuration gives the same configuration: every domain's
// RATs, suites and fallback policy equal those of its image, its neighbour list (an ordered
// preference, 5.14.3) maps elementwise onto its image's, its partner set (trust, 5.14.2 Note 1)
// maps onto its image's partner set, and every MN's method, RATs, suites and home map likewise.
//
// Soundness condition. Exploring one representative per orbit loses nothing iff
//   (1) the initial state is fixed by every automorphism π (it is: it is built from the
//       configuration only);
//   (2) the transition relation is equivariant: the enabled events of π(s) are π of the enabled
//       events of s, and step(π(s), π(e)) = π(step(s, e)). This holds when the model never
//       looks at an id except by equality or through the configuration (no comparison of ids
//       by name or array position that the configuration does not fix); the test of
//       test/explore checks it on random states, and checks that verdicts are preserved;
//   (3) every property checked is invariant: check(π(s)) fails iff check(s) fails (properties
//       quantify over all MNs and PoSs and never name one).
// Then s and π(s) reach the same property verdicts, so one representative per orbit suffices,
// and a counterexample found on the quotient is a concrete trace (bfs.ts replays the witness).
// Keys: canonical(s) = min over the group of key(π(s)); equal iff s and t are in one orbit.
import type { WorldConfig } from '../../vocabulary/observation.ts';

export interface WorldPermutation {
  /** Image of each domain id. */
  readonly domains: ReadonlyMap<string, string>;
  /** Image of each MN id. */
  readonly mns: ReadonlyMap<string, string>;
}

export class SymmetryError extends Error {
  override readonly name = 'SymmetryError';
}

/** Largest sets whose permutations are enumerated (8! = 40320 candidates). */
const MAX_PERMUTED = 8;

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  const a = [...items];
  const n = a.length;
  const c = new Array<number>(n).fill(0);
  yield [...a];
  let i = 0;
  while (i < n) {
    if ((c[i] as number) < i) {
      const j = i % 2 === 0 ? 0 : (c[i] as number);
      [a[j], a[i]] = [a[i] as T, a[j] as T];
      yield [...a];
      c[i] = (c[i] as number) + 1;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
}

const sameList = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

const isIdentity = (p: WorldPermutation): boolean =>
  [...p.domains].every(([a, b]) => a === b) && [...p.mns].every(([a, b]) => a === b);

/**
 * All automorphisms of the configuration, the identity first. The chain limit is global and
 * fixed by every permutation.
 */
export function configAutomorphisms(config: WorldConfig): WorldPermutation[] {
  const dIds = config.domains.map((d) => d.id);
  const mIds = config.mns.map((m) => m.id);
  if (dIds.length > MAX_PERMUTED || mIds.length > MAX_PERMUTED) {
    throw new SymmetryError(`symmetry reduction enumerates permutations of at most ${MAX_PERMUTED} domains and MNs`);
  }
  const domainById = new Map(config.domains.map((d) => [d.id, d]));
  const mnById = new Map(config.mns.map((m) => [m.id, m]));
  const group: WorldPermutation[] = [];
  for (const dImage of permutations(dIds)) {
    const pd = new Map(dIds.map((id, i) => [id, dImage[i] as string]));
    const map = (x: string): string => pd.get(x) ?? x;
    const domainsFixed = config.domains.every((d) => {
      const img = domainById.get(map(d.id));
      return (
        img !== undefined &&
        sameSet(d.rats, img.rats) &&
        sameList(d.suites, img.suites) &&
        d.requestsFallback === img.requestsFallback &&
        sameList(d.neighbours.map(map), img.neighbours) &&
        sameSet(d.partners.map(map), img.partners)
      );
    });
    if (!domainsFixed) continue;
    for (const mImage of permutations(mIds)) {
      const pm = new Map(mIds.map((id, i) => [id, mImage[i] as string]));
      const mnsFixed = config.mns.every((m) => {
        const img = mnById.get(pm.get(m.id) ?? m.id);
        return (
          img !== undefined &&
          img.method === m.method &&
          map(m.home) === img.home &&
          sameSet(m.rats, img.rats) &&
          sameList(m.suites, img.suites)
        );
      });
      if (mnsFixed) group.push({ domains: pd, mns: pm });
    }
  }
  // Heap's algorithm yields the identity first; keep it first explicitly all the same.
  group.sort((a, b) => Number(isIdentity(b)) - Number(isIdentity(a)));
  return group;
}

/** The function renaming both kinds of ids under `p` (ids of neither kind are kept). */
export function renamer(p: WorldPermutation): (id: string) => string {
  return (id) => p.domains.get(id) ?? p.mns.get(id) ?? id;
}
