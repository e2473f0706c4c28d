import { lineageKey, lineageOf } from './trace-facts.ts';
import { violation, type Property } from './types.ts';

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
  check(ctx) {
    for (const s of ctx.step.newSas) {
      if (s.how === 'unexplained') continue;
      const expected = lineageOf(ctx, s);
      if (s.sa.depth !== expected.depth || s.sa.root !== expected.root) {
        const who = s.side === 'mn' ? `MN ${s.mn}` : `PoS ${s.pos}`;
        return violation(this, `${who} installed an SA for ${s.side === 'mn' ? s.pos : s.mn} by a ${s.how} establishment with depth ${s.sa.depth}, root ${s.sa.root}; its lineage gives depth ${expected.depth}, root ${expected.root}`);
      }
    }
    // A-DEPTH-WIRE: the SPoS states the lineage of the SA to be made: its own SA's, one deeper.
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
