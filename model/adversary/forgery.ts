//= spec/clause-5.14-proposed-text.txt#5.14.1-S8
//# An MIS SA (Security Association) (see 8.4.2 of IEEE Std 802.21-XXXX) can be used for protecting
//# the communications between an SPoS and a TPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.3-S7
//# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
//# described above.
// What a compromised PoS does with the trust others place in it, beyond lying about the chain
// counter (moves.ts): it holds the MIS SA keys of its partners (5.14.1-S8), so whatever it sends
// them carries a valid MAC, and it runs its own SPoS role, so it decides what the MN's request
// to it means.
//
//   redirect {index, to}  the MN's MIS_Prereg_Xfer.request in flight to the compromised SPoS is
//                     taken up as if it named `to`: the SPoS ignores the target the MN named, or
//                     selects `to` where the MN left the choice to it (5.14.3). Its own honest
//                     machine then prepares the MN with `to` and returns that address (5.14.3-S7).
//   forge N2N {to, mn}    a fresh MIS_N2N_Prereg_Xfer.request from the compromised PoS to a partner
//                     that trusts it, about an MN it does not serve, with a K of its own making
//                     (it knows K, so it knows the MISK the partner derives, 5.14.2-S9).
//   forge completion {to, mn, previous}  the MN's MIS_HO_Complete.request to a PoS whose prepared
//                     SA with the MN is under a key the compromised PoS can compute (the MAC is then
//                     valid), naming any PoS but the compromised one as the previous SPoS (that one
//                     deleting its own SA is no attack: it may drop what it holds at any time).

import type { HoCompleteRequest, N2nPreregRequest, Pdu, PreregRequest } from '../pdus.ts';
import type { DomainId, KeyTerm, MnId } from '../types.ts';
import { drawAdversaryToken } from '../world/world.ts';
import type { AdvWorld } from './attacker.ts';
import { derivable } from './knowledge.ts';
import { domainIndex, mnIndex, sposContextOf, tposContextOf } from './roles.ts';

export type RedirectMove = { readonly kind: 'redirect'; readonly index: number; readonly to: DomainId };
export type ForgeMove =
  /** `chain`: the counter it states (under the MAC it holds, so any: 1 as for a first hop, or 0). */
  | { readonly kind: 'forge'; readonly pdu: 'MIS_N2N_Prereg_Xfer.request'; readonly to: DomainId; readonly mn: MnId; readonly chain: 0 | 1 }
  /** `previous`: the PoS the forged completion names as the MN's previous SPoS. */
  | { readonly kind: 'forge'; readonly pdu: 'MIS_HO_Complete.request'; readonly to: DomainId; readonly mn: MnId; readonly previous: DomainId };

/** An MN's preregistration in flight to the compromised SPoS, not redirected yet. */
function redirectable(p: Pdu, compromised: DomainId | null): p is PreregRequest {
  return p.type === 'MIS_Prereg_Xfer.request' && compromised !== null && p.dst === compromised;
}

//= spec/clause-5.14-proposed-text.txt#5.14.3-S3
//# the SPoS can make a determination about which target network may best be able to provide
//# connectivity and service to the MN
/** Every other PoS the compromised SPoS may send the MN to (the home H included: any name will do). */
export function redirectMoves(aw: AdvWorld): RedirectMove[] {
  const out: RedirectMove[] = [];
  const { world: w, adv } = aw;
  w.inFlight.forEach((p, index) => {
    if (!redirectable(p, adv.compromised)) return;
    for (const d of w.config.domains) {
      if (d.id !== p.dst && d.id !== p.target) out.push({ kind: 'redirect', index, to: d.id });
    }
  });
  return out;
}

/** The world after `e`, or null if it is not enabled. */
export function redirectStep(aw: AdvWorld, e: RedirectMove): AdvWorld | null {
  const { world: w, adv } = aw;
  const p = w.inFlight[e.index];
  if (p === undefined || !redirectable(p, adv.compromised) || p.target === e.to || p.dst === e.to || domainIndex(w, e.to) < 0) return null;
  const inFlight = w.inFlight.slice();
  inFlight[e.index] = { ...p, target: e.to } satisfies PreregRequest;
  return { world: { ...w, inFlight }, adv: { ...adv, forgeries: adv.forgeries + 1 } };
}

