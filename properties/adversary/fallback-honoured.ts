//= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
//# or if any of the MN or TPoS requests so.
// "It shall fall back … if any of the MN or TPoS requests so": the MN's request travels to its
// SPoS, which may be compromised and ignore it. What the MN must get anyway is what it asked for:
// no optimized SA for a handover it asked to run as a full establishment.

import { kindOfKey, parentKey } from '../../model/adversary/knowledge.ts';
import { mnContextOf } from '../../model/adversary/roles.ts';
import type { AdversaryProperty } from './index.ts';

/**
 * 5.14.2-N1c: an MN whose MIS_Prereg_Xfer.request carried the fallback flag (as the MN sent it,
 * model/adversary/attacker.ts#trackFallbackRequests) installs no SA derived from K in answer.
 */
export const fallbackHonoured: AdversaryProperty = {
  id: 'adv-fallback-honoured',
  title: 'an MN that asked for a full establishment gets no optimized SA',
  requirements: ['5.14.2-N1c'],
  kind: 'step',
  check(prev, e, next) {
    if (prev === null || e === null || e.kind !== 'deliver') return null;
    const p = prev.world.inFlight[e.index];
    if (p === undefined || p.type !== 'MIS_Prereg_Xfer.response' || !prev.adv.askedFallback.includes(p.nonceN)) return null;
    const i = next.world.config.mns.findIndex((m) => m.id === p.mn);
    const sa = mnContextOf(next.world, i)?.prepared ?? null;
    if (sa === null || sa.key.id === mnContextOf(prev.world, i)?.prepared?.key.id) return null;
    const parent = parentKey(sa.key.id);
    return parent !== null && kindOfKey(parent) === 'K'
      ? `${p.mn} asked ${p.src} for a full establishment and installed an optimized SA with ${sa.peer}`
      : null;
  },
};
