//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
// What the active lower tester may do to a PDU in flight, and what its lie says (docs/protocol.md
// §3). A tampered PDU is well-formed but its receiver must discard it (A-DISCARD, 5.14.1-S20):
// in the model it is marked corrupted like a malformed one. A lie is a PDU a peer holding the
// link's key could have sent: the receiver must treat it as the PDU it now is.
import type { InFlightPdu } from '../pdus.ts';
import { trusts } from '../rules.ts';
import type { DomainId, ModelWorldConfig } from '../types.ts';
import type { Lie, Tamper } from './events.ts';

/** The PDUs that carry a MAC (docs/protocol.md §4: all but the MIS_Auth pair). */
function carriesMac(p: InFlightPdu): boolean {
  return p.type !== 'MIS_Auth.request' && p.type !== 'MIS_Auth.response';
}

/** The answers that echo Nonce-N and the transaction id of the request they answer. */
function isAnswer(p: InFlightPdu): boolean {
  return p.type === 'MIS_Auth.response' || p.type === 'MIS_N2N_Prereg_Xfer.response' || p.type === 'MIS_Prereg_Xfer.response';
}

/**
 * A PoS of the world (`poss`) the `src` tamper can name as the sender of `p`: neither its sender
 * nor its receiver. Every pair of PoSs holds an MIS SA (A-POS-CHANNEL), so any such PoS can seal
 * it to a PoS receiver, and an MN matches the sender before the MAC.
 */
export function forgeableSender(p: InFlightPdu, poss: readonly string[]): boolean {
  return poss.some((id) => id !== p.src && id !== p.dst);
}

/**
 * Whether `how` applies to `p` in a world of PoSs `poss`: only where the receiver has a check
 * that can reject it.
 */
export function tamperable(p: InFlightPdu, how: Tamper, poss: readonly string[]): boolean {
  if (p.corrupted === true) return false;
  switch (how) {
    case 'mac':
    case 'field':
    case 'key':
      return carriesMac(p);
    case 'echo':
    case 'tid':
      return isAnswer(p);
    case 'src':
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // the sender half of the transaction check needs a third PoS to name.
      return isAnswer(p) && forgeableSender(p, poss);
    case 'dup-tlv':
    case 'tlv-order':
    case 'decoding':
      //= SPEC_MAPPING.md#A-TLV
      //# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
      //# proauth's own type numbers; decoding is strict and canonical.
      // strict decoding rejects either in any PDU
      return true;
    case 'misaddressed':
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // every receiver checks that the PDU is addressed to it (docs/protocol.md §5.2)
      return true;
    case 'bad-field':
      return hasFieldCheck(p);
    case 'wrap':
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
      //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected
      //# by MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
      // the receivers of a wrapped K unwrap it after the MAC verified.
      return p.type === 'MIS_N2N_Prereg_Xfer.request' || (p.type === 'MIS_Prereg_Xfer.response' && p.status === 'SUCCESS');
    case 'no-sa':
      //= SPEC_MAPPING.md#A-HO-COMPLETE
      //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
      //# MIS_N2N_HO_Complete.indication (TPoS
      // the old SPoS acts only on an indication about an MN it holds an SA with.
      return p.type === 'MIS_N2N_HO_Complete.indication';
    case 'unexpected':
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // an MN takes only answers, a PoS none of the MN's answers: the other half of an MN's
      // exchange is a type its receiver never takes (docs/protocol.md §5.2 [unexpected-pdu]).
      return p.type === 'MIS_Auth.request' || p.type === 'MIS_Auth.response' || p.type === 'MIS_Prereg_Xfer.request' || p.type === 'MIS_Prereg_Xfer.response';
    case 'unknown-mn':
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // a PoS runs a full establishment only for an MN whose HPoS it knows (docs/protocol.md
      // §5.2); the MIS_Auth.request has no MAC, so anyone can send one naming any MN.
      return p.type === 'MIS_Auth.request';
  }
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * A-DISCARD: the PDUs whose receiver checks a field's value (docs/protocol.md §5.2 [bad-field]):
 * the Auth response's idType on SUCCESS, the requested target, the TPoS's status and its
 * SUCCESS fields, the SPoS's answer on SUCCESS and FULL_AUTH_REQUIRED, the completion's `previous`.
 */
function hasFieldCheck(p: InFlightPdu): boolean {
  switch (p.type) {
    case 'MIS_Auth.response':
      return p.status === 'SUCCESS';
    case 'MIS_Prereg_Xfer.response':
      return p.status === 'SUCCESS' || p.status === 'FULL_AUTH_REQUIRED';
    case 'MIS_Prereg_Xfer.request':
    case 'MIS_N2N_Prereg_Xfer.response':
    case 'MIS_HO_Complete.request':
      return true;
    default:
      return false;
  }
}

//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
//# wrapped
/**
 * The partner the `sender` lie makes an N2N request come from: the first PoS in id order (UTF-16
 * code units) other than its sender and receiver that trusts the receiver and is trusted by it
 * (an SPoS that could have sent the request, 5.14.2-N1a), so that the request passes the source
 * check and meets the replay cache; null if there is none.
 */
export function resendingPartner(p: Pick<InFlightPdu, 'src' | 'dst'>, config: Pick<ModelWorldConfig, 'domains'>): DomainId | null {
  const receiver = config.domains.find((d) => d.id === p.dst);
  if (receiver === undefined) return null;
  const ids = config.domains.filter((d) => d.id !== p.src && d.id !== p.dst && trusts(receiver, d.id) && trusts(d, receiver.id)).map((d) => d.id);
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0] ?? null;
}

