import { violation, type Property } from './types.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.2-S7
//# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
//# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
/**
 * A-REPLAY with 5.14.2-S7 (Nonce-N and Nonce-T make each preregistration unique): a
 * MIS_N2N_Prereg_Xfer.request whose (SPoS, Nonce-N) the TPoS has already received intact is a
 * replay. It installs nothing (in particular it does not re-key the MN's SA), and the answer,
 * if any, is REJECTED (reason REPLAY, or UNAUTHORIZED_SOURCE which the TPoS checks first).
 */
export const replayRejected: Property = {
  id: 'replay-rejected',
  title: 'A replayed MIS_N2N_Prereg_Xfer.request is rejected',
  requirements: ['A-REPLAY', '5.14.2-S7'],
  check(ctx) {
    const d = ctx.step.delivered;
    if (d === null || d.type !== 'MIS_N2N_Prereg_Xfer.request' || d.corrupted === true || d.nonceN === undefined) return null;
    if (!ctx.facts.n2nDelivered.has(`${d.dst}\u0000${d.src}\u0000${d.nonceN}`)) return null;
    const installed = ctx.step.newSas.find((s) => s.side === 'pos' && s.pos === d.dst);
    if (installed !== undefined) return violation(this, `TPoS ${d.dst} accepted a replayed MIS_N2N_Prereg_Xfer.request from ${d.src} (Nonce-N ${d.nonceN}) and installed a new SA (key ${installed.sa.key}) for MN ${installed.mn}`);
    const answer = ctx.step.emitted.find((p) => p.type === 'MIS_N2N_Prereg_Xfer.response' && p.src === d.dst);
    if (answer !== undefined && answer.status !== 'REJECTED') {
      return violation(this, `TPoS ${d.dst} answered ${answer.status ?? '?'}/${answer.reason ?? '?'} to a replayed MIS_N2N_Prereg_Xfer.request from ${d.src}, expected REJECTED/REPLAY`);
    }
    return null;
  },
  exercised(ctx) {
    const d = ctx.step.delivered;
    const replay = d !== null && d.type === 'MIS_N2N_Prereg_Xfer.request' && d.corrupted !== true && ctx.facts.n2nDelivered.has(`${d.dst}\u0000${d.src}\u0000${d.nonceN ?? ''}`);
    return replay ? ['A-REPLAY'] : [];
  },
};