/**
 * A fresh preparation the compromised PoS can send as a trusted partner: `to` trusts it, and the
 * MN is not one it serves. (Where it serves the MN it prepares the MN's handover anyway, and
 * hands K to both ends: that power is the chain's, 5.14.2-N4a, measured by the blast radius.)
 */
function forgeablePreparation(aw: AdvWorld, to: DomainId, mn: MnId): boolean {
  const { world: w, adv } = aw;
  const c = adv.compromised;
  const d = w.config.domains.find((x) => x.id === to);
  if (c === null || to === c || d === undefined || !d.partners.includes(c)) return false;
  return (sposContextOf(w, domainIndex(w, c), mnIndex(w, mn))?.sa ?? null) === null;
}

/** The prepared SA of `to`'s TPoS role with `mn`, if the adversary can compute its key. */
function forgeableCompletion(aw: AdvWorld, to: DomainId, mn: MnId, previous: DomainId): HoCompleteRequest | null {
  const { world: w, adv } = aw;
  const c = adv.compromised;
  const ctx = tposContextOf(w, domainIndex(w, to), mnIndex(w, mn));
  const sa = ctx?.sa ?? null;
  if (c === null || to === c || previous === c || sa === null || !derivable(sa.key.id, new Set(adv.known))) return null;
  //= SPEC_MAPPING.md#V-COMPLETE-BOUND
  //# MIS_N2N_HO_Complete.indication names the Nonce-N of the preparation it completes
  // the Nonce-N is public (5.14.2-S7): the forger names the preparation as the MN would.
  const preparation = w.variant.completion === 'V-COMPLETE-BOUND' && ctx?.transaction != null ? { preparation: ctx.transaction } : {};
  return { type: 'MIS_HO_Complete.request', src: mn, dst: to, mn, previous, mac: sa.key.id, ...preparation };
}

/** The forgeries enabled in `aw`: only where they can be taken up. */
export function forgeMoves(aw: AdvWorld): ForgeMove[] {
  const out: ForgeMove[] = [];
  if (aw.adv.compromised === null) return out;
  const domains = aw.world.config.domains;
  for (const d of domains) {
    for (const mn of aw.world.config.mns) {
      if (forgeablePreparation(aw, d.id, mn.id)) {
        for (const chain of [1, 0] as const) out.push({ kind: 'forge', pdu: 'MIS_N2N_Prereg_Xfer.request', to: d.id, mn: mn.id, chain });
      }
      for (const p of domains) {
        if (forgeableCompletion(aw, d.id, mn.id, p.id) !== null) out.push({ kind: 'forge', pdu: 'MIS_HO_Complete.request', to: d.id, mn: mn.id, previous: p.id });
      }
    }
  }
  return out;
}

/** The world after `e` (the forged PDU in flight), or null if it is not enabled. */
export function forgeStep(aw: AdvWorld, e: ForgeMove): AdvWorld | null {
  const { world: w, adv } = aw;
  const c = adv.compromised;
  if (c === null || mnIndex(w, e.mn) < 0) return null;
  const forgeries = adv.forgeries + 1;
  if (e.pdu === 'MIS_HO_Complete.request') {
    const pdu = forgeableCompletion(aw, e.to, e.mn, e.previous);
    return pdu === null ? null : { world: { ...w, inFlight: [...w.inFlight, pdu] }, adv: { ...adv, forgeries } };
  }
  const to = w.config.domains.find((d) => d.id === e.to);
  if (to === undefined || !forgeablePreparation(aw, e.to, e.mn)) return null;
  const { token, fresh } = drawAdversaryToken(w);
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
  //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
  // a K of the compromised PoS's own making, for a chain that starts here (the search tries both
  // counters: which one a TPoS takes depends on its range check, V-COUNTER-RANGE, and on L).
  if (e.chain !== 0 && e.chain !== 1) return null;
  const k: KeyTerm = {
    kind: 'K', root: 'EAP', depth: e.chain, generatedBy: c, boundTo: e.to, origin: `ADV(${c})`,
    id: `K(ADV(${c})|${e.mn}|${c}|${e.to}|${token})`,
  };
  const pdu: N2nPreregRequest = { type: e.pdu, src: c, dst: e.to, mn: e.mn, nonceN: token, suites: to.suites, depth: e.chain, chain: e.chain, root: 'EAP', k };
  return { world: { ...w, fresh, inFlight: [...w.inFlight, pdu] }, adv: { ...adv, known: [...adv.known, k.id].sort(), forgeries } };
}
