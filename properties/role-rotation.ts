import type { Observation, PduObservation, WorldConfig } from '../vocabulary/observation.ts';
import { perObservationWith } from './per-observation.ts';
import type { TraceFacts } from './trace-facts.ts';
import { violation, type Property, type Violation } from './types.ts';
import { mnOf, posSasFor } from './lookups.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.1-S19
//# When handover is completed, the TPoS naturally begins to play the role of the MN's serving PoS,
//# and subsequently when a handover is required the TPoS plays the role of the SPoS.
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
    // Without a loss in this step the verdict depends on the observation and the completions only.
    return broken === null ? perObservationWith(ctx, ctx.facts.completion, rotationUnfinished) : completionsUnfinished(ctx.next, ctx.facts.completion, broken);
  },
  exercised(ctx) {
    const rotated = ctx.step.delivered?.type === 'MIS_N2N_HO_Complete.indication' || ctx.step.emitted.some((p) => p.type === 'MIS_HO_Complete.request');
    return rotated ? ['5.14.1-S19'] : [];
  },
};

/**
 * Every handover completed without loss has rotated the roles: checked once the completion PDUs
 * are out of flight. `broken` is the completion PDU this step lost or corrupted, if any.
 */
function completionsUnfinished(o: Observation, completion: TraceFacts['completion'], broken: PduObservation | null): Violation | null {
  for (const [mn, c] of completion) {
    if (c.lost || c.from === null || c.to === null) continue;
    if (broken !== null && broken.mn === mn && (broken.type === 'MIS_HO_Complete.request' || broken.type === 'MIS_N2N_HO_Complete.indication')) continue;
    if (o.inFlight.some((p) => p.mn === mn)) continue;
    if (mnOf(o, mn)?.attachedTo !== c.to) continue; // a later handover has moved it on
    const atNew = posSasFor(o, c.to, mn);
    if (!atNew.some((sa) => sa.state === 'serving' && (c.newKey === null || sa.key === c.newKey))) {
      return violation(roleRotation, `handover of MN ${mn} from ${c.from} to ${c.to} completed, but ${c.to} holds no serving SA with its key (${atNew.map((sa) => `${sa.state} ${sa.key}`).join(', ') || 'none'})`);
    }
    // The old SPoS lets go of the SA it served the MN with (it may hold a newer one, made
    // since for a handover back to it).
    const stale = posSasFor(o, c.from, mn).find((sa) => c.oldKey === null || sa.key === c.oldKey);
    if (stale !== undefined) {
      return violation(roleRotation, `handover of MN ${mn} from ${c.from} to ${c.to} completed and no PDU of it is in flight, but the old SPoS ${c.from} still holds its SA for it (key ${stale.key})`);
    }
  }
  return null;
}

function rotationUnfinished(_config: WorldConfig, o: Observation, completion: TraceFacts['completion']): Violation | null {
  return completionsUnfinished(o, completion, null);
}
