// A policy map that tells whether anything read it. Answers computed for one state are shared
// with its policy siblings (states that differ only in the PoSs' fallback policies) only if
// nothing read the policy while computing them: the judge's quiet steps (index.ts) and the
// explorer's shared steps (harness/explore/sibling-steps.ts) watch it this way.
import type { TraceFacts } from './trace-facts.ts';

/**
 * `facts` with its policy map watched: `looked()` says whether anything read the map. `restore`
 * puts the real map back into facts that carried the watched one over.
 */
export function watchPolicy(facts: TraceFacts): { readonly facts: TraceFacts; looked(): boolean; restore(after: TraceFacts): TraceFacts } {
  let looked = false;
  const real = facts.policy;
  const watched = new Proxy(real, {
    get(target, field) {
      looked = true;
      // Map methods must run on the map itself, not on the proxy.
      const v = Reflect.get(target, field, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    facts: { ...facts, policy: watched },
    looked: () => looked,
    restore: (after) => (after.policy === watched ? { ...after, policy: real } : after),
  };
}