/** The PDU `p` becomes when the lower tester tells `what`, or null when `what` says nothing of `p`. */
export function lieAbout(p: InFlightPdu, what: Lie, config: Pick<ModelWorldConfig, 'chainLimit' | 'domains'>): InFlightPdu | null {
  if (p.corrupted === true) return null;
  const chainLimit = config.chainLimit;
  switch (what) {
    case 'depth':
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
      //# That is, after certain number of executions of the optimized SA establishment, it shall
      //# force an SA establishment through the methods specified in 21m.
      // an N2N request over the limit is the TPoS's decisive chain-limit case.
      //= SPEC_MAPPING.md#A-DEPTH-WIRE
      //# The depth travels in MIS_Prereg_Xfer.request (the MN's view, informational) and in
      //# MIS_N2N_Prereg_Xfer.request
      //= SPEC_MAPPING.md#V-COUNT-DEPTH
      //# "certain number of executions" is the depth of the key lineage: optimized establishments
      //# since the last full establishment of any kind (the SA's depth).
      // the wire carries one counter, the depth; the model's chain counter is what
      // the TPoS reads of it (the same value under V-COUNT-DEPTH, the reading lockstep judges).
      if (p.type === 'MIS_N2N_Prereg_Xfer.request') return p.depth > chainLimit ? null : { ...p, depth: chainLimit + 1, chain: chainLimit + 1 };
      //= SPEC_MAPPING.md#A-DEPTH-WIRE
      //# The depth travels in MIS_Prereg_Xfer.request (the MN's view, informational) and in
      //# MIS_N2N_Prereg_Xfer.request
      // the MN's view is informational; the SPoS decides on its own SA.
      if (p.type === 'MIS_Prereg_Xfer.request') return p.depth >= 255 ? null : { ...p, depth: p.depth + 1, chain: p.chain + 1 };
      return null;
    case 'depth-low':
      //= SPEC_MAPPING.md#V-RANGE-UPPER
      //# A TPoS that enforces refuses only a counter above L; a lower counter, 0 included, is accepted.
      //= SPEC_MAPPING.md#V-COUNTER-RANGE
      //# the TPoS also refuses a counter outside 1..L (an optimized SA has depth ≥ 1)
      // the lower bound of the range an optimized SA has: only a lie states it, and the
      // readings differ on it (the profile accepts it, a range check refuses it).
      if (p.type === 'MIS_N2N_Prereg_Xfer.request' && p.depth > 0) return { ...p, depth: 0, chain: 0 };
      return null;
    case 'root':
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
      //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
      //# etsblishment applies.
      //= SPEC_MAPPING.md#A-IDTYPE
      //# so an SA of ID_TYPE 3 whose root is EAP may seed the next hop
      // the root the TPoS is told is the root it installs, and a GKB root takes its
      // SA off the optimized path (the only way a GKB lineage arises in a run, A-IDTYPE). Told
      // on the hop that reaches the chain limit, so that the SA's next hop meets NOT_EAP_ROOT
      // and CHAIN_LIMIT at once, the order the SPoS must keep (docs/protocol.md §4).
      if (p.type === 'MIS_N2N_Prereg_Xfer.request' && p.depth === chainLimit) return { ...p, root: p.root === 'GKB' ? 'EAP' : 'GKB' };
      return null;
    case 'root-tls':
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
      //# If protocol of establishing SAs between an MN and a TPoS is TLS, then the optimized SA
      //# establishment method does not apply, because the MN and the TPoS cannot use key
      //# derivation key K in TLS.
      // no honest SPoS sends a TLS root (it refuses with TLS_ROOT first), so only this lie gives
      // a TPoS an optimized SA whose lineage is TLS: the profile's TPoS installs it, and the SPoS
      // it becomes refuses the SA's next hop with TLS_ROOT (V-TLS-ROOT). A lie fixed to one
      // alternative root let a TPoS that refuses a TLS root itself pass every run.
      if (p.type === 'MIS_N2N_Prereg_Xfer.request' && p.root !== 'TLS') return { ...p, root: 'TLS' };
      return null;
    case 'suites':
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
      //# They also need to agree on a cipher suite coded as c.
      // with nothing offered there is no common suite.
      if ((p.type === 'MIS_N2N_Prereg_Xfer.request' || p.type === 'MIS_Prereg_Xfer.request') && p.suites.length > 0) return { ...p, suites: [] };
      return null;
    case 'fallback':
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
      //# or if any of the MN or TPoS requests so.
      // the flag as the SPoS receives it is the MN's request.
      if (p.type === 'MIS_Prereg_Xfer.request') return { ...p, fallback: !p.fallback };
      return null;
    case 'status':
      //= SPEC_MAPPING.md#A-STATUS
      //# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a
      //# fixed order at the SPoS and at the TPoS.
      // a REJECTED its sender never decided, with no reason and the other fields kept: the MN,
      // to which no SPoS sends one, stays idle. (The SPoS meets a TPoS's REJECTED in honest runs.)
      if (p.type === 'MIS_Prereg_Xfer.response' && p.status !== 'REJECTED') return { ...p, status: 'REJECTED', reason: 'NONE' };
      return null;
    case 'indication': {
      //= SPEC_MAPPING.md#A-HO-COMPLETE
      //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
      //# MIS_N2N_HO_Complete.indication (TPoS
      // a PoS holding the MN's prepared SA is told by a partner that the MN completed a handover
      // elsewhere: a completion for a preparation that never happened there. It acts on an
      // indication only with a serving SA (docs/protocol.md §5.2, row 8), so it discards this one
      // (wrong-state) and the prepared SA stays. Honest runs deliver an indication to a prepared
      // SA only when it is overtaken, which needs one PoS in both roles; this reaches any TPoS.
      // Told only of a completion that has no copy: with the completion taken from it, the TPoS
      // still holds the prepared SA when the indication arrives (a copy of the completion would
      // make it serving first, and a PoS acts on an indication to a serving SA: F-16).
      if (p.type !== 'MIS_HO_Complete.request' || p.duplicated === true) return null;
      return { type: 'MIS_N2N_HO_Complete.indication', src: p.previous, dst: p.dst, mn: p.mn };
    }
    case 'sender': {
      //= SPEC_MAPPING.md#A-REPLAY
      //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
      //# wrapped
      // honest runs never give a TPoS one Nonce-N from two SPoSs, so a replay cache keyed by the
      // nonce alone answered every copy as the honest one: from another partner the same request is
      // no replay, and the receiver decides on it as that partner's (it answers that partner).
      if (p.type !== 'MIS_N2N_Prereg_Xfer.request') return null;
      const partner = resendingPartner(p, config);
      return partner === null ? null : { ...p, src: partner };
    }
  }
}
