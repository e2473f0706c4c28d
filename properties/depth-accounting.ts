import { lineageKey, lineageOf } from './trace-facts.ts';
import { violation, type Property } from './types.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
//# To prevent such domino effect, the chain shall be limited.
//= SPEC_MAPPING.md#V-COUNT-DEPTH
//# "certain number of executions" is the depth of the key lineage: optimized establishments since
//# the last full establishment of any kind (the SA's depth).
/**
 * 5.14.2-N4b, V-COUNT-DEPTH (docs/protocol.md §2): the depth and root an SA carries are the
 * ones its lineage has: 0 and the MN's method after a full establishment, the parent's plus
 * one and the parent's root after an optimized hop. The chain limit is enforced on these
 * fields, so an implementation that miscounts them can overrun the limit unseen by itself.
 */
export const depthAccounting: Property = {
  id: 'depth-accounting',
  title: 'An SA carries the chain depth and root of its lineage',
  requirements: ['5.14.2-N4b', 'A-CHAIN-L'],
  //= SPEC_MAPPING.md#A-CHAIN-L
  //# The chain limit of 5.14.2-N4b/N4c is a world parameter L, default 3: an optimized
  //# establishment is allowed only from an SA of depth < L; L = 0 disables the optimized path.
  check(ctx) {
    for (const s of ctx.step.newSas) {
      if (s.how === 'unexplained') continue;
      const expected = lineageOf(ctx, s);
      if (s.sa.depth !== expected.depth || s.sa.root !== expected.root) {
        const who = s.side === 'mn' ? `MN ${s.mn}` : `PoS ${s.pos}`;
        return violation(this, `${who} installed an SA for ${s.side === 'mn' ? s.pos : s.mn} by a ${s.how} establishment with depth ${s.sa.depth}, root ${s.sa.root}; its lineage gives depth ${expected.depth}, root ${expected.root}`);
      }
    }
    //= SPEC_MAPPING.md#A-DEPTH-WIRE
    //# The depth travels in MIS_Prereg_Xfer.request (the MN's view, informational) and in
    //# MIS_N2N_Prereg_Xfer.request
    // the SPoS states the lineage of the SA to be made: its own SA's, one deeper.
    for (const p of ctx.step.emitted) {
      if (p.type !== 'MIS_N2N_Prereg_Xfer.request' || p.depth === undefined || p.root === undefined || ctx.prev === null) continue;
      const key = ctx.prev.poss.find((x) => x.id === p.src)?.sas.find((sa) => sa.peer === p.mn)?.key;
      const own = key === undefined ? undefined : ctx.facts.lineage.get(lineageKey(p.mn, key));
      if (own !== undefined && (p.depth !== own.depth + 1 || p.root !== own.root)) {
        return violation(this, `SPoS ${p.src} asked ${p.dst} for an SA with MN ${p.mn} at depth ${p.depth}, root ${p.root}; its own SA's lineage gives depth ${own.depth + 1}, root ${own.root}`);
      }
    }
    return null;
  },
  exercised(ctx) {
    return ctx.step.newSas.some((s) => s.how !== 'unexplained') ? ['5.14.2-N4b'] : [];
  },
};
