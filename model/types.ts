// The model's own vocabulary. It mirrors docs/protocol.md and is kept structurally identical to
// vocabulary/observation.ts, which the model never imports (README.md, the walls: the model is judged,
// it does not borrow the judge's types). A structural test in test/model/ keeps the two in step.

export type DomainId = string;
export type MnId = string;

//= spec/clause-5.14-proposed-text.txt#5.14.1-S23
//# In Clause 9 of Draft IEEE IEEE Std 802.21-XXXX, an MIH SA can be established through (D) TLS or
//# EAP.
//= SPEC_MAPPING.md#A-ERP-FULL
//# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0 and
//# yields ID_TYPE 1 (variant V-ERP-FULL).
/** Full SA establishment methods (5.14.1-S23; ERP per A-ERP-FULL). */
export type Method = 'EAP' | 'ERP' | 'TLS';
/** Kind of the last full authentication in an SA's lineage. */
export type RootKind = Method | 'GKB';
//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
/** ID_TYPE of the 5.14 table (5.14-T1): 0 TLS-, 1 EAP-, 2 GKB-, 3 SPoS-generated. */
export type IdType = 0 | 1 | 2 | 3;
/** The active lower tester's spoilt PDUs (model/world/events.ts Tamper). */
export type Tamper = 'mac' | 'field' | 'key' | 'echo' | 'tid' | 'dup-tlv' | 'tlv-order' | 'decoding' | 'misaddressed' | 'bad-field' | 'wrap' | 'no-sa' | 'unexpected' | 'unknown-mn' | 'src';

export interface ModelDomainConfig {
  readonly id: DomainId;
  readonly rats: readonly string[];
  readonly neighbours: readonly DomainId[];
  readonly partners: readonly DomainId[];
  readonly suites: readonly number[];
  readonly requestsFallback: boolean;
}

export interface ModelMnConfig {
  readonly id: MnId;
  readonly home: DomainId;
  readonly rats: readonly string[];
  readonly method: Method;
  readonly suites: readonly number[];
  /** An ERP MN only: the next ERP SEQ of the MN and its HPoS at the start (docs/protocol.md §5.4). Absent: 0. */
  readonly erpSeqStart?: number;
}

/** docs/protocol.md §1, structurally identical to WorldConfig of vocabulary/observation.ts. */
export interface ModelWorldConfig {
  readonly chainLimit: number;
  readonly domains: readonly ModelDomainConfig[];
  readonly mns: readonly ModelMnConfig[];
}

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

/**
 * A fresh value (nonce) of the model. Only equality between tokens matters, so a token is a
 * number rendered as `#n`, drawn by the machine that needs it on its own count (model/world/
 * world.ts, tokenSources); canonicalKey renames tokens by first appearance.
 */
export type Token = string;

export type KeyKind = 'MSK' | 'rMSK' | 'TLS' | 'GKB' | 'K' | 'MISK';

/**
 * A symbolic key: never bytes. `id` is the derivation term itself (inputs included), so two
 * keys are the same key exactly when their ids are equal.
 */
export interface KeyTerm {
  readonly kind: KeyKind;
  /** Kind of the last full authentication in the lineage. */
  readonly root: RootKind;
  /** Optimized establishments since that full authentication. */
  readonly depth: number;
  /** Entity that generated the key material this key rests on (a PoS id, or the HPoS). */
  readonly generatedBy: string;
  //= SPEC_MAPPING.md#A-K-BIND
  //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
  //# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
  /** A-K-BIND: the TPoS a K is bound to (absent for a K shared across candidates). */
  readonly boundTo?: string;
  /** Id of the root key (MSK, rMSK, TLS secret) of the lineage. */
  readonly origin: string;
  readonly id: string;
}

export type SaState = 'serving' | 'prepared';

