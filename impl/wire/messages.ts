// The PDUs of docs/protocol.md §4 as plain typed records. The codec (impl/wire/codec.ts)
// turns them into 802.21-style bytes and back; engines only ever see these records.

export type Method = 'EAP' | 'ERP' | 'TLS';
export type RootKind = Method | 'GKB';
//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
/** ID_TYPE, 5.14-T1: 0 TLS-generated, 1 EAP-generated, 2 GKB-generated, 3 SPoS-generated. */
export type IdType = 0 | 1 | 2 | 3;

export const STATUS = { SUCCESS: 0, FULL_AUTH_REQUIRED: 1, REJECTED: 2, NO_TARGET: 3 } as const;
export type Status = keyof typeof STATUS;

export const REASON = {
  NONE: 0,
  MN_REQUESTED: 1,
  NO_TRUST: 2,
  TLS_ROOT: 3,
  NOT_EAP_ROOT: 4,
  CHAIN_LIMIT: 5,
  UNAUTHORIZED_SOURCE: 6,
  REPLAY: 7,
  TPOS_REQUESTED: 8,
  NO_COMMON_SUITE: 9,
  TARGET_REFUSED: 10,
} as const;
export type Reason = keyof typeof REASON;

/** Fields every PDU carries: addressing, the MN it concerns, and the transaction it belongs to. */
export interface Envelope {
  readonly src: string;
  readonly dst: string;
  readonly mn: string;
  readonly tid: number; // 0..4095 (12-bit transaction ID of the MIS header)
}

export interface AuthRequest extends Envelope {
  readonly type: 'MIS_Auth.request';
  readonly method: Method;
  readonly nonceN: Uint8Array;
}

export interface AuthResponse extends Envelope {
  readonly type: 'MIS_Auth.response';
  readonly status: Status;
  readonly nonceN: Uint8Array;
  readonly nonceP: Uint8Array;
  readonly idType: IdType;
}

export interface PreregXferRequest extends Envelope {
  readonly type: 'MIS_Prereg_Xfer.request';
  readonly target: string | null;
  readonly nonceN: Uint8Array;
  readonly suites: readonly number[];
  readonly fallback: boolean;
  readonly depth: number;
  readonly mac: Uint8Array;
}

export interface N2NPreregXferRequest extends Envelope {
  readonly type: 'MIS_N2N_Prereg_Xfer.request';
  readonly nonceN: Uint8Array;
  readonly suites: readonly number[];
  readonly depth: number;
  readonly root: RootKind;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  /** K encrypted under the SPoS–TPoS MIS SA (5.14.2-S6). */
  readonly wrappedK: Uint8Array;
  readonly mac: Uint8Array;
}

export interface N2NPreregXferResponse extends Envelope {
  readonly type: 'MIS_N2N_Prereg_Xfer.response';
  readonly status: Status;
  readonly reason: Reason;
  readonly nonceN: Uint8Array;
  readonly nonceT: Uint8Array | null;
  readonly suite: number | null;
  readonly mac: Uint8Array;
}

export interface PreregXferResponse extends Envelope {
  readonly type: 'MIS_Prereg_Xfer.response';
  readonly status: Status;
  readonly reason: Reason;
  readonly tpos: string | null;
  readonly nonceN: Uint8Array;
  readonly nonceT: Uint8Array | null;
  readonly suite: number | null;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  /** K encrypted under the MN–SPoS SA (5.14.2-S6); present only on SUCCESS. */
  readonly wrappedK: Uint8Array | null;
  readonly mac: Uint8Array;
}

export interface HoCompleteRequest extends Envelope {
  readonly type: 'MIS_HO_Complete.request';
  readonly previous: string;
  readonly mac: Uint8Array;
}

export interface N2NHoCompleteIndication extends Envelope {
  readonly type: 'MIS_N2N_HO_Complete.indication';
  readonly mac: Uint8Array;
}

export type Pdu =
  | AuthRequest
  | AuthResponse
  | PreregXferRequest
  | N2NPreregXferRequest
  | N2NPreregXferResponse
  | PreregXferResponse
  | HoCompleteRequest
  | N2NHoCompleteIndication;

export type PduType = Pdu['type'];
