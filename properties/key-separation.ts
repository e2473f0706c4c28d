import { violation, type Property } from './types.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
//= SPEC_MAPPING.md#A-K-BIND
//# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
//# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
/**
 * 5.14.2-S6 "If the key K is distributed by SPoS to MN and to TPoS, the key distribution is
 * protected by MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS"
 * with A-K-BIND (K is derived for one TPoS). Judged from the key-distribution evidence an
 * observer can collect (PduObservation.k / kBound / kExposed; docs/protocol.md §7):
 * - K never travels readable without the protecting SA's key;
 * - K is the derivation bound to the TPoS it is sent to (and to this MN, SPoS and Nonce-N);
 * - one K is never sent towards two different TPoSs.
 */
export const keySeparation: Property = {
  id: 'key-separation',
  title: 'K is bound to one TPoS and crosses only protected channels',
  requirements: ['5.14.2-S6', 'A-K-BIND'],
  check(ctx) {
    for (const p of ctx.step.emitted) {
      if (p.kExposed === true) return violation(this, `the K of MN ${p.mn}'s preregistration (${p.type} ${p.src}→${p.dst}) crossed the wire readable without the protecting SA's key`);
      if (p.kBound === false) return violation(this, `${p.src} sent to ${p.dst} a K (${p.k ?? '?'}) for MN ${p.mn} that is not the A-K-BIND derivation for this MN, SPoS, TPoS and Nonce-N`);
    }
    // One K, one TPoS: every intact N2N request carrying the same K goes to the same TPoS.
    const n2n = ctx.step.emitted.filter((p) => p.type === 'MIS_N2N_Prereg_Xfer.request' && p.k !== undefined);
    for (const p of n2n) {
      const other = ctx.facts.kTarget.get(p.k!);
      if (other !== undefined && other !== p.dst) return violation(this, `K ${p.k!} was sent to TPoS ${other} and again to TPoS ${p.dst}`);
    }
    return null;
  },
  exercised(ctx) {
    return ctx.step.emitted.some((p) => p.k !== undefined || p.kBound !== undefined || p.kExposed !== undefined) ? ['5.14.2-S6'] : [];
  },
};
