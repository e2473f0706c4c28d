//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
//= SPEC_MAPPING.md#V-K-HPOS-EMSK
//# K is derived from a usage-specific root key of the EMSK hierarchy (RFC 5295)
// The MSK held by the PoS that ran the full EAP. Under RFC 5247 the authenticator receives the
// MSK of the run (model/adversary/attacker.ts#keysHeldBy). What a compromise of that PoS may
// reach of the lineage the run started, by the claim each K source makes (F-35):
// - K from the SPoS (V-K-SPOS): the authenticator is the chain's first SPoS, so Note 4's claim
//   applies: it reaches the SAs of at most L optimized hops of that lineage (5.14.2-N4b);
// - K from the higher level entity (V-K-HPOS, V-K-HPOS-EMSK): "the SPoS never knows K", so it
//   reaches no SA of a later optimized hop at all. A K derived from the MSK breaks that claim
//   (V-K-HPOS's blast radius of 0 held only while the model forgot the MSK); a K derived from
//   the EMSK hierarchy keeps it.
// The position of an SA in its lineage is read from its key (optimized hops from the root key),
// not from the depth any party states. The MN's home is left out (home-compromise.ts).

import { hopsFromKnown, kindOfKey, rootOfKey } from '../../model/adversary/knowledge.ts';
import { mnSas } from '../../model/adversary/attacked-world.ts';
import { kFromHigherLevelEntity } from '../../model/variants.ts';
import type { AdversaryProperty } from './index.ts';

/** The MSK (rMSK) of the EAP (ERP) run a root key belongs to; null for a TLS, GKB or forged root. */
function mskOf(root: string): string | null {
  switch (kindOfKey(root)) {
    case 'MSK':
    case 'rMSK': return root;
    case 'USRK': return mskOf(root.slice('USRK('.length, root.lastIndexOf('|')));
    default: return null;
  }
}

export const eapPosWithinClaim: AdversaryProperty = {
  id: 'adv-eap-pos-msk',
  title: 'the PoS that ran the full EAP (it holds the MSK) reaches no later SA its K source keeps from it',
  requirements: ['5.14.2-S2', '5.14.1-S16', 'V-K-HPOS'],
  kind: 'state',
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
  //# If the first attachment is to the MN's home network, the MN
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
  //# To prevent such domino effect, the chain shall be limited.
  check(_prev, _e, next) {
    const pos = next.adv.compromised;
    if (pos === null || next.adv.exposed.length === 0) return null;
    const w = next.world;
    const known = new Set(next.adv.known);
    const fromHome = kFromHigherLevelEntity(w.variant);
    const allowed = fromHome ? 0 : w.config.chainLimit;
    for (const { mn, sa } of mnSas(w)) {
      if (sa.peer === pos || !next.adv.exposed.includes(sa.key.id)) continue;
      if (w.config.mns.find((m) => m.id === mn)?.home === pos) continue;
      const root = rootOfKey(sa.key.id);
      const msk = mskOf(root);
      // only the lineage whose EAP/ERP run this PoS authenticated (it received that MSK).
      if (msk === null || !known.has(msk)) continue;
      const position = hopsFromKnown(sa.key.id, new Set([root]));
      if (position > allowed) {
        return fromHome
          ? `${pos}, which authenticated ${mn}'s full establishment (it holds the MSK), computes the MISK of ${mn}'s later SA with ${sa.peer}, whose K came from the home`
          : `${pos}, which authenticated ${mn}'s full establishment, computes the MISK of ${mn}'s SA with ${sa.peer}, ${position} optimized hops into the lineage (L = ${w.config.chainLimit})`;
      }
    }
    return null;
  },
};
