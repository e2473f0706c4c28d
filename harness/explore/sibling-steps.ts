// Policy siblings are states that differ only in the PoSs' fallback policies. Any policy can be
// changed at any time (setFallbackPolicy), so every state of the default world has 2^4 - 1
// siblings, and four fifths of its transitions are policy changes. A step that is not a policy
// change, and for which neither the model nor the property judge looked at a policy, does the
// same thing out of every sibling. It leaves each sibling's policies as they were.
// So the first sibling to take such a step computes it, and the others take its result with
// their own policies put back. Looking is recorded, not assumed:
// - the model says whether the step read a policy (stepWithRecord's `readPolicy`); if it did,
//   the step is computed for each sibling;
// - the judge runs with the facts' policy map watched (sibling-facts.ts); if it looked, the
//   siblings take the model's part of the step and the judge judges it again for each.

import { stimulusKey, type TraceFacts } from '../../properties/index.ts';
import type { World } from '../../model/world/world.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import { factsWithPolicy } from './sibling-facts.ts';
import type { Fingerprint } from './fingerprint.ts';

/**
 * Steps shared among policy siblings, kept by the fingerprints of the state's key but for its
 * policies (the world's components and the facts) and the event's key. Two states with the same
 * fingerprints and policies are one state to the explorer, which keeps one and drops the other
 * (bfs.ts): here a sibling's step is taken on the same footing, once the step is known not to
 * have looked at a policy. test/explore/sibling-steps.test.ts checks steps taken against steps
 * computed.
 * Two generations of at most `limit` steps each bound the memory: a state's siblings are at most
 * a few levels apart, so an old step is rarely asked for again, and a forgotten one is computed.
 */
export class SiblingSteps<T> {
  private current = new Map<string, T>();
  private older = new Map<string, T>();

  constructor(private readonly limit = 1 << 16) {}

  /** The step kept for this group and event, if any. */
  take(group: Group, e: WorldEvent): T | undefined {
    const key = keyOf(group, e);
    let k = this.current.get(key);
    if (k === undefined) {
      k = this.older.get(key);
      if (k !== undefined) this.put(key, k);
    }
    return k;
  }

  /** Keeps a step for the group's other members. */
  keep(group: Group, e: WorldEvent, step: T): void {
    this.put(keyOf(group, e), step);
  }

  private put(key: string, k: T): void {
    if (this.current.size >= this.limit) {
      this.older = this.current;
      this.current = new Map();
    }
    this.current.set(key, k);
  }
}

/** The fingerprints of a state's key but for its policies: of the world's components, and of the facts. */
export interface Group {
  readonly rest: Fingerprint;
  readonly facts: Fingerprint;
}

const keyOf = (g: Group, e: WorldEvent): string => `${g.rest.hi}:${g.rest.lo}:${g.facts.hi}:${g.facts.lo}:${stimulusKey(e)}`;

/** The worlds' PoSs have the same policies. */
export function samePolicies(a: World, b: World): boolean {
  if (a.poss.length !== b.poss.length) return false;
  for (let j = 0; j < a.poss.length; j++) if (a.poss[j]?.requestsFallback !== b.poss[j]?.requestsFallback) return false;
  return true;
}

/** `w` with the policies of `policies` (same PoS count); each PoS's arrays stay shared. */
export function withPoliciesOf(w: World, policies: World): World {
  let poss: World['poss'][number][] | null = null;
  for (let j = 0; j < w.poss.length; j++) {
    const p = w.poss[j] as World['poss'][number];
    const on = (policies.poss[j] as World['poss'][number]).requestsFallback;
    if (p.requestsFallback === on) continue;
    poss ??= w.poss.slice();
    poss[j] = { requestsFallback: on, replayCache: p.replayCache, spos: p.spos, tpos: p.tpos };
  }
  if (poss === null) return w;
  return { config: w.config, variant: w.variant, faults: w.faults, fresh: w.fresh, mns: w.mns, hpos: w.hpos, poss, inFlight: w.inFlight };
}

/** `f` with the policy of `policy`: every other field is shared. */
export function withPolicyOf(f: TraceFacts, policy: TraceFacts): TraceFacts {
  return f.policy === policy.policy ? f : factsWithPolicy(f, policy.policy);
}
