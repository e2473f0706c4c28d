import { violation, type Property } from './types.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.1-S24
//# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS so
//# that TPoS can provide security service
//= spec/clause-5.14-proposed-text.txt#5.14.1-S12
//# Except for the initial network attachment, by the time an MN enters a network, it can also have
//# a security relationship with the PoS in that network by using MIS_Prereg_Xfer commands.
/**
 * 5.14.1-S24 "The methods specified there shall be used to establish an MIH SA between an MN
 * and a TPoS", with 5.14.1-S12 (preregistration via MIS_Prereg_Xfer): an SA comes into being
 * only by an establishment exchange addressed to its owner: MIS_Auth.request/response (full) or
 * MIS_N2N_Prereg_Xfer.request / MIS_Prereg_Xfer.response (optimized), never as a side effect of
 * anything else.
 */
export const saProvenance: Property = {
  id: 'sa-provenance',
  title: 'An SA is installed only by an establishment exchange addressed to its owner',
  requirements: ['5.14.1-S24', '5.14.1-S12'],
  check(ctx) {
    if (ctx.prev === null) return null;
    const s = ctx.step.newSas.find((x) => x.how === 'unexplained');
    if (s === undefined) return null;
    const cause = ctx.stimulus === null ? 'the initial state' : ctx.stimulus.kind === 'deliver' ? `delivery of ${ctx.step.delivered?.corrupted === true ? 'a corrupted ' : ''}${ctx.step.delivered?.type ?? '?'} ${ctx.step.delivered?.src ?? ''}→${ctx.step.delivered?.dst ?? ''}` : `stimulus ${ctx.stimulus.kind}`;
    return violation(this, `${s.side === 'mn' ? `MN ${s.mn}` : `PoS ${s.pos}`} installed an SA for ${s.side === 'mn' ? s.pos : s.mn} (key ${s.sa.key}) on ${cause}, which is no establishment exchange for it`);
  },
  exercised(ctx) {
    return ctx.step.newSas.length > 0 ? ['5.14.1-S24'] : [];
  },
};
