//= spec/clause-5.14-proposed-text.txt#5.14.3-S7
//# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
//# described above.
//= spec/clause-5.14-proposed-text.txt#5.14.3-S3
//# the SPoS can make a determination about which target network may best be able to provide
//# connectivity and service to the MN
// The SPoS tells the MN where to go (5.14.3-S7). A compromised SPoS can name any PoS; what the MN
// must not do is follow it elsewhere than it asked: to the target it named, or, when it left the
// choice to the SPoS (5.14.3-S2), to a network 5.14.3-S3 lets the SPoS choose, one that can
// "provide connectivity … to the MN": a neighbour of the MN's point of attachment offering one of
// its RATs (5.14.3-S4).

import type { AdvWorld } from '../../model/adversary/attacked-world.ts';
import { mnContextOf } from '../../model/adversary/roles.ts';
import type { DomainId } from '../../model/types.ts';
import type { AdversaryProperty } from './index.ts';

/** The PoS the MN's open handover now establishes an SA with, if this step chose one. */
function chosenTpos(prev: AdvWorld, next: AdvWorld, i: number): DomainId | null {
  const before = mnContextOf(prev.world, i);
  const after = mnContextOf(next.world, i);
  if (after === undefined) return null;
  if (after.pending?.step === 'fullAuth') return after.pending.pos;
  if (after.prepared !== null && after.prepared.key.id !== before?.prepared?.key.id) return after.prepared.peer;
  return null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.3-S2
//# When the MN determines the need for handover, but does not already
//= spec/clause-5.14-proposed-text.txt#5.14.3-S4
//# This also depends on the SPoS having access to location and configuration information about the
//# MN—for example which radio access technologies (RATs) are configured for operation on the MN.
/**
 * 5.14.3-S7 with 5.14.3-S2..S4: the step that answers an MN's preregistration (an optimized SA
 * installed, or a full establishment started) is with the TPoS the MN named, or, if it named
 * none, with a network the MN can reach from its SPoS (a neighbour offering one of its RATs).
 */
export const targetAsRequested: AdversaryProperty = {
  id: 'adv-target-as-requested',
  title: 'the MN goes only where it asked',
  requirements: ['5.14.3-S7', '5.14.3-S2', '5.14.3-S3', '5.14.3-S4'],
  kind: 'step',
  check(prev, _e, next) {
    if (prev === null) return null;
    const w = next.world;
    for (let i = 0; i < w.config.mns.length; i++) {
      const pending = mnContextOf(prev.world, i)?.pending ?? null;
      if (pending === null || pending.step !== 'prereg') continue;
      const tpos = chosenTpos(prev, next, i);
      if (tpos === null) continue;
      const mn = w.config.mns[i];
      if (pending.target !== null) {
        if (tpos !== pending.target) return `${mn?.id ?? '?'} asked ${pending.spos} for ${pending.target} and establishes its SA with ${tpos}`;
        continue;
      }
      const spos = w.config.domains.find((d) => d.id === pending.spos);
      const there = w.config.domains.find((d) => d.id === tpos);
      const reachable = spos?.neighbours.includes(tpos) === true && there?.rats.some((r) => mn?.rats.includes(r) === true) === true;
      if (!reachable) return `${mn?.id ?? '?'} left the choice to ${pending.spos} and establishes its SA with ${tpos}, a network it cannot reach from there`;
    }
    return null;
  },
};
