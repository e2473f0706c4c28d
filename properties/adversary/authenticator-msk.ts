//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
//= SPEC_MAPPING.md#V-K-HPOS-EMSK
//# K is derived from a usage-specific root key of the EMSK hierarchy (RFC 5295)
// The MSK held by the PoS that ran the full EAP. Under RFC 5247 the authenticator receives the
// MSK of the run (model/adversary/attacker.ts#keysHeldBy), so a K "from a higher level entity"
// derived from the MSK is no secret from it: V-K-HPOS's blast radius of 0 only held while the
// model forgot that. The claim checked: a compromise of the PoS that authenticated an MN's full
// EAP/ERP run exposes no SA made later, by an optimized establishment with another PoS, in the
// lineage that run started. Its home is left out (an HPoS compromise is home-compromise.ts).

import { kindOfKey, parentKey, rootOfKey } from '../../model/adversary/knowledge.ts';
import { mnSas } from '../../model/adversary/attacked-world.ts';
import type { AdversaryProperty } from './index.ts';

export const noLaterKFromAuthenticator: AdversaryProperty = {
  id: 'adv-eap-pos-no-later-k',
  title: 'the PoS that ran the full EAP learns no K derived later for another PoS',
  requirements: ['5.14.2-S2', '5.14.1-S16', 'V-K-HPOS'],
  kind: 'state',
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
  //# If the first attachment is to the MN's home network, the MN
  check(_prev, _e, next) {
    const pos = next.adv.compromised;
    if (pos === null || next.adv.exposed.length === 0) return null;
    const known = new Set(next.adv.known);
    const w = next.world;
    for (const { mn, sa } of mnSas(w)) {
      if (sa.peer === pos || !next.adv.exposed.includes(sa.key.id)) continue;
      if (w.config.mns.find((m) => m.id === mn)?.home === pos) continue;
      const parent = parentKey(sa.key.id);
      if (parent === null || kindOfKey(parent) !== 'K') continue;
      const root = rootOfKey(sa.key.id);
      const ranEap = kindOfKey(root) === 'MSK' || kindOfKey(root) === 'rMSK' || kindOfKey(root) === 'USRK';
      // the lineage's EAP/ERP run is one this PoS authenticated: it received the run's MSK.
      const msk = kindOfKey(root) === 'USRK' ? root.slice('USRK('.length, root.lastIndexOf('|')) : root;
      if (ranEap && known.has(msk)) {
        return `${pos}, which authenticated ${mn}'s full establishment (it holds the MSK), computes the MISK of ${mn}'s later optimized SA with ${sa.peer} (depth ${sa.depth})`;
      }
    }
    return null;
  },
};
