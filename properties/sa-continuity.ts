import type { Observation, WorldConfig } from '../vocabulary/observation.ts';
import { perObservationWith } from './per-observation.ts';
import { lineageAfter, onlyResent, type TraceFacts } from './trace-facts.ts';
import { violation, type Property, type Violation } from './types.ts';
import { posSasFor } from './lookups.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.1-S17
//# After initial attachment, there is signaling defined so that at all times the MN has a security
//# association with the PoS in the network at its current point of attachment, i.e., the SPoS.
/**
 * 5.14.1-S17 "After initial attachment, there is signaling defined so that at all times the MN
 * has a security association with the PoS in the network at its current point of attachment,
 * i.e., the SPoS." Checked in every state: an attached MN holds exactly one serving SA, with the
 * PoS it is attached to, and that PoS holds the SA with the same key (serving, or prepared
 * while it has not yet learnt of the completed handover), unless a resent preparation replaced
 * the PoS's SA (trace-facts.ts `onlyResent`).
 */
export const saContinuity: Property = {
  id: 'sa-continuity',
  title: 'An attached MN always shares an SA with the PoS of its point of attachment',
  requirements: ['5.14.1-S17'],
  check(ctx) {
    return perObservationWith(ctx, lineageAfter(ctx), continuityBroken);
  },
  exercised(ctx) {
    return ctx.next.mns.some((m) => m.attachedTo !== null) ? ['5.14.1-S17'] : [];
  },
};

/** A state invariant: the observation decides it, with the lineage of the PoS's keys. */
function continuityBroken(_config: WorldConfig, o: Observation, lineage: TraceFacts['lineage']): Violation | null {
  for (const m of o.mns) {
    // Before its initial attachment completes an MN is attached nowhere and holds no SA yet.
    if (m.attachedTo === null) continue;
    const serving = m.sas.filter((sa) => sa.state === 'serving');
    if (serving.length !== 1) return violation(saContinuity, `MN ${m.id} (attached to ${m.attachedTo}) holds ${serving.length} serving SAs, expected exactly one`);
    const sa = serving[0]!;
    if (sa.peer !== m.attachedTo) return violation(saContinuity, `MN ${m.id} is attached to ${m.attachedTo} but its serving SA is with ${sa.peer}`);
    const held = posSasFor(o, m.attachedTo, m.id);
    if (!held.some((p) => p.key === sa.key) && !onlyResent(lineage, m.id, held)) {
      return violation(saContinuity, `MN ${m.id} is attached to ${m.attachedTo} with key ${sa.key}, but PoS ${m.attachedTo} holds ${held.length === 0 ? 'no SA for it' : `only keys ${held.map((p) => p.key).join(', ')}`}`);
    }
  }
  return null;
}
