// The trace facts of policy siblings (states that differ only in the PoSs' fallback policies):
// the same maps but the policy, as the caching judge (judge-cache.ts) hands them on. And a
// policy map that tells whether anything read it: answers computed for one state are shared
// with its policy siblings only if nothing read the policy while computing them (the judge's
// quiet steps, judge-cache.ts, and the explorer's shared steps, sibling-steps.ts).
import type { TraceFacts } from '../../properties/index.ts';
import type { IdentityCache } from './identity-cache.ts';

/** Everything of TraceFacts but the policy. */
export type FactsCore = Omit<TraceFacts, 'policy'>;

/** The fields of TraceFacts that the helpers below know, the policy among them (a test checks it against initialFacts). */
export const TRACE_FACTS_FIELDS = ['completion', 'kTarget', 'keyPair', 'lineage', 'n2nDelivered', 'nonces', 'pending', 'policy'] as const;

/** Facts of `core`'s maps and this policy, in initialFacts' field order. */
export function factsWithPolicy(core: FactsCore, policy: TraceFacts['policy']): TraceFacts {
  return { lineage: core.lineage, keyPair: core.keyPair, pending: core.pending, policy, n2nDelivered: core.n2nDelivered, nonces: core.nonces, completion: core.completion, kTarget: core.kTarget };
}

/** The facts agree in every field but the policy, by identity (advanceFacts shares what it keeps). */
export function sameFactsButPolicy(a: TraceFacts, b: TraceFacts): boolean {
  return (
    a.lineage === b.lineage && a.keyPair === b.keyPair && a.pending === b.pending && a.n2nDelivered === b.n2nDelivered &&
    a.nonces === b.nonces && a.completion === b.completion && a.kTarget === b.kTarget
  );
}

/** Adds every facts map but the policy to an identity-cache key (policy siblings share them). */
export function withFactsCore<V>(key: IdentityCache<V>, f: FactsCore): IdentityCache<V> {
  return key.with(f.lineage).with(f.keyPair).with(f.pending).with(f.n2nDelivered).with(f.nonces).with(f.completion).with(f.kTarget);
}

/**
 * `facts` with its policy map watched: `looked()` says whether anything read the map, `keysRead()`
 * which domains it read (by `get` or `has`; null: it read the map some other way, so all of them).
 * `restore` puts the real map back into facts that carried the watched one over.
 */
export function watchPolicy(facts: TraceFacts): {
  readonly facts: TraceFacts;
  looked(): boolean;
  keysRead(): ReadonlySet<string> | null;
  restore(after: TraceFacts): TraceFacts;
} {
  let looked = false;
  let whole = false;
  const keys = new Set<string>();
  const real = facts.policy;
  const byKey = (read: (k: string) => unknown) => (k: string): unknown => {
    keys.add(k);
    return read(k);
  };
  const watched = new Proxy(real, {
    get(target, field) {
      looked = true;
      if (field === 'get') return byKey((k) => target.get(k));
      if (field === 'has') return byKey((k) => target.has(k));
      whole = true;
      // Map methods must run on the map itself, not on the proxy.
      const v = Reflect.get(target, field, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    facts: { ...facts, policy: watched },
    looked: () => looked,
    keysRead: () => (whole ? null : keys),
    restore: (after) => (after.policy === watched ? { ...after, policy: real } : after),
  };
}
