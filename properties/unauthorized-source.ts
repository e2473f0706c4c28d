import { violation, type Property } from './types.ts';
import { trusts } from './lookups.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
/**
 * 5.14.1-S6 "the TPoS may reject these messages from an unauthorized source network PoS"; the
 * profile makes it a duty (docs/protocol.md §4: UNAUTHORIZED_SOURCE is the TPoS's first check,
 * status REJECTED). An intact MIS_N2N_Prereg_Xfer.request from a PoS the TPoS has no roaming
 * agreement with installs nothing, and the answer, if any, is REJECTED / UNAUTHORIZED_SOURCE.
 */
export const unauthorizedSource: Property = {
  id: 'unauthorized-source',
  title: 'A TPoS rejects preregistration from an unauthorized SPoS',
  requirements: ['5.14.1-S6'],
  check(ctx) {
    const d = ctx.step.delivered;
    if (d === null || d.type !== 'MIS_N2N_Prereg_Xfer.request' || d.corrupted === true) return null;
    if (trusts(ctx.config, d.dst, d.src)) return null;
    const installed = ctx.step.newSas.find((s) => s.side === 'pos' && s.pos === d.dst);
    if (installed !== undefined) return violation(this, `TPoS ${d.dst} installed an SA for MN ${installed.mn} on a request from ${d.src}, which it has no roaming agreement with`);
    const answer = ctx.step.emitted.find((p) => p.type === 'MIS_N2N_Prereg_Xfer.response' && p.src === d.dst && p.dst === d.src);
    if (answer !== undefined && (answer.status !== 'REJECTED' || answer.reason !== 'UNAUTHORIZED_SOURCE')) {
      return violation(this, `TPoS ${d.dst} answered ${answer.status ?? '?'}/${answer.reason ?? '?'} to a request from unauthorized ${d.src}, expected REJECTED/UNAUTHORIZED_SOURCE`);
    }
    return null;
  },
  exercised(ctx) {
    const d = ctx.step.delivered;
    return d !== null && d.type === 'MIS_N2N_Prereg_Xfer.request' && d.corrupted !== true && !trusts(ctx.config, d.dst, d.src) ? ['5.14.1-S6'] : [];
  },
};
