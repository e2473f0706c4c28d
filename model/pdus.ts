//= SPEC_MAPPING.md#A-POS-CHANNEL
//# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
//# every N2N PDU; its establishment (configuration, IKEv2, (D)TLS or EAP over MIS) is not modelled.
// Symbolic PDUs of docs/protocol.md §4. Every PDU is addressed (src, dst) and belongs to one MN;
// Nonce-N of the procedure is its transaction id. MACs are symbolic: `mac` names the key the
// sender protected the PDU with, and the receiver compares it with the key of its own SA.
// N2N PDUs travel over the pre-configured MIS SA between the two PoSs (A-POS-CHANNEL).

import type { DomainId, KeyTerm, Method, MnId, PduType, PduView, Reason, RootKind, Status, Tamper, Token } from './types.ts';

interface Header<T extends PduType> {
  readonly type: T;
  readonly src: string;
  readonly dst: string;
  readonly mn: MnId;
}

//= SPEC_MAPPING.md#V-ERP-OPTIMIZED
//# ERP reuses the EAP key hierarchy, so it does not reset the chain: depth and counter + 1, root
//# kept; the establishment the limit forces is then a full EAP run.
//= SPEC_MAPPING.md#V-COUNT-HOPS-ANY
//# A per-MN counter of optimized executions, reset only by the full establishment the limit forces;
//# a voluntary fallback (MN or TPoS request, no trust) keeps it.
/**
 * The MN's claim about the lineage its full establishment continues: only read under
 * V-ERP-OPTIMIZED (an ERP run does not reset the chain) and V-COUNT-HOPS-ANY (only a forced
 * full establishment resets the counter). Null at initial attachment.
 */
export interface LineageClaim {
  readonly root: RootKind;
  readonly depth: number;
  readonly chain: number;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
  //# That is, after certain number of executions of the optimized SA establishment, it shall force
  //# an SA establishment through the methods specified in 21m.
  /** The full establishment was forced by the chain limit (5.14.2-N4c). */
  readonly forced: boolean;
}

/** #1: MN -> PoS. `purpose` says whether it is an initial attachment or a handover's full establishment. */
export interface AuthRequest extends Header<'MIS_Auth.request'> {
  readonly purpose: 'attach' | 'handover';
  readonly method: Method;
  readonly nonceN: Token;
  readonly prior: LineageClaim | null;
}

/** #2: PoS -> MN. */
export interface AuthResponse extends Header<'MIS_Auth.response'> {
  readonly status: Status;
  readonly nonceN: Token;
  readonly nonceP: Token;
  readonly idType: 0 | 1 | 2 | 3;
}

/** #3: MN -> SPoS, MAC under the MN-SPoS SA. */
export interface PreregRequest extends Header<'MIS_Prereg_Xfer.request'> {
  readonly target: DomainId | null;
  readonly nonceN: Token;
  readonly suites: readonly number[];
  readonly fallback: boolean;
  /** The MN's view of the depth of its serving SA. */
  readonly depth: number;
  readonly chain: number;
  //= SPEC_MAPPING.md#V-TLS-PROTOCOL
  //# Only the MN–TPoS protocol matters: the SPoS checks the method the MN declares for its SAs, not
  //# the root of its own SA.
  /** The protocol the MN establishes SAs with (read under V-TLS-PROTOCOL). */
  readonly method: Method;
  readonly mac: string;
}

//= SPEC_MAPPING.md#V-K-HPOS
//# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP root;
//# the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
/** #4: SPoS -> TPoS over the MIS SA; K is encrypted under it (null under V-K-HPOS). */
export interface N2nPreregRequest extends Header<'MIS_N2N_Prereg_Xfer.request'> {
  readonly nonceN: Token;
  readonly suites: readonly number[];
  /** Depth of the SA to be made: SPoS SA depth + 1. */
  readonly depth: number;
  readonly chain: number;
  readonly root: RootKind;
  readonly k: KeyTerm | null;
  /** V-FALLBACK-SEEN only: the MN's fallback flag as the SPoS received it. */
  readonly mnFallback?: boolean;
}

