//= spec/clause-5.14-proposed-text.txt#5.14.1-S16
//# If the first attachment is to the MN's home network, the MN
//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
// A compromised HPoS. The home server of an MN's EAP/ERP runs holds the root key of every
// lineage such a run starts (5.14.1-S16: the MN authenticates "with the assistance of the
// HPoS"), so "a compromised HPoS exposes nothing" cannot hold under any reading: no chain limit,
// no K source, no counter protection helps (F-34). What the text can claim, and what is
// checked: an HPoS compromise exposes only SAs of its own subscribers' EAP/ERP lineages; none of
// an MN of another home, none of a TLS lineage (TLS runs without the home), none of a GKB one.
// What it does expose is measured: the column's witness is the shortest trace to an exposure.

import { lineageOfKey } from '../../model/adversary/knowledge.ts';
import { mnSas } from '../../model/adversary/attacked-world.ts';
import type { AdvWorld } from '../../model/adversary/attacked-world.ts';
import type { AdversaryProperty } from './index.ts';

/** The compromised PoS, if it is the home of some MN of the world. */
function compromisedHome(s: AdvWorld): string | null {
  const pos = s.adv.compromised;
  return pos !== null && s.world.config.mns.some((m) => m.home === pos) ? pos : null;
}

export const homeExposureScoped: AdversaryProperty = {
  id: 'adv-home-exposure-scoped',
  title: 'a compromised HPoS exposes only its own subscribers\' EAP/ERP lineages',
  requirements: ['5.14.1-S16', '5.14.2-S2', '5.14.2-N3'],
  kind: 'state',
  check(_prev, _e, next) {
    const home = compromisedHome(next);
    if (home === null || next.adv.exposed.length === 0) return null;
    for (const { mn, sa } of mnSas(next.world)) {
      if (!next.adv.exposed.includes(sa.key.id)) continue;
      const ofMn = next.world.config.mns.find((m) => m.id === mn);
      const lineage = lineageOfKey(sa.key.id);
      if (ofMn?.home !== home) return `the compromised HPoS ${home} computes the MISK of ${mn}'s SA with ${sa.peer}, an MN of home ${ofMn?.home ?? '?'}`;
      if (lineage !== 'EAP' && lineage !== 'ERP') return `the compromised HPoS ${home} computes the MISK of ${mn}'s SA with ${sa.peer}, on a ${lineage} lineage`;
    }
    return null;
  },
  // Measured, not required: the exposure the claim allows.
  witness(s) {
    const home = compromisedHome(s);
    if (home === null || s.adv.exposed.length === 0) return null;
    const peers = mnSas(s.world).filter(({ sa }) => s.adv.exposed.includes(sa.key.id)).map(({ mn, sa }) => `${mn}–${sa.peer} (depth ${sa.depth})`);
    return `measured exposure: the compromised HPoS ${home} computes the MISK of ${peers.join(', ') || 'an SA'} (blast radius ${s.adv.blast})`;
  },
};
