// What the active lower tester may do to a PDU in flight, and what its lie says (docs/protocol.md
// §3). A tampered PDU is well-formed but its receiver must discard it (A-DISCARD, 5.14.1-S20):
// in the model it is marked corrupted like a malformed one. A lie is a PDU a peer holding the
// link's key could have sent: the receiver must treat it as the PDU it now is.
import type { InFlightPdu } from '../pdus.ts';
import type { Lie, Tamper } from './events.ts';

/** The PDUs that carry a MAC (docs/protocol.md §4: all but the MIS_Auth pair). */
function carriesMac(p: InFlightPdu): boolean {
  return p.type !== 'MIS_Auth.request' && p.type !== 'MIS_Auth.response';
}

/** The answers that echo Nonce-N and the transaction id of the request they answer. */
function isAnswer(p: InFlightPdu): boolean {
  return p.type === 'MIS_Auth.response' || p.type === 'MIS_N2N_Prereg_Xfer.response' || p.type === 'MIS_Prereg_Xfer.response';
}

/** Whether `how` applies to `p`: only where the receiver has a check that can reject it. */
export function tamperable(p: InFlightPdu, how: Tamper): boolean {
  if (p.corrupted === true) return false;
  switch (how) {
    case 'mac':
    case 'field':
    case 'key':
      return carriesMac(p);
    case 'echo':
    case 'tid':
      return isAnswer(p);
    case 'dup-tlv':
    case 'tlv-order':
    case 'decoding':
      return true; // A-TLV: strict decoding rejects either in any PDU
    case 'misaddressed':
      return true; // A-DISCARD: every receiver checks that the PDU is addressed to it (docs/protocol.md §5.2)
    case 'bad-field':
      return hasFieldCheck(p);
    case 'wrap':
      // 5.14.2-S6: the receivers of a wrapped K unwrap it after the MAC verified.
      return p.type === 'MIS_N2N_Prereg_Xfer.request' || (p.type === 'MIS_Prereg_Xfer.response' && p.status === 'SUCCESS');
    case 'no-sa':
      // A-HO-COMPLETE: the old SPoS acts only on an indication about an MN it holds an SA with.
      return p.type === 'MIS_N2N_HO_Complete.indication';
  }
}

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

/** The PDU `p` becomes when the lower tester tells `what`, or null when `what` says nothing of `p`. */
export function lieAbout(p: InFlightPdu, what: Lie, chainLimit: number): InFlightPdu | null {
  if (p.corrupted === true) return null;
  switch (what) {
    case 'depth':
      // 5.14.2-N4c: an N2N request over the limit is the TPoS's decisive chain-limit case.
      // A-DEPTH-WIRE: the wire carries one counter, the depth; the model's chain counter is what
      // the TPoS reads of it (the same value under V-COUNT-DEPTH, the reading lockstep judges).
      if (p.type === 'MIS_N2N_Prereg_Xfer.request') return p.depth > chainLimit ? null : { ...p, depth: chainLimit + 1, chain: chainLimit + 1 };
      // A-DEPTH-WIRE: the MN's view is informational; the SPoS decides on its own SA.
      if (p.type === 'MIS_Prereg_Xfer.request') return p.depth >= 255 ? null : { ...p, depth: p.depth + 1, chain: p.chain + 1 };
      return null;
    case 'root':
      // 5.14.2-N2a: the root the TPoS is told is the root it installs, and a GKB root takes its
      // SA off the optimized path (the only way a GKB lineage arises in a run, A-IDTYPE). Told
      // on the hop that reaches the chain limit, so that the SA's next hop meets NOT_EAP_ROOT
      // and CHAIN_LIMIT at once, the order the SPoS must keep (docs/protocol.md §4).
      if (p.type === 'MIS_N2N_Prereg_Xfer.request' && p.depth === chainLimit) return { ...p, root: p.root === 'GKB' ? 'EAP' : 'GKB' };
      return null;
    case 'suites':
      // 5.14.2-S8: with nothing offered there is no common suite.
      if ((p.type === 'MIS_N2N_Prereg_Xfer.request' || p.type === 'MIS_Prereg_Xfer.request') && p.suites.length > 0) return { ...p, suites: [] };
      return null;
    case 'fallback':
      // 5.14.2-N1c: the flag as the SPoS receives it is the MN's request.
      if (p.type === 'MIS_Prereg_Xfer.request') return { ...p, fallback: !p.fallback };
      return null;
  }
}
