// The abstraction where the model and an SUT meet (README.md, the walls; docs/protocol.md §3, §7).
// Both sides are driven with the same Stimulus values and read back as Observation values;
// properties/ are predicates over Observation only, so they judge the model and any SUT alike.

export type DomainId = string;
export type MnId = string;

//= spec/clause-5.14-proposed-text.txt#5.14.1-S23
//# In Clause 9 of Draft IEEE IEEE Std 802.21-XXXX, an MIH SA can be established through (D) TLS or
//# EAP.
//= SPEC_MAPPING.md#A-ERP-FULL
//# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0 and
//# yields ID_TYPE 1 (variant V-ERP-FULL).
/** Full SA establishment methods (5.14.1-S23: MIH SA by (D)TLS or EAP; ERP per A-ERP-FULL). */
export type Method = 'EAP' | 'ERP' | 'TLS';
/** Kind of the last full authentication in an SA's lineage. */
export type RootKind = Method | 'GKB';
//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
/** ID_TYPE of the 5.14 table (5.14-T1). */
export type IdType = 0 | 1 | 2 | 3;

export interface DomainConfig {
  readonly id: DomainId;
  readonly rats: readonly string[];
  readonly neighbours: readonly DomainId[];
  readonly partners: readonly DomainId[];
  readonly suites: readonly number[];
  readonly requestsFallback: boolean;
}

export interface MnConfig {
  readonly id: MnId;
  readonly home: DomainId;
  readonly rats: readonly string[];
  readonly method: Method;
  readonly suites: readonly number[];
  /**
   * An ERP MN only: the next ERP SEQ of the MN and of its HPoS when the world starts
   * (docs/protocol.md §5.4; 0..65536, 65536 = none left). Absent: 0.
   */
  readonly erpSeqStart?: number;
}

/** The world both sides are configured with (docs/protocol.md §1). */
export interface WorldConfig {
  readonly chainLimit: number;
  readonly domains: readonly DomainConfig[];
  readonly mns: readonly MnConfig[];
}

/** Upper-tester primitives and network choices (docs/protocol.md §3). */
export type Stimulus =
  | { readonly kind: 'attach'; readonly mn: MnId; readonly domain: DomainId }
  | { readonly kind: 'handover'; readonly mn: MnId; readonly target: DomainId | null; readonly fallback: boolean }
  | { readonly kind: 'complete'; readonly mn: MnId }
  | { readonly kind: 'abort'; readonly mn: MnId }
  | { readonly kind: 'setFallbackPolicy'; readonly domain: DomainId; readonly on: boolean }
  | { readonly kind: 'deliver'; readonly index: number }
  // Network faults (docs/protocol.md §3): part of every conformance run.
  | { readonly kind: 'drop'; readonly index: number }
  | { readonly kind: 'duplicate'; readonly index: number }
  | { readonly kind: 'corrupt'; readonly index: number; readonly how: Corruption }
  // The active lower tester (docs/protocol.md §3): invalid and inopportune PDUs.
  // `choice` picks the rule, field or bit the way breaks (absent: the run's step count).
  | { readonly kind: 'tamper'; readonly index: number; readonly how: Tamper; readonly choice?: number }
  // A copy of the PDU at `index`, spoilt as `tamper` would spoil it, delivered to its receiver at
  // once; the PDU itself stays in flight untouched (§3 `probe`).
  | { readonly kind: 'probe'; readonly index: number; readonly how: Tamper; readonly choice?: number }
  | { readonly kind: 'lie'; readonly index: number; readonly what: Lie }
  // The lower tester delivers again the PDU at `index` of the run's delivery history (§3).
  | { readonly kind: 'redeliver'; readonly index: number };

export type Corruption = 'trailing' | 'truncate' | 'unknown-tlv';
//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/** A well-formed PDU the receiver must discard (A-DISCARD, 5.14.1-S20). */
export type Tamper = 'mac' | 'field' | 'key' | 'echo' | 'tid' | 'dup-tlv' | 'tlv-order' | 'decoding' | 'misaddressed' | 'bad-field' | 'wrap' | 'no-sa' | 'unexpected' | 'unknown-mn' | 'src';
/** One field rewritten and sealed again by a tester holding the link's key. */
export type Lie = 'depth' | 'depth-low' | 'root' | 'root-tls' | 'suites' | 'fallback' | 'status' | 'indication' | 'sender';