/** One end of a security association (docs/protocol.md §2). */
export interface SaRecord {
  /** A PoS id on the MN side, an MN id on the PoS side. */
  readonly peer: string;
  readonly idType: IdType;
  readonly root: RootKind;
  readonly depth: number;
  //= SPEC_MAPPING.md#V-COUNT-DEPTH
  //# "certain number of executions" is the depth of the key lineage: optimized establishments since
  //# the last full establishment of any kind (the SA's depth).
  /** The chain counter Note 4 limits; equals `depth` under V-COUNT-DEPTH. */
  readonly chain: number;
  readonly state: SaState;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  //= SPEC_MAPPING.md#A-SUITES
  //# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
  //# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
  /** 5.14.2-S8, A-SUITES: the cipher suite c the SA was established with; null for a full establishment (c is chosen only by the optimized one). */
  readonly suite: number | null;
  readonly key: KeyTerm;
}

// ---- the view: same shape as Observation of vocabulary/observation.ts --------------------------

export interface PduView {
  readonly type: PduType;
  readonly src: string;
  readonly dst: string;
  readonly mn: MnId;
  /** Present on responses. */
  readonly status?: Status;
  readonly reason?: Reason;
  /** Nonces as opaque names (fresh tokens here): equalities only. */
  readonly nonceN?: string;
  readonly nonceT?: string;
  /** True once the PDU was corrupted in flight. */
  readonly corrupted?: boolean;
  /** How the active lower tester spoilt it, when it did (with `corrupted`): the check its receiver must make. */
  readonly spoilt?: Tamper;
  /** The rule the lower tester's bytes broke: only the tester knows it; the model leaves it absent. */
  readonly spoiltRule?: string;
  /** The requirement IDs of the check `spoiltRule` names: only the tester knows them; the model leaves it absent. */
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
  /** K evidence (5.14.2-S6, A-K-BIND): part of the shared vocabulary, left out by the model's view. */
  readonly k?: string;
  readonly kBound?: boolean;
  readonly kExposed?: boolean;
}

export interface SaView {
  readonly peer: string;
  readonly idType: IdType;
  readonly root: RootKind;
  readonly depth: number;
  readonly state: SaState;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  /** 5.14.2-S8: the suite c of an optimized SA, null for a full one; always set by the view (optional in the shared vocabulary, where a recorded trace may leave it out). */
  readonly suite?: number | null;
  /** Key-class name: equal keys have equal names and only those. */
  readonly key: string;
}

export type MnLifecycle = 'detached' | 'idle' | 'waiting' | 'prepared';

export interface MnView {
  readonly id: MnId;
  readonly lifecycle: MnLifecycle;
  readonly attachedTo: DomainId | null;
  readonly sas: readonly SaView[];
  /** Part of the shared vocabulary; the view leaves it out (a world keeps no history): StepRecord.outcome says each. */
  readonly outcomes?: OutcomeSummary;
  /** Part of the shared vocabulary; the view leaves it out: StepRecord.discardCause says each. */
  readonly discards?: DiscardSummary;
}

/** An MN's handover outcomes so far: how many, and the latest (docs/protocol.md §7). */
export interface OutcomeSummary {
  readonly count: number;
  readonly last: HandoverOutcome | null;
}

export interface PosView {
  readonly id: DomainId;
  readonly sas: readonly SaView[];
  /** Part of the shared vocabulary; the view leaves it out: StepRecord.discardCause says each. */
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
 * An entity's discards so far (docs/protocol.md §7): how many, and why the latest one was;
 * `last` is null before the first and where the observer cannot tell (the model, for a PDU
 * several of whose checks may fail).
 */
export interface DiscardSummary {
  readonly count: number;
  readonly last: DiscardCause | null;
}

export interface ModelView {
  readonly mns: readonly MnView[];
  readonly poss: readonly PosView[];
  readonly inFlight: readonly PduView[];
}

/** How one handover ended, as the MN saw it (HandoverOutcome of vocabulary/observation.ts). */
export interface HandoverOutcome {
  readonly mn: MnId;
  readonly from: DomainId;
  /** The TPoS the SPoS's answer names; null on NO_TARGET (docs/protocol.md §7). */
  readonly to: DomainId | null;
  readonly path: 'optimized' | 'full' | 'none';
  readonly reason: Reason;
}
