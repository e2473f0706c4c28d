import { violation, type Property } from './types.ts';
import { mnOf, posSasFor } from './world.ts';

/**
 * 5.14.1-S19 "When handover is completed, the TPoS naturally begins to play the role of the
 * MN's serving PoS, and subsequently when a handover is required the TPoS plays the role of
 * the SPoS." Once the completion PDUs of a handover have been delivered (none of the MN's PDUs
 * is in flight and none was lost), the new PoS holds the MN's SA as serving and the old SPoS
 * holds no SA for it; and every later preregistration of the MN goes through its current PoS.
 */
export const roleRotation: Property = {
  id: 'role-rotation',
  title: 'After a completed handover the TPoS is the SPoS and the old SPoS lets go',
  requirements: ['5.14.1-S19'],
  check(ctx) {
    // Every preregistration goes to, and every N2N request comes from, the MN's current PoS.
    for (const p of ctx.step.emitted) {
      const at = mnOf(ctx.next, p.mn)?.attachedTo ?? null;
      if (p.type === 'MIS_Prereg_Xfer.request' && at !== null && p.dst !== at) {
        return violation(this, `MN ${p.mn} is attached to ${at} but sent MIS_Prereg_Xfer.request to ${p.dst}`);
      }
      if (p.type === 'MIS_N2N_Prereg_Xfer.request' && at !== null && p.src !== at) {
        return violation(this, `PoS ${p.src} acted as SPoS of MN ${p.mn}, which is attached to ${at}`);
      }
    }
    const broken = ctx.step.dropped ?? ctx.step.corrupted;
    for (const [mn, c] of ctx.facts.completion) {
      if (c.lost || c.from === null || c.to === null) continue;
      if (broken !== null && broken.mn === mn && (broken.type === 'MIS_HO_Complete.request' || broken.type === 'MIS_N2N_HO_Complete.indication')) continue;
      if (ctx.next.inFlight.some((p) => p.mn === mn)) continue;
      if (mnOf(ctx.next, mn)?.attachedTo !== c.to) continue; // a later handover has moved it on
      const atNew = posSasFor(ctx.next, c.to, mn);
      if (!atNew.some((sa) => sa.state === 'serving' && (c.newKey === null || sa.key === c.newKey))) {
        return violation(this, `handover of MN ${mn} from ${c.from} to ${c.to} completed, but ${c.to} holds no serving SA with its key (${atNew.map((sa) => `${sa.state} ${sa.key}`).join(', ') || 'none'})`);
      }
      // The old SPoS lets go of the SA it served the MN with (it may hold a newer one, made
      // since for a handover back to it).
      const stale = posSasFor(ctx.next, c.from, mn).find((sa) => c.oldKey === null || sa.key === c.oldKey);
      if (stale !== undefined) {
        return violation(this, `handover of MN ${mn} from ${c.from} to ${c.to} completed and no PDU of it is in flight, but the old SPoS ${c.from} still holds its SA for it (key ${stale.key})`);
      }
    }
    return null;
  },
  exercised(ctx) {
    const rotated = ctx.step.delivered?.type === 'MIS_N2N_HO_Complete.indication' || ctx.step.emitted.some((p) => p.type === 'MIS_HO_Complete.request');
    return rotated ? ['5.14.1-S19'] : [];
  },
};