export type PduType =
  | 'MIS_Auth.request'
  | 'MIS_Auth.response'
  | 'MIS_Prereg_Xfer.request'
  | 'MIS_N2N_Prereg_Xfer.request'
  | 'MIS_N2N_Prereg_Xfer.response'
  | 'MIS_Prereg_Xfer.response'
  | 'MIS_HO_Complete.request'
  | 'MIS_N2N_HO_Complete.indication';

export type Status = 'SUCCESS' | 'FULL_AUTH_REQUIRED' | 'REJECTED' | 'NO_TARGET';

export type Reason =
  | 'NONE'
  | 'MN_REQUESTED'
  | 'NO_TRUST'
  | 'TLS_ROOT'
  | 'NOT_EAP_ROOT'
  | 'CHAIN_LIMIT'
  | 'UNAUTHORIZED_SOURCE'
  | 'REPLAY'
  | 'TPOS_REQUESTED'
  | 'NO_COMMON_SUITE'
  | 'TARGET_REFUSED';

export interface PduObservation {
  readonly type: PduType;
  readonly src: string;
  readonly dst: string;
  readonly mn: MnId;
  /** Present on responses. */
  readonly status?: Status;
  readonly reason?: Reason;
  /** Nonces as opaque names (hex in an SUT, symbolic in the model): equalities only. */
  readonly nonceN?: string;
  readonly nonceT?: string;
  /** True once the PDU was corrupted in flight (it must then be discarded on delivery). */
  readonly corrupted?: boolean;
  /** How the active lower tester spoilt it, when it did (with `corrupted`): the check its receiver must make. */
  readonly spoilt?: Tamper;
  /**
   * Which rule or check the tamper broke (harness/tester/receiver-faults.ts), as the lower tester
   * alone knows it: evidence like kBound, never compared; it names the requirement.
   */
  readonly spoiltRule?: string;
  /**
   * The requirement IDs of the receiver check `spoiltRule` names (harness/tester/check-faults.ts),
   * most specific first, where the rule is such a check: evidence the tester attaches, so the
   * judge names the sentence without reading the tester's tables.
   */
  readonly spoiltRequirements?: readonly string[];
  //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
  //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
  //# described above.
  /** MIS_Prereg_Xfer.response: the TPoS the SPoS names (5.14.3-S7), when the PDU carries one. */
  readonly tpos?: DomainId;
  // The request and answer fields of docs/protocol.md §4, as values (absent where the PDU type
  // carries none, or the PDU is corrupted and shows only its addressing).
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
  //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS so
  //# that TPoS can provide security service
  /** MIS_Auth.request: the full establishment method (5.14.1-S24). */
  readonly method?: Method;
  //= spec/clause-5.14-proposed-text.txt#5.14-T1
  //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
  //# GKB-generated; 3: SPoS-generated
  //= SPEC_MAPPING.md#A-IDTYPE
  //# so an SA of ID_TYPE 3 whose root is EAP may seed the next hop
  /** MIS_Auth.response: the ID_TYPE of the SA it makes (5.14-T1, A-IDTYPE). */
  readonly idType?: IdType;
  //= SPEC_MAPPING.md#A-SUITES
  //# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
  //# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
  /** MIS_Prereg_Xfer.request, MIS_N2N_Prereg_Xfer.request: the suites offered, in the MN's preference order (A-SUITES). */
  readonly suites?: readonly number[];
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  /** The N2N and MN responses: the cipher suite c chosen by the TPoS (5.14.2-S8). */
  readonly suite?: number;
  //= SPEC_MAPPING.md#A-DEPTH-WIRE
  //# The depth travels in MIS_Prereg_Xfer.request (the MN's view, informational) and in
  //# MIS_N2N_Prereg_Xfer.request
  /** MIS_Prereg_Xfer.request: the MN's view of its depth; MIS_N2N_Prereg_Xfer.request: the depth of the SA to be made (A-DEPTH-WIRE). */
  readonly depth?: number;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
  //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
  //# etsblishment applies.
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
  //# If protocol of establishing SAs between an MN and a TPoS is
  /** MIS_N2N_Prereg_Xfer.request: the root of the lineage the SA continues (5.14.2-N2a, 5.14.2-N3). */
  readonly root?: RootKind;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
  //# or if any of the MN or TPoS requests so.
  /** MIS_Prereg_Xfer.request: the MN asks for a full establishment (5.14.2-N1c). */
  readonly fallback?: boolean;
  /** MIS_Prereg_Xfer.request: the target the MN names (absent: the SPoS selects, 5.14.3). */
  readonly target?: DomainId;
  /** MIS_HO_Complete.request: the MN's previous (old serving) PoS. */
  readonly previous?: DomainId;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  //= SPEC_MAPPING.md#A-K-BIND
  //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
  //# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
  // Key-distribution evidence (5.14.2-S6, A-K-BIND). Optional: an observer that cannot read K
  // (the model's view, a black-box SUT) leaves them out and the properties stay silent. Only
  // kBound: false and kExposed: true are evidence of a fault; absent, kBound: true and
  // kExposed: false all say "nothing wrong seen", and no property may tell them apart.
  /** The key derivation key K this PDU carries, as a fingerprint (SUT) or key class (model). */
  readonly k?: string;
  //= SPEC_MAPPING.md#A-K-BIND
  //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
  //# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
  /** K equals the A-K-BIND derivation for this PDU's MN, SPoS, TPoS and Nonce-N. */
  readonly kBound?: boolean;
  /**
   * The K of this PDU's preregistration crossed the wire readable without the key of the SA
   * that should protect it (set on the PDU where the observer could tell, e.g. the TPoS's answer).
   */
  readonly kExposed?: boolean;
}

