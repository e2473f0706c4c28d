import type { Observation, WorldConfig } from '../vocabulary/observation.ts';
import { perObservationWith } from './per-observation.ts';
import { lineageKey, toldDepth, type TraceFacts } from './trace-facts.ts';
import { violation, type Property, type Violation } from './types.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
//# To prevent such domino effect, the chain shall be limited.
//= SPEC_MAPPING.md#A-CHAIN-L
//# The chain limit of 5.14.2-N4b/N4c is a world parameter L, default 3: an optimized establishment
//# is allowed only from an SA of depth < L; L = 0 disables the optimized path.
//= SPEC_MAPPING.md#V-COUNT-DEPTH
//# "certain number of executions" is the depth of the key lineage: optimized establishments since
//# the last full establishment of any kind (the SA's depth).
/**
 * 5.14.2-N4b "To prevent such domino effect, the chain shall be limited" (A-CHAIN-L,
 * V-COUNT-DEPTH): no SA is more than L optimized establishments away from a full
 * authentication. The distance is counted from the exchanges the trace shows (an optimized hop
 * adds one to the MN's serving SA's distance, a full establishment resets it), not from the
 * depth the SA reports, so an implementation that miscounts is still judged by what it did.
 * Stated for honest peers (F-29): where a depth lie told the PoSs less than the count, the MN's
 * count may pass L while every PoS keeps the limit on what it was told, which is judged instead.
 */
export const chainLimit: Property = {
  id: 'chain-limit',
  title: 'No SA is more than L optimized establishments away from a full authentication',
  requirements: ['5.14.2-N4b', 'A-CHAIN-L'],
  check(ctx) {
    const L = ctx.config.chainLimit;
    for (const s of ctx.step.newSas) {
      //= SPEC_MAPPING.md#V-RANGE-UPPER
      //# A TPoS that enforces refuses only a counter above L; a lower counter, 0 included, is accepted.
      const depth = toldDepth(ctx, s);
      if (depth > L) {
        return violation(this, `${s.side === 'mn' ? `MN ${s.mn}` : `PoS ${s.pos}`} installed an SA for ${s.side === 'mn' ? s.pos : s.mn} that is ${depth} optimized establishments from its full authentication (L = ${L})`);
      }
    }
    return perObservationWith(ctx, ctx.facts.lineage, saBeyondLimit);
  },
  exercised(ctx) {
    return ctx.step.newSas.some((s) => s.how === 'optimized') ? ['5.14.2-N4b'] : [];
  },
};

/**
 * The state part: no SA reports a depth beyond L, but an MN's count past the depth a lie told
 * its PoS (F-29, the lineage's `counted`); MNs first, then PoSs.
 */
function saBeyondLimit(config: WorldConfig, o: Observation, lineage: TraceFacts['lineage']): Violation | null {
  const L = config.chainLimit;
  for (const m of o.mns) {
    for (const deep of m.sas) if (deep.depth > L && lineage.get(lineageKey(m.id, deep.key))?.counted !== deep.depth) return violation(chainLimit, `MN ${m.id} holds an SA with ${deep.peer} of depth ${deep.depth} > L = ${L}`);
  }
  for (const p of o.poss) {
    for (const deep of p.sas) if (deep.depth > L) return violation(chainLimit, `PoS ${p.id} holds an SA with ${deep.peer} of depth ${deep.depth} > L = ${L}`);
  }
  return null;
}
