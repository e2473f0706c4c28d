// The events of a world: the upper-tester stimuli and the network faults of docs/protocol.md §3
// (same kinds and field names as Stimulus in vocabulary/observation.ts), and room for the
// adversary's moves of the what-if analysis.

import type { DomainId, MnId, Tamper } from '../types.ts';

/** The control interface: stimuli of the upper tester and the network's delivery choice. */
export type ProtocolEvent =
  | { readonly kind: 'attach'; readonly mn: MnId; readonly domain: DomainId }
  | { readonly kind: 'handover'; readonly mn: MnId; readonly target: DomainId | null; readonly fallback: boolean }
  | { readonly kind: 'complete'; readonly mn: MnId }
  | { readonly kind: 'abort'; readonly mn: MnId }
  | { readonly kind: 'setFallbackPolicy'; readonly domain: DomainId; readonly on: boolean }
  | { readonly kind: 'deliver'; readonly index: number };

export type Corruption = 'trailing' | 'truncate' | 'unknown-tlv';
export const CORRUPTIONS: readonly Corruption[] = ['trailing', 'truncate', 'unknown-tlv'];

//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
/**
 * The active lower tester's invalid PDUs (docs/protocol.md §3): well-formed bytes that the
 * receiver must still discard (A-DISCARD, 5.14.1-S20). `mac`: a bit of the MAC flipped; `field`:
 * a bit of a covered field flipped, MAC left as it was; `key`: sealed under another key;
 * `echo`: a wrong Nonce-N echo and `tid`: a wrong transaction id, both sealed again under the
 * right key, so that only the echo or transaction check can reject them; `dup-tlv` (a TLV twice)
 * and `tlv-order` (two TLVs out of canonical order): strict decoding rules the network's three
 * corruptions leave unexercised (A-TLV); `decoding`: one rule of strict decoding broken, the
 * rest kept (A-TLV); `misaddressed`, `bad-field`, `wrap` and `no-sa`: a field rewritten and
 * sealed again so that one receiver check of docs/protocol.md §5.2 alone rejects it, named by
 * the discard reason that check gives; `unexpected`: a request or answer of the MN's exchanges
 * retyped as the other half of it, sealed as such, which its receiver never takes in its role;
 * `unknown-mn`: an MIS_Auth.request (which carries no MAC) rewritten to come from, and be
 * about, an MN the world does not have.
 */
export type { Tamper };
export const TAMPERS: readonly Tamper[] = ['mac', 'field', 'key', 'echo', 'tid', 'dup-tlv', 'tlv-order', 'decoding', 'misaddressed', 'bad-field', 'wrap', 'no-sa', 'unexpected', 'unknown-mn', 'src'];

/**
 * The lies a tester that holds the sending link's key can tell (docs/protocol.md §3): one field
 * of a PDU in flight rewritten and sealed again. `depth`: an N2N request over the chain limit
 * (depth L + 1), or a preregistration request with the MN's view off by one; `depth-low`: an N2N
 * request below the range of an optimized SA (depth 0); `root`: an N2N
 * request stating a GKB root (EAP for a GKB one); `root-tls`: an N2N request stating a TLS root;
 * `suites`: no
 * suite offered at all; `fallback`: the MN's fallback flag flipped; `status`: a preregistration
 * answer's status REJECTED (reason NONE) where its sender decided another; `indication`: the MN's
 * MIS_HO_Complete.request to its TPoS turned into an MIS_N2N_HO_Complete.indication about the MN
 * from the PoS it names as `previous`, sealed under that PoS's MIS SA with the TPoS: a completion
 * indication for a preparation the receiver itself holds, which it must discard (wrong-state);
 * `sender`: an MIS_N2N_Prereg_Xfer.request sent instead by another partner the receiver trusts
 * (the first in id order), sealed under that partner's MIS SA with K wrapped under it: a request
 * the receiver must take up as that partner's, its replay cache keyed by (SPoS, Nonce-N).
 */