export interface SaObservation {
  /** A PoS id on the MN side, an MN id on the PoS side. */
  readonly peer: string;
  readonly idType: IdType;
  readonly root: RootKind;
  readonly depth: number;
  readonly state: 'serving' | 'prepared';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  //= SPEC_MAPPING.md#A-SUITES
  //# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
  //# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
  /**
   * 5.14.2-S8, A-SUITES: the cipher suite c the SA was established with; null after a full
   * establishment (docs/protocol.md §2). Absent where a recorded deployment trace leaves it out
   * (docs/cli.md validate-trace): no property judges a suite it was not shown.
   */
  readonly suite?: number | null;
  /** Key fingerprint (impl) or key-class name (model); compared only as equalities. */
  readonly key: string;
}

export type MnLifecycle = 'detached' | 'idle' | 'waiting' | 'prepared';

export interface MnObservation {
  readonly id: MnId;
  readonly lifecycle: MnLifecycle;
  readonly attachedTo: DomainId | null;
  readonly sas: readonly SaObservation[];
  /**
   * The handover outcomes the MN recorded (docs/protocol.md §7): how many, and the latest.
   * Optional: an SUT that does not report them is not judged on them.
   */
  readonly outcomes?: OutcomeSummary;
  /** The PDUs the MN discarded (docs/protocol.md §7). Optional: an SUT that does not report them is not judged on them. */
  readonly discards?: DiscardSummary;
}

export interface PosObservation {
  readonly id: DomainId;
  readonly sas: readonly SaObservation[];
  /** The PDUs the PoS discarded (docs/protocol.md §7). Optional, as for an MN. */
  readonly discards?: DiscardSummary;
}

/**
 * Why a receiver discarded a PDU: the name docs/protocol.md §5.2 gives the first check that
 * failed. `internal` is no check of the profile: an implementation's own fault, contained.
 */
export type DiscardCause =
  | 'malformed'
  | 'misaddressed'
  | 'unexpected-pdu'
  | 'no-sa'
  | 'no-mis-sa'
  | 'bad-mac'
  | 'bad-wrapped-key'
  | 'wrong-state'
  | 'unknown-transaction'
  | 'nonce-mismatch'
  | 'duplicate'
  | 'bad-field'
  | 'unknown-mn'
  | 'internal';

/**
 * An entity's discards so far: how many, and why the latest one was. Lockstep compares every
 * step, and a step delivers one PDU, so the count and the latest cause say it all. `last` is
 * null before the first and where the observer cannot tell (the model, for a PDU several of
 * whose checks may fail).
 */
export interface DiscardSummary {
  readonly count: number;
  readonly last: DiscardCause | null;
}

/** An MN's handover outcomes so far: lockstep compares every step, so the latest one and the count say it all. */
export interface OutcomeSummary {
  readonly count: number;
  readonly last: HandoverOutcome | null;
}

/**
 * How one handover went, as the MN learnt it from its SPoS's answer (docs/protocol.md §7):
 * optimized on SUCCESS, full on FULL_AUTH_REQUIRED (with the reason), none on NO_TARGET.
 */
export interface HandoverOutcome {
  readonly mn: MnId;
  readonly from: DomainId;
  /** The TPoS the answer names; null when none was named or selected (NO_TARGET). */
  readonly to: DomainId | null;
  readonly path: 'optimized' | 'full' | 'none';
  readonly reason: Reason;
}

export interface Observation {
  readonly mns: readonly MnObservation[];
  readonly poss: readonly PosObservation[];
  readonly inFlight: readonly PduObservation[];
}
