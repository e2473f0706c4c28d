// docs/protocol.md §5: "A PDU that does not fit the receiver's state (unknown transaction, no
// SA, bad MAC, wrong echo of nonceN) is discarded without effect and counted; it never changes
// an SA." Every entity keeps one of these logs; receive() records here instead of throwing.

export type DiscardReason =
  //= SPEC_MAPPING.md#A-TLV
  //# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
  //# proauth's own type numbers; decoding is strict and canonical.
  | 'malformed' // decode() rejected the bytes (strict decoding, A-TLV)
  | 'misaddressed' // dst is not this entity
  | 'unexpected-pdu' // a PDU type this entity never receives in this role
  | 'no-sa' // no SA with the peer the PDU claims to come from / concern
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S8
  //# An MIS SA (Security Association) (see 8.4.2 of IEEE Std 802.21-XXXX) can be used for
  //# protecting the communications between an SPoS and a TPoS.
  | 'no-mis-sa' // no MIS SA with the sending PoS (5.14.1-S8)
  | 'bad-mac' // integrity check failed
  | 'bad-wrapped-key' // the wrapped K did not unwrap (altered, or wrong key / context)
  | 'wrong-state' // the PDU is valid but the entity is not in a state that accepts it
  | 'unknown-transaction' // no pending transaction with this peer and transaction ID
  | 'nonce-mismatch' // the echoed nonceN is not the one sent
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  | 'duplicate' // a request already processed (A-REPLAY, at the MN's PoS)
  | 'bad-field' // a field value the procedure cannot accept (e.g. a suite never offered)
  | 'unknown-mn' // a PDU about an MN this PoS knows nothing of
  | 'internal'; // an unexpected exception inside the handler, contained (never thrown)

export interface DiscardRecord {
  readonly entity: string;
  readonly reason: DiscardReason;
}

/**
 * Per-entity discards, told to the sink as they happen: the system and every placement keep one
 * ordered log of all entities (impl/system.ts createEntities' onDiscard), and an observation's
 * discards (count and latest cause, docs/protocol.md §7) are read off that log. The entity keeps
 * no count of its own: nothing would read it.
 */
export class DiscardLog {
  readonly #entity: string;
  readonly #sink: ((record: DiscardRecord) => void) | undefined;

  constructor(entity: string, sink?: (record: DiscardRecord) => void) {
    this.#entity = entity;
    this.#sink = sink;
  }

  record(reason: DiscardReason): void {
    // Stryker disable next-line OptionalChaining: every entity a check builds has a sink (impl/system.ts, harness/sut-process/hybrid.ts); only a caller that passes none could tell
    this.#sink?.({ entity: this.#entity, reason });
  }
}