export type Lie = 'depth' | 'depth-low' | 'root' | 'root-tls' | 'suites' | 'fallback' | 'status' | 'indication' | 'sender';
export const LIES: readonly Lie[] = ['depth', 'depth-low', 'root', 'root-tls', 'suites', 'fallback', 'status', 'indication', 'sender'];

/** Network faults: part of every conformance run (docs/protocol.md §3). */
export type FaultEvent =
  /** The PDU at `index` is lost. */
  | { readonly kind: 'drop'; readonly index: number }
  /** A copy of the PDU at `index` is appended (once per PDU). */
  | { readonly kind: 'duplicate'; readonly index: number }
  /** The PDU at `index` becomes malformed; its receiver will discard it. */
  | { readonly kind: 'corrupt'; readonly index: number; readonly how: Corruption }
  /** The PDU at `index` is replaced by a well-formed one its receiver must discard. */
  | { readonly kind: 'tamper'; readonly index: number; readonly how: Tamper; readonly choice?: number }
  /**
   * A copy of the PDU at `index`, spoilt by `how`, is delivered to its receiver at once, which
   * must discard it; the PDU itself stays in flight as it was. Enabled wherever the tamper of that
   * PDU by `how` is, and, unlike `duplicate`, as often as the lower tester likes; not listed
   * among the enabled events, so that the explorer's alphabet stays what it was.
   */
  | { readonly kind: 'probe'; readonly index: number; readonly how: Tamper; readonly choice?: number }
  /** One field of the PDU at `index` is rewritten and sealed again under its link's key. */
  | { readonly kind: 'lie'; readonly index: number; readonly what: Lie }
  /**
   * The PDU at `index` of the run's delivery history (docs/protocol.md §3: the intact PDUs
   * delivered so far, oldest first, the last REDELIVERY_HISTORY of them) is delivered again,
   * to its original receiver, unchanged (TTCN-3 inopportune behaviour).
   */
  | { readonly kind: 'redeliver'; readonly index: number };

/** How many of the last delivered PDUs the lower tester keeps for `redeliver`. */
export const REDELIVERY_HISTORY = 8;

export type FaultKind = FaultEvent['kind'];
/** The faults of a world by default (the explorer's and the what-if analysis' alphabet). */
export const FAULT_KINDS: readonly FaultKind[] = ['drop', 'duplicate', 'corrupt'];
/** The active lower tester's faults: opt-in, part of every conformance run's alphabet. */
export const LOWER_TESTER_KINDS: readonly FaultKind[] = ['tamper', 'lie', 'redeliver'];
export const ALL_FAULT_KINDS: readonly FaultKind[] = [...FAULT_KINDS, ...LOWER_TESTER_KINDS];

/** Exactly the Stimulus of vocabulary/observation.ts. */
export type StimulusEvent = ProtocolEvent | FaultEvent;

/**
 * What a world steps on. The what-if analysis's adversary (model/adversary/world.ts) has moves
 * of its own, composed around the world rather than added here.
 */
export type WorldEvent = StimulusEvent;

/** A compact, stable rendering of an event (traces, test names). */
export function eventLabel(e: WorldEvent): string {
  switch (e.kind) {
    case 'attach': return `attach ${e.mn} ${e.domain}`;
    case 'handover': return `handover ${e.mn} ${e.target ?? '(select)'}${e.fallback ? ' fallback' : ''}`;
    case 'complete': return `complete ${e.mn}`;
    case 'abort': return `abort ${e.mn}`;
    case 'setFallbackPolicy': return `setFallbackPolicy ${e.domain} ${e.on ? 'on' : 'off'}`;
    case 'deliver': return `deliver ${e.index}`;
    case 'drop': return `drop ${e.index}`;
    case 'duplicate': return `duplicate ${e.index}`;
    case 'corrupt': return `corrupt ${e.index} ${e.how}`;
    case 'tamper': return `tamper ${e.index} ${e.how}`;
    case 'probe': return `probe ${e.index} ${e.how}`;
    case 'lie': return `lie ${e.index} ${e.what}`;
    case 'redeliver': return `redeliver ${e.index}`;
  }
}
