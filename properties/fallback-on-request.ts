import { violation, type Property } from './types.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
//# or if any of the MN or TPoS requests so.
/**
 * 5.14.2-N1c "[It shall fall back to an SA establishment mechanism as specified in IEEE Std
 * 802.21-XXXX] ... if any of the MN or TPoS requests so." The MN asks with the fallback flag of
 * its handover request; a TPoS asks by its policy (docs/protocol.md §3, setFallbackPolicy).
 * Neither the TPoS (when it installs its SA) nor the MN may then end up with an optimized SA.
 */
export const fallbackOnRequest: Property = {
  id: 'fallback-on-request',
  title: 'Full establishment when the MN or the TPoS asks for it',
  requirements: ['5.14.2-N1c'],
  check(ctx) {
    for (const s of ctx.step.newSas) {
      if (s.how !== 'optimized') continue;
      if (ctx.facts.pending.get(s.mn)?.fallback === true) {
        return violation(this, `MN ${s.mn} requested a full establishment (fallback flag) but ${s.side === 'mn' ? `MN ${s.mn}` : `TPoS ${s.pos}`} installed an optimized SA`);
      }
      // The TPoS decides when the N2N request arrives; its policy at that moment is what counts.
      if (s.side === 'pos' && ctx.facts.policy.get(s.pos) === true) {
        return violation(this, `TPoS ${s.pos} requests fallback by policy but installed an optimized SA for MN ${s.mn}`);
      }
    }
    return null;
  },
  exercised(ctx) {
    const asked =
      ctx.step.newSas.some((s) => s.how !== 'unexplained' && (ctx.facts.pending.get(s.mn)?.fallback === true || (s.side === 'pos' && ctx.facts.policy.get(s.pos) === true))) ||
      ctx.step.emitted.some((p) => p.reason === 'MN_REQUESTED' || p.reason === 'TPOS_REQUESTED');
    return asked ? ['5.14.2-N1c'] : [];
  },
};
