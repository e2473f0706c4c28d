// What must still hold under an active adversary (model/adversary/attacked-world.ts), and what is only
// measured because it cannot hold. Properties are predicates over the adversary world; a state
// property looks at one state, a step property at one transition (prev, event, next).

import { mnContextOf, sposContextOf, tposContextOf } from '../../model/adversary/roles.ts';
import type { AdvEvent, AdvWorld } from '../../model/adversary/attacked-world.ts';
import { mnSas } from '../../model/adversary/attacked-world.ts';
import type { Pdu } from '../../model/pdus.ts';
import type { World } from '../../model/world/world.ts';
import { eapPosWithinClaim } from './authenticator-msk.ts';
import { homeExposureScoped } from './home-compromise.ts';
import { noGkbOptimized, noTlsOptimized } from './lineage-exclusion.ts';
import { servingSaKept } from './serving-sa-kept.ts';
import { targetAsRequested } from './target-as-requested.ts';
import { fallbackHonoured } from './fallback-honoured.ts';

export interface AdversaryProperty {
  readonly id: string;
  readonly title: string;
  readonly requirements: readonly string[];
  readonly kind: 'state' | 'step';
  /** A message saying what is violated, or null. */
  check(prev: AdvWorld | null, e: AdvEvent | null, next: AdvWorld): string | null;
  /**
   * Measured, not required (state properties only): a state showing what the adversary reaches
   * within the claim; the matrix links the shortest trace to one beside the verdict.
   */
  readonly witness?: (s: AdvWorld) => string | null;
}

/** Every SA of the world, MN and PoS ends, as `owner:peer:state:chain:key`. */
function saFingerprints(w: World): string[] {
  const out: string[] = [];
  w.config.mns.forEach((mn, i) => {
    const c = mnContextOf(w, i);
    for (const sa of [c?.serving, c?.prepared]) if (sa) out.push(`${mn.id}:${sa.peer}:${sa.state}:${sa.chain}:${sa.key.id}`);
  });
  w.config.domains.forEach((d, j) => {
    const p = w.poss[j];
    if (p === undefined) return;
    const roles = [...p.spos.map((_, i) => sposContextOf(w, j, i)), ...p.tpos.map((_, i) => tposContextOf(w, j, i))];
    for (const c of roles) {
      const sa = c?.sa ?? null;
      if (sa !== null) out.push(`${d.id}:${sa.peer}:${sa.state}:${sa.chain}:${sa.key.id}`);
    }
  });
  return out.sort();
}

