//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
// the wire format tables. IEEE 802.21's own numbers for these messages are not public,
// so everything below marked "project-assigned" is this project's choice (impl/wire/README.md).
//
// MIS header (8 bytes), laid out like the 802.21 MIH protocol header:
//   byte 0  : version (4 bits) | ACK-Req | ACK-Rsp | UIR | More-fragment      (flags must be 0)
//   byte 1  : fragment number (7 bits) | reserved (1 bit)                     (must be 0)
//   byte 2-3: message ID = SID (4 bits) | opcode (2 bits) | AID (10 bits)
//   byte 4-5: reserved (4 bits) | transaction ID (12 bits)
//   byte 6-7: payload length (16 bits, big-endian)
// then the payload: TLVs of type (1 byte) | length (2 bytes, big-endian) | value.
import type { PduType } from './messages.ts';

export const HEADER_LENGTH = 8;
export const TLV_HEADER_LENGTH = 3;
/** Upper bound on a whole PDU (header + payload); larger input is rejected before parsing. */
export const MAX_PDU_LENGTH = 4096;
/** Project-assigned version nibble. */
export const WIRE_VERSION = 1;
/** 802.21 SID 1 (service management); every proauth PDU uses it. */
export const SID_SERVICE_MANAGEMENT = 1;
export const OPCODE = { request: 1, response: 2, indication: 3 } as const;

/** Message identity: (SID, opcode, AID). AIDs are project-assigned. */
export const MESSAGE_ID: Readonly<Record<PduType, { readonly sid: number; readonly opcode: number; readonly aid: number }>> = {
  'MIS_Auth.request': { sid: SID_SERVICE_MANAGEMENT, opcode: OPCODE.request, aid: 0x300 },
  'MIS_Auth.response': { sid: SID_SERVICE_MANAGEMENT, opcode: OPCODE.response, aid: 0x300 },
  'MIS_Prereg_Xfer.request': { sid: SID_SERVICE_MANAGEMENT, opcode: OPCODE.request, aid: 0x301 },
  'MIS_Prereg_Xfer.response': { sid: SID_SERVICE_MANAGEMENT, opcode: OPCODE.response, aid: 0x301 },
  'MIS_N2N_Prereg_Xfer.request': { sid: SID_SERVICE_MANAGEMENT, opcode: OPCODE.request, aid: 0x302 },
  'MIS_N2N_Prereg_Xfer.response': { sid: SID_SERVICE_MANAGEMENT, opcode: OPCODE.response, aid: 0x302 },
  'MIS_HO_Complete.request': { sid: SID_SERVICE_MANAGEMENT, opcode: OPCODE.request, aid: 0x303 },
  'MIS_N2N_HO_Complete.indication': { sid: SID_SERVICE_MANAGEMENT, opcode: OPCODE.indication, aid: 0x304 },
};

export function messageIdWord(type: PduType): number {
  const id = MESSAGE_ID[type];
  return (id.sid << 12) | (id.opcode << 10) | id.aid;
}

const TYPE_BY_WORD = new Map<number, PduType>(
  (Object.keys(MESSAGE_ID) as PduType[]).map((t) => [messageIdWord(t), t]),
);

export function pduTypeOfWord(word: number): PduType | undefined {
  return TYPE_BY_WORD.get(word);
}

/** How a TLV value is encoded. */
export type TlvKind =
  | 'identity' // UTF-8, 1..253 bytes
  | 'status' // 1 byte, STATUS codes of messages.ts
  | 'reason' // 1 byte, REASON codes of messages.ts
  | 'method' // 1 byte, METHOD_CODE
  | 'root' // 1 byte, ROOT_CODE
  //= spec/clause-5.14-proposed-text.txt#5.14-T1
  //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
  //# GKB-generated; 3: SPoS-generated
  | 'idType' // 1 byte, 0..3 (5.14-T1)
  //= SPEC_MAPPING.md#A-NONCE
  //# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every
  //# response echoes nonceN and a wrong echo is discarded.
  | 'nonce' // exactly 32 bytes (A-NONCE)
  //= SPEC_MAPPING.md#A-SUITES
  //# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
  //# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
  | 'suites' // 0..255 bytes, each a SUITE code (A-SUITES), in preference order
  | 'suite' // 1 byte, a SUITE code
  | 'boolean' // 1 byte, 0 or 1
  | 'depth' // 1 byte, 0..255
  | 'wrappedK' // exactly WRAPPED_K_LENGTH bytes (impl/crypto/wrap.ts)
  | 'mac'; // exactly 16 bytes (HMAC-SHA-256/128)

/** PDU record fields carried in TLVs (type, tid are in the header). */
export type TlvField =
  | 'src' | 'dst' | 'mn' | 'status' | 'reason' | 'method' | 'nonceN' | 'nonceP' | 'nonceT' | 'idType'
  | 'target' | 'tpos' | 'previous' | 'suites' | 'suite' | 'fallback' | 'depth' | 'root' | 'wrappedK' | 'mac';

