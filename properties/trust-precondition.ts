import { violation, type Property } from './types.ts';
import { trusts } from './lookups.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
//# The optimized MIH SA establishment is allowed only when a trust relationship has established
//# between the network domains of SPoS and TPoS.
/**
 * 5.14.2-N1a "The optimized MIH SA establishment is allowed only when a trust relationship has
 * established between the network domains of SPoS and TPoS." Trust is directed configuration
 * (docs/protocol.md §1); a relationship is established only when both sides have configured the
 * roaming agreement, so an optimized SA needs SPoS → TPoS and TPoS → SPoS trust.
 */
export const trustPrecondition: Property = {
  id: 'trust-precondition',
  title: 'Optimized establishment only between domains that trust each other both ways',
  requirements: ['5.14.2-N1a'],
  check(ctx) {
    for (const s of ctx.step.newSas) {
      if (s.how !== 'optimized' || s.from === null) continue;
      const spos = s.from;
      const tpos = s.pos;
      const forward = trusts(ctx.config, spos, tpos);
      const backward = trusts(ctx.config, tpos, spos);
      if (!forward || !backward) {
        return violation(this, `${s.side === 'mn' ? `MN ${s.mn}` : `TPoS ${tpos}`} installed an optimized SA (MN ${s.mn}, SPoS ${spos} → TPoS ${tpos}) although ${!forward ? `${spos} does not trust ${tpos}` : `${tpos} does not trust ${spos}`}`);
      }
    }
    return null;
  },
  exercised(ctx) {
    return ctx.step.newSas.some((s) => s.how === 'optimized') || ctx.step.emitted.some((p) => p.reason === 'NO_TRUST') ? ['5.14.2-N1a'] : [];
  },
};
