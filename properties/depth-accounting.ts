import { lineageOf } from './trace-facts.ts';
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
    return null;
  },
  exercised(ctx) {
    return ctx.step.newSas.some((s) => s.how !== 'unexplained') ? ['5.14.2-N4b'] : [];
  },
};