function sameSas(a: World, b: World): boolean {
  const x = saFingerprints(a);
  const y = saFingerprints(b);
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

function deliveredPdu(prev: AdvWorld, e: AdvEvent): Pdu | null {
  return e.kind === 'deliver' ? (prev.world.inFlight[e.index] ?? null) : null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
/** 5.14.1-S6: no SA is made or changed by a request from a PoS the receiver does not trust. */
export const noUnauthorizedSa: AdversaryProperty = {
  id: 'adv-no-unauthorized-sa',
  title: 'no SA from an unauthorized source',
  requirements: ['5.14.1-S6', '5.14.2-N1a'],
  kind: 'step',
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
  //# The optimized MIH SA establishment is allowed only when a trust relationship has established
  //# between the network domains of SPoS and TPoS.
  check(prev, e, next) {
    if (prev === null || e === null) return null;
    const p = deliveredPdu(prev, e);
    if (p === null || p.type !== 'MIS_N2N_Prereg_Xfer.request') return null;
    const to = next.world.config.domains.find((d) => d.id === p.dst);
    if (to === undefined || to.partners.includes(p.src)) return null;
    return sameSas(prev.world, next.world) ? null : `${p.dst} changed its SAs on a MIS_N2N_Prereg_Xfer.request from ${p.src}, which it does not trust`;
  },
};

//= spec/clause-5.14-proposed-text.txt#5.14.2-S7
//# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
//# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
/** A-REPLAY, 5.14.2-S7: a PDU delivered a second time changes no SA anywhere. */
export const noReplayAccepted: AdversaryProperty = {
  id: 'adv-no-replay-accepted',
  title: 'no replayed PDU accepted',
  requirements: ['5.14.2-S7', 'A-REPLAY', 'A-HO-COMPLETE'],
  kind: 'step',
  //= SPEC_MAPPING.md#A-HO-COMPLETE
  //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
  //# MIS_N2N_HO_Complete.indication (TPoS
  check(prev, e, next) {
    if (prev === null || e === null) return null;
    const p = deliveredPdu(prev, e);
    if (p === null || !next.adv.deliveredReplay) return null;
    return sameSas(prev.world, next.world) ? null : `a replayed ${p.type} ${p.src}→${p.dst} changed the SAs`;
  },
};

//= spec/clause-5.14-proposed-text.txt#5.14.1-S17
//# After initial attachment, there is signaling defined so that at all times the MN has a security
//# association with the PoS in the network at its current point of attachment, i.e., the SPoS.
/**
 * 5.14.1-S17: "at all times the MN has a security association with … the SPoS": an attached
 * MN's serving SA has its other end at the PoS of its point of attachment (as SPoS, or as the
 * TPoS it just moved to while MIS_HO_Complete is on its way).
 */
export const continuity: AdversaryProperty = {
  id: 'adv-sa-continuity',
  title: 'MN never left without an SA with its point of attachment',
  requirements: ['5.14.1-S17', '5.14.1-S19'],
  kind: 'state',
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S19
  //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving
  //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.
  check(_prev, _e, next) {
    const w = next.world;
    for (let i = 0; i < w.config.mns.length; i++) {
      const mn = w.config.mns[i];
      const c = mnContextOf(w, i);
      if (mn === undefined || c === undefined || c.attachedTo === null) continue;
      if (c.serving === null) return `${mn.id} is attached to ${c.attachedTo} without a serving SA`;
      const j = w.config.domains.findIndex((d) => d.id === c.attachedTo);
      const ends = [sposContextOf(w, j, i)?.sa, tposContextOf(w, j, i)?.sa];
      if (!ends.some((sa) => sa != null && sa.key.id === c.serving?.key.id)) {
        return `${mn.id} is attached to ${c.attachedTo} but ${c.attachedTo} holds no SA with it under the same key`;
      }
    }
    return null;
  },
};

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
//# To prevent such domino effect, the chain shall be limited.
/**
 * 5.14.2-N4b: "To prevent such domino effect, the chain shall be limited", as the proposed text
 * of Note 4 (SPEC_MAPPING.md, F-6) claims it, exactly:
 *
 *   one PoS other than the MN's home, compromised at any moment and from then on (it reveals
 *   every key it holds then and later, in its SPoS and TPoS roles and every K in N2N PDUs it
 *   sends or receives; an active one also misstates the chain counter under the MAC it holds
 *   and ignores the MN's fallback request), computes the key of an SA of the MN with another
 *   PoS only if that SA is at most L optimized establishments (MISK from K, 5.14.2-S9) down the
 *   key lineage from an SA it held itself.
 *
 * Counted: optimized establishments along one lineage (the blast radius, A-BLAST,
 * model/adversary/knowledge.ts#hopsFromKnown), not SAs: SAs at the same distance (candidate
 * TPoSs, a preparation made again) count once, SAs with the compromised PoS itself not at all,
 * and a full establishment ends the lineage. Not claimed: how many SAs are exposed in all (each
 * chain the MN runs through the compromised PoS again is a new lineage), nor anything of a
 * compromised home (its HPoS holds every EAP root).
 */
export const blastWithinLimit: AdversaryProperty = {
  id: 'adv-blast-within-limit',
  title: 'blast radius ≤ L',
  requirements: ['5.14.2-N4a', '5.14.2-N4b', '5.14.2-N4c'],
  kind: 'state',
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4a
  //# If any SPoS is compromised, the generated key K is compromised and so is the remaining of the
  //# PoS chains assuming that a TPoS will become a SPoS.
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
  //# That is, after certain number of executions of the optimized SA establishment, it shall force
  //# an SA establishment through the methods specified in 21m.
  check(_prev, _e, next) {
    const limit = next.world.config.chainLimit;
    return next.adv.blast > limit
      ? `a PoS compromised by the adversary reaches an SA ${next.adv.blast} optimized hops down the chain (L = ${limit})`
      : null;
  },
};

//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
//= SPEC_MAPPING.md#A-K-BIND
//# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
//# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
/**
 * 5.14.2-S6 with A-K-BIND: a compromised PoS reaches only SAs of chains it was part of; K made
 * for one TPoS gives nothing about the MN's SA with another (F-12).
 */
export const noLateralExposure: AdversaryProperty = {
  id: 'adv-no-lateral-exposure',
  title: 'no exposure outside the compromised PoS\'s chain',
  requirements: ['5.14.2-S2', '5.14.2-S6', 'A-K-BIND'],
  kind: 'state',
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
  //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
  check(_prev, _e, next) {
    const lateral = next.adv.lateral;
    if (lateral.length === 0) return null;
    const peers = mnSas(next.world).filter(({ sa }) => lateral.includes(sa.key.id)).map(({ sa }) => sa.peer);
    return `${next.adv.compromised ?? '?'} computes the MISK of the MN's SA with ${peers.join(', ') || 'another PoS'} from a K it received as a candidate TPoS`;
  },
};

export const ADVERSARY_PROPERTIES: readonly AdversaryProperty[] = [
  noUnauthorizedSa,
  noReplayAccepted,
  continuity,
  blastWithinLimit,
  noLateralExposure,
  noTlsOptimized,
  noGkbOptimized,
  homeExposureScoped,
  eapPosWithinClaim,
  servingSaKept,
  targetAsRequested,
  fallbackHonoured,
];

/** Measured, not required: how many SAs with PoSs other than the compromised one it can compute. */
export function keysExposed(s: AdvWorld): number {
  return s.adv.exposed.length;
}