/** #5: TPoS -> SPoS over the MIS SA. */
export interface N2nPreregResponse extends Header<'MIS_N2N_Prereg_Xfer.response'> {
  readonly status: Status;
  readonly reason: Reason;
  readonly nonceN: Token;
  readonly nonceT: Token | null;
  readonly suite: number | null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
/** #6: SPoS -> MN, MAC under the MN-SPoS SA; K encrypted under it (5.14.2-S6). */
export interface PreregResponse extends Header<'MIS_Prereg_Xfer.response'> {
  readonly status: Status;
  readonly reason: Reason;
  readonly tpos: DomainId | null;
  readonly nonceN: Token;
  readonly nonceT: Token | null;
  readonly suite: number | null;
  readonly k: KeyTerm | null;
  readonly mac: string;
}

/** #7: MN -> TPoS, MAC under the new SA. */
export interface HoCompleteRequest extends Header<'MIS_HO_Complete.request'> {
  readonly previous: DomainId;
  readonly mac: string;
  /** V-COMPLETE-BOUND only: Nonce-N of the MIS_Prereg_Xfer exchange this handover completes. */
  readonly preparation?: Token;
}

/** #8: TPoS -> old SPoS over the MIS SA. */
export interface HoCompleteIndication extends Header<'MIS_N2N_HO_Complete.indication'> {
  /** V-COMPLETE-BOUND only: the preparation it completes, as the MN named it. */
  readonly preparation?: Token;
}

export type Pdu =
  | AuthRequest
  | AuthResponse
  | PreregRequest
  | N2nPreregRequest
  | N2nPreregResponse
  | PreregResponse
  | HoCompleteRequest
  | HoCompleteIndication;

/** Marks the network puts on a PDU in flight (docs/protocol.md §3, network faults). */
export interface NetworkMarks {
  /** A copy of this PDU was appended already (a PDU is duplicated at most once). */
  readonly duplicated?: true;
  /** The PDU was corrupted in flight: its receiver must discard it (strict decoding). */
  readonly corrupted?: true;
  /** How the lower tester spoilt it (with `corrupted`): the check its receiver must make. */
  readonly tampered?: Tamper;
}

export type InFlightPdu = Pdu & NetworkMarks;

const unmarkedOf = new WeakMap<object, Pdu>();
const markedOf = new WeakMap<object, { duplicated?: InFlightPdu; corrupted?: InFlightPdu }>();

/** The PDU as sent, without the network's marks (one object per marked PDU). */
export function unmarked(p: InFlightPdu): Pdu {
  if (p.duplicated === undefined && p.corrupted === undefined) return p;
  let u = unmarkedOf.get(p);
  if (u === undefined) {
    const { duplicated: _d, corrupted: _c, tampered: _t, ...pdu } = p;
    u = pdu as Pdu;
    unmarkedOf.set(p, u);
  }
  return u;
}

/** `p` with one more mark (one object per PDU and mark, so copies share their cached texts). */
export function marked(p: InFlightPdu, mark: 'duplicated' | 'corrupted'): InFlightPdu {
  if (p[mark] === true) return p;
  let m = markedOf.get(p);
  if (m === undefined) {
    m = {};
    markedOf.set(p, m);
  }
  let x = m[mark];
  if (x === undefined) {
    x = { ...p, [mark]: true };
    m[mark] = x;
  }
  return x;
}

/**
 * What the harness sees of a PDU (docs/protocol.md §7): type, addresses, status and reason on
 * responses, the TPoS an SPoS names, the nonces it carries (tokens, compared only as
 * equalities), and whether it was corrupted (a corrupted PDU shows only its addressing). The
 * model leaves out the optional K evidence fields.
 */
export function pduView(p: InFlightPdu): PduView {
  const v: { -readonly [K in keyof PduView]: PduView[K] } = { type: p.type, src: p.src, dst: p.dst, mn: p.mn };
  // A corrupted PDU no longer decodes, a spoilt one is to be discarded: only its addressing is observable.
  if (p.corrupted === true) return p.tampered === undefined ? { ...v, corrupted: true } : { ...v, corrupted: true, spoilt: p.tampered };
  switch (p.type) {
    case 'MIS_Auth.request':
      v.method = p.method;
      break;
    case 'MIS_Auth.response':
      v.status = p.status;
      v.idType = p.idType;
      break;
    case 'MIS_Prereg_Xfer.request':
      v.suites = p.suites;
      v.fallback = p.fallback;
      v.depth = p.depth;
      if (p.target !== null) v.target = p.target;
      break;
    case 'MIS_N2N_Prereg_Xfer.request':
      v.suites = p.suites;
      v.depth = p.depth;
      v.root = p.root;
      break;
    case 'MIS_N2N_Prereg_Xfer.response':
      v.status = p.status;
      v.reason = p.reason;
      if (p.suite !== null) v.suite = p.suite;
      break;
    case 'MIS_Prereg_Xfer.response':
      v.status = p.status;
      v.reason = p.reason;
      if (p.tpos !== null) v.tpos = p.tpos;
      if (p.suite !== null) v.suite = p.suite;
      break;
    case 'MIS_HO_Complete.request':
      v.previous = p.previous;
      break;
    default:
      break;
  }
  if ('nonceN' in p) v.nonceN = p.nonceN;
  if ('nonceT' in p && p.nonceT !== null) v.nonceT = p.nonceT;
  if (p.corrupted === true) v.corrupted = true;
  return v;
}
