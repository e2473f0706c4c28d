//= spec/clause-5.14-proposed-text.txt#5.14.1-S17
//# After initial attachment, there is signaling defined so that at all times the MN has a security
//# association with the PoS in the network at its current point of attachment, i.e., the SPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S18
//# As the MN moves from one partner network to the next target network, the MN establishes or
//# renews a security association with the PoS in the target network, i.e. the TPoS.
// A compromised PoS is trusted by its partners (5.14.1-S6 lets them take up what it sends). What
// that trust must not buy it: the SA a partner PoS holds as the MN's serving PoS. The SA goes only
// when the MN has left it (its handover completed, or it attached anew), and the PoS at the MN's
// point of attachment never starts serving the MN under a key the adversary computes and the MN
// does not hold (a key outside the MN's own chain: the compromised PoS made it up).

import { advEventLabel, type AdvWorld } from '../../model/adversary/attacked-world.ts';
import { derivable } from '../../model/adversary/knowledge.ts';
import { mnContextOf, sposContextOf } from '../../model/adversary/roles.ts';
import type { AdversaryProperty } from './index.ts';

/** Key ids of the SAs the MN `i` holds (serving and prepared). */
function mnKeys(s: AdvWorld, i: number): Set<string> {
  const c = mnContextOf(s.world, i);
  return new Set([c?.serving?.key.id, c?.prepared?.key.id].filter((k): k is string => k !== undefined));
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S19
//# When handover is completed, the TPoS naturally begins to play the role of the MN's serving PoS,
//# and subsequently when a handover is required the TPoS plays the role of the SPoS.
/**
 * 5.14.1-S17/S18/S19: for every PoS other than the compromised one, its SA with an MN in its SPoS
 * role is removed or replaced only once the MN no longer holds it (the MN's own action: it
 * completed a handover elsewhere or attached anew); and while the MN is attached to that PoS, the
 * PoS's new serving SA is never under a key the adversary can compute unless the MN holds the
 * same key (an SA of the MN's own chain, whose exposure the chain limit bounds). Not claimed: a
 * PoS the MN is not attached to may be given an SA with it under a key its trusted partner made
 * up (K comes from the SPoS alone, 5.14.2-S6: the clause trusts partners with that).
 */
export const servingSaKept: AdversaryProperty = {
  id: 'adv-serving-sa-kept',
  title: 'a serving SA is dropped or rekeyed only by the MN',
  requirements: ['5.14.1-S17', '5.14.1-S18', '5.14.1-S19', 'A-HO-COMPLETE'],
  kind: 'step',
  //= SPEC_MAPPING.md#A-HO-COMPLETE
  //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
  //# MIS_N2N_HO_Complete.indication (TPoS
  check(prev, e, next) {
    if (prev === null || e === null) return null;
    const w = next.world;
    const compromised = next.adv.compromised;
    const known = new Set(next.adv.known);
    for (let j = 0; j < w.config.domains.length; j++) {
      const pos = w.config.domains[j]?.id;
      if (pos === undefined || pos === compromised) continue;
      for (let i = 0; i < w.config.mns.length; i++) {
        const mn = w.config.mns[i]?.id ?? '?';
        const before = sposContextOf(prev.world, j, i)?.sa ?? null;
        const after = sposContextOf(w, j, i)?.sa ?? null;
        if (before !== null && after?.key.id === before.key.id) continue;
        const held = mnKeys(next, i);
        if (before !== null && mnContextOf(w, i)?.serving?.key.id === before.key.id) {
          return `${pos} ${after === null ? 'dropped' : 'replaced'} its serving SA with ${mn} on "${advEventLabel(e)}" while ${mn} still holds it`;
        }
        if (after !== null && mnContextOf(w, i)?.attachedTo === pos && !held.has(after.key.id) && derivable(after.key.id, known)) {
          return `${pos}, ${mn}'s point of attachment, serves it after "${advEventLabel(e)}" under a key the adversary computes and ${mn} does not hold`;
        }
      }
    }
    return null;
  },
};
