// Why the receiver of a delivered PDU discards it, where the model can tell (docs/protocol.md
// §5.2, §7). A PDU the lower tester spoilt fails one check alone by construction (harness/tester),
// so where the PDU as it was sent would have passed every check, that check is the first to
// fail. A PDU as its sender sent it passes the checks of its bytes (decoding, addressing, an MIS
// SA's MAC), so the first to fail is one of those §5.2 lists on the receiver's state, read here
// in their order. The model keeps no transaction ids: where an answer comes from the peer of an
// open transaction but for another Nonce-N, the tids decide between the transaction and the
// echo check, and the cause is left open (null).
import type { Pdu } from '../pdus.ts';
import type { DiscardCause, DomainId, Tamper, Token } from '../types.ts';

/**
 * The check each way of the lower tester is made to fail (model/world/events.ts, TAMPERS). A
 * `field` tamper flips a bit of a field the receiver reads only after the MAC (docs/protocol.md
 * §5.2; harness/tester/faults.ts), so the MAC check is the first to fail: a receiver that
 * unwraps K or checks the echo first discards for another cause.
 */
const TAMPER_CAUSE: Readonly<Record<Tamper, DiscardCause | null>> = {
  mac: 'bad-mac',
  field: 'bad-mac',
  key: 'bad-mac',
  echo: 'nonce-mismatch',
  tid: 'unknown-transaction',
  'dup-tlv': 'malformed',
  'tlv-order': 'malformed',
  decoding: 'malformed',
  misaddressed: 'misaddressed',
  'bad-field': 'bad-field',
  wrap: 'bad-wrapped-key',
  'no-sa': 'no-sa',
  unexpected: 'unexpected-pdu',
  'unknown-mn': 'unknown-mn',
  src: 'unknown-transaction',
};

/**
 * The ways whose check comes before any that reads the receiver's state (§5.2: strict decoding,
 * then `dst`, then the PDU's type, then the sender and MN of the PDU): their cause holds
 * whatever the receiver holds. `unknown-mn` too: the one check before it that reads state,
 * the request cache, is keyed by the MN the request names, which no request ever named before.
 */
const BEFORE_ANY_STATE: ReadonlySet<Tamper> = new Set(['dup-tlv', 'tlv-order', 'decoding', 'misaddressed', 'unexpected', 'unknown-mn']);

/**
 * The checks of docs/protocol.md §5.2 that read the receiver's state, per PDU type, in the order
 * the receiver makes them (the checks of the bytes alone, before them, are BEFORE_ANY_STATE's).
 */
const STATE_CHECKS: Readonly<Record<Pdu['type'], readonly DiscardCause[]>> = {
  'MIS_Auth.request': ['duplicate', 'unknown-mn'],
  'MIS_Auth.response': ['unknown-transaction', 'nonce-mismatch', 'bad-field'],
  'MIS_Prereg_Xfer.request': ['no-sa', 'bad-mac', 'wrong-state', 'duplicate', 'bad-field'],
  'MIS_N2N_Prereg_Xfer.request': ['no-mis-sa', 'bad-mac', 'bad-wrapped-key'],
  'MIS_N2N_Prereg_Xfer.response': ['no-mis-sa', 'bad-mac', 'unknown-transaction', 'nonce-mismatch', 'no-sa', 'bad-field'],
  'MIS_Prereg_Xfer.response': ['unknown-transaction', 'no-sa', 'bad-mac', 'nonce-mismatch', 'bad-field', 'bad-wrapped-key'],
  'MIS_HO_Complete.request': ['no-sa', 'bad-mac', 'wrong-state', 'bad-field'],
  'MIS_N2N_HO_Complete.indication': ['no-mis-sa', 'bad-mac', 'no-sa', 'wrong-state'],
};

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
/**
 * A-DISCARD, A-TLV: why a spoilt PDU of `type` is discarded. `tampered` is the lower tester's way
 * (absent: the network corrupted it, and strict decoding fails first, A-TLV); `asSent` says
 * why the PDU as it was sent would be discarded now: `fits` where it would pass every check,
 * else its intactCause (null: the model cannot tell). The tamper fails its own check alone, so
 * it is the first to fail where every check the PDU as sent fails comes after it: a spoilt copy
 * of a request already taken up fails its MAC before the request cache is read (§5.2, the MAC
 * before [wrong-state] and [duplicate]), so a receiver that reads its state first is caught.
 */
export function spoiltCause(type: Pdu['type'], tampered: Tamper | undefined, asSent: () => 'fits' | DiscardCause | null): DiscardCause | null {
  if (tampered === undefined) return 'malformed';
  const cause = TAMPER_CAUSE[tampered];
  if (cause === null || BEFORE_ANY_STATE.has(tampered)) return cause;
  const intact = asSent();
  if (intact === 'fits') return cause;
  if (intact === null) return null;
  const order = STATE_CHECKS[type];
  const at = order.indexOf(cause);
  return at >= 0 && at <= order.indexOf(intact) ? cause : null;
}

/** What the checks of §5.2 read of a PDU's receiver, as it was when the PDU arrived. */
export interface ReceiverState {
  /** At the MN: the answer its open transaction waits for, and from whom. */
  readonly pending: { readonly answer: 'MIS_Auth.response' | 'MIS_Prereg_Xfer.response'; readonly from: DomainId } | null;
  /** At a PoS: its SA with the PDU's MN (one at most), by state and the name of its key. */
  readonly sa: { readonly state: 'serving' | 'prepared'; readonly key: string } | null;
  /** At a PoS: the handover it relays for the MN, if any (the TPoS it asked and the Nonce-N). */
  readonly relay: { readonly tpos: DomainId; readonly nonceN: Token } | null;
  /** At a PoS: it took up an MN request with the PDU's Nonce-N before (§5.3). */
  readonly knownRequest: boolean;
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * A-DISCARD: why a PDU as its sender sent it is discarded, by the checks of §5.2 in their order
 * (those of its bytes pass), or null where the model cannot tell.
 */
export function intactCause(p: Pdu, r: ReceiverState): DiscardCause | null {
  switch (p.type) {
    case 'MIS_Auth.request':
      return r.knownRequest ? 'duplicate' : null; // §5.3: the request cache, its first check
    case 'MIS_Auth.response':
    case 'MIS_Prereg_Xfer.response':
      // An open transaction with `src` of the answer's kind; with one, its tid decides.
      return r.pending === null || r.pending.answer !== p.type || r.pending.from !== p.src ? 'unknown-transaction' : null;
    case 'MIS_Prereg_Xfer.request':
      if (r.sa === null) return 'no-sa';
      if (r.sa.key !== p.mac) return 'bad-mac';
      if (r.sa.state !== 'serving') return 'wrong-state';
      return r.knownRequest ? 'duplicate' : null;
    case 'MIS_N2N_Prereg_Xfer.response':
      if (r.relay === null || r.relay.tpos !== p.src) return 'unknown-transaction';
      if (r.relay.nonceN !== p.nonceN) return null;
      return r.sa === null || r.sa.state !== 'serving' ? 'no-sa' : null;
    case 'MIS_HO_Complete.request':
      if (r.sa === null) return 'no-sa';
      if (r.sa.key !== p.mac) return 'bad-mac';
      return r.sa.state !== 'prepared' ? 'wrong-state' : null;
    case 'MIS_N2N_HO_Complete.indication':
      if (r.sa === null) return 'no-sa';
      return r.sa.state !== 'serving' ? 'wrong-state' : null;
    case 'MIS_N2N_Prereg_Xfer.request':
      return null; // a copy is answered (REPLAY), not discarded
  }
}