/**
 * The TLV table. Types 1 and 2 are 802.21's Source and Destination MIHF ID TLVs (first in
 * every PDU, as in 802.21); all others are project-assigned. Canonical order = increasing type,
 * so the MAC (highest type) is always last and macInput() is a prefix-compatible cut.
 */
export const TLV: Readonly<Record<TlvField, { readonly type: number; readonly kind: TlvKind }>> = {
  src: { type: 1, kind: 'identity' },
  dst: { type: 2, kind: 'identity' },
  mn: { type: 3, kind: 'identity' },
  status: { type: 4, kind: 'status' },
  reason: { type: 5, kind: 'reason' },
  method: { type: 6, kind: 'method' },
  nonceN: { type: 7, kind: 'nonce' },
  nonceP: { type: 8, kind: 'nonce' },
  nonceT: { type: 9, kind: 'nonce' },
  idType: { type: 10, kind: 'idType' },
  target: { type: 11, kind: 'identity' },
  tpos: { type: 12, kind: 'identity' },
  previous: { type: 13, kind: 'identity' },
  suites: { type: 14, kind: 'suites' },
  suite: { type: 15, kind: 'suite' },
  fallback: { type: 16, kind: 'boolean' },
  depth: { type: 17, kind: 'depth' },
  root: { type: 18, kind: 'root' },
  wrappedK: { type: 19, kind: 'wrappedK' },
  mac: { type: 20, kind: 'mac' },
};

export const MAX_TLV_TYPE = 20;

/** TLV type → field, indexed by type number (undefined = unassigned). */
export const FIELD_BY_TYPE: readonly (TlvField | undefined)[] = (() => {
  const table: (TlvField | undefined)[] = new Array<TlvField | undefined>(256).fill(undefined);
  for (const f of Object.keys(TLV) as TlvField[]) table[TLV[f].type] = f;
  return table;
})();

/** An unassigned TLV type, for tests and the harness's `corrupt unknown-tlv` fault. */
export const UNASSIGNED_TLV_TYPE = 0xf0;

/** Which TLVs each PDU type carries: mandatory, or optional (a null field is an absent TLV). */
export const PDU_FIELDS: Readonly<Record<PduType, { readonly mandatory: readonly TlvField[]; readonly optional: readonly TlvField[] }>> = {
  'MIS_Auth.request': { mandatory: ['src', 'dst', 'mn', 'method', 'nonceN'], optional: [] },
  'MIS_Auth.response': { mandatory: ['src', 'dst', 'mn', 'status', 'nonceN', 'nonceP', 'idType'], optional: [] },
  'MIS_Prereg_Xfer.request': { mandatory: ['src', 'dst', 'mn', 'nonceN', 'suites', 'fallback', 'depth', 'mac'], optional: ['target'] },
  'MIS_N2N_Prereg_Xfer.request': { mandatory: ['src', 'dst', 'mn', 'nonceN', 'suites', 'depth', 'root', 'wrappedK', 'mac'], optional: [] },
  'MIS_N2N_Prereg_Xfer.response': { mandatory: ['src', 'dst', 'mn', 'status', 'reason', 'nonceN', 'mac'], optional: ['nonceT', 'suite'] },
  'MIS_Prereg_Xfer.response': { mandatory: ['src', 'dst', 'mn', 'status', 'reason', 'nonceN', 'mac'], optional: ['tpos', 'nonceT', 'suite', 'wrappedK'] },
  'MIS_HO_Complete.request': { mandatory: ['src', 'dst', 'mn', 'previous', 'mac'], optional: [] },
  'MIS_N2N_HO_Complete.indication': { mandatory: ['src', 'dst', 'mn', 'mac'], optional: [] },
};

/** Method and RootKind codes (project-assigned; 0 reserved so a zeroed byte is never valid). */
export const METHOD_CODE = { EAP: 1, ERP: 2, TLS: 3 } as const;
export const ROOT_CODE = { EAP: 1, ERP: 2, TLS: 3, GKB: 4 } as const;

//= SPEC_MAPPING.md#A-SUITES
//# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
//# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
/** A-SUITES: 1 AES-CCM, 2 AES-CBC + HMAC-SHA1-96, 3 NULL + HMAC-SHA1-96, 4 NULL + CMAC-AES. */
export const SUITE = { AES_CCM: 1, AES_CBC_HMAC_SHA1_96: 2, NULL_HMAC_SHA1_96: 3, NULL_CMAC_AES: 4 } as const;
export const MIN_SUITE = 1;
export const MAX_SUITE = 4;

export const NONCE_LENGTH = 32;
export const MAC_LENGTH = 16;
export const IDENTITY_MAX_BYTES = 253;
export const MAX_TID = 0x0fff;
