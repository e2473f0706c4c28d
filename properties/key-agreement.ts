import type { Observation, WorldConfig } from '../vocabulary/observation.ts';
import { perObservationWith } from './per-observation.ts';
import { lineageAfter, onlyResent, type TraceFacts } from './trace-facts.ts';
import { violation, type Property, type Violation } from './types.ts';
import { posSasFor } from './lookups.ts';

/** A key seen with a second (MN, PoS) pair, this step (`pairOf`, updated) or earlier (`keyPair`). */
function clash(pairOf: Map<string, string>, keyPair: ReadonlyMap<string, string>, key: string, pair: string): string | null {
  const first = pairOf.get(key) ?? keyPair.get(key);
  if (first !== undefined && first !== pair) {
    const [m1, p1] = first.split('\u0000');
    const [m2, p2] = pair.split('\u0000');
    return `key ${key} serves both (MN ${m1}, PoS ${p1}) and (MN ${m2}, PoS ${p2})`;
  }
  pairOf.set(key, pair);
  return null;
}

/**
 * Agreement: whenever the MN holds an SA with a PoS, that PoS holds it with the same key, unless
 * the PoS's SA is one a preparation resent by another partner made (trace-facts.ts `resent`):
 * taken up as no replay, it replaced the SA the MN's own preparation made, which a PoS cannot
 * tell from the MN's next preparation.
 */
function disagreement(_config: WorldConfig, o: Observation, lineage: TraceFacts['lineage']): Violation | null {
  for (const m of o.mns) {
    for (const sa of m.sas) {
      const held = posSasFor(o, sa.peer, m.id);
      if (onlyResent(lineage, m.id, held)) continue;
      if (!held.some((p) => p.key === sa.key)) {
        return violation(keyAgreement, `MN ${m.id} holds key ${sa.key} with ${sa.peer} (${sa.state}), but ${sa.peer} holds ${held.length === 0 ? 'no SA for it' : `key ${held.map((p) => p.key).join(', ')}`}`);
      }
    }
  }
  return null;
}

/** Separation: one key never serves two different (MN, PoS) pairs, now or earlier in the run. */
function sharedKey(_config: WorldConfig, o: Observation, keyPair: TraceFacts['keyPair']): Violation | null {
  const pairOf = new Map<string, string>();
  for (const m of o.mns) {
    for (const sa of m.sas) {
      const c = clash(pairOf, keyPair, sa.key, `${m.id}\u0000${sa.peer}`);
      if (c !== null) return violation(keyAgreement, c);
    }
  }
  for (const p of o.poss) {
    for (const sa of p.sas) {
      const c = clash(pairOf, keyPair, sa.key, `${sa.peer}\u0000${p.id}`);
      if (c !== null) return violation(keyAgreement, c);
    }
  }
  return null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S9
//# With the information, MN and TPoS can derive the media independent session key (MISK) as
//# specified in 9.2.1 of IEEE Std 802.21-XXXX.
//= SPEC_MAPPING.md#A-MISK
//# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
//# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
/**
 * 5.14.2-S9 "With the information, MN and TPoS can derive the media independent session key
 * (MISK)" with A-MISK (the MISK binds both nonces, the suite, the MN and the TPoS):
 * - agreement: whenever the MN holds an SA with a PoS, that PoS holds it with the same key;
 * - separation: one key never serves two different (MN, PoS) pairs, now or earlier in the run.
 * Keys are compared only as equalities (fingerprints in an SUT, key classes in the model).
 */
export const keyAgreement: Property = {
  id: 'key-agreement',
  title: 'MN and PoS hold the same MISK; different SAs never share one',
  requirements: ['5.14.2-S9', 'A-MISK'],
  check(ctx) {
    return perObservationWith(ctx, lineageAfter(ctx), disagreement) ?? perObservationWith(ctx, ctx.facts.keyPair, sharedKey);
  },
  exercised(ctx) {
    return ctx.step.newSas.some((s) => s.side === 'mn' && s.how === 'optimized') ? ['5.14.2-S9'] : [];
  },
};
