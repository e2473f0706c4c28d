//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
// the tester's own reading of the wire format (docs/protocol.md §4). Accepts exactly the
// canonical encodings the profile allows and rejects the rest with the same rule names as a
// conforming decoder would; it shares no code with impl/wire, so a slip in one shows up
// against the other.
import type { IdType, Method, PduType, Reason, RootKind, Status } from '../../vocabulary/observation.ts';

export interface TesterPdu {
  readonly type: PduType;
  readonly tid: number;
  readonly src: string;
  readonly dst: string;
  readonly mn: string;
  readonly status?: Status;
  readonly reason?: Reason;
  readonly method?: Method;
  readonly nonceN?: Uint8Array;
  readonly nonceP?: Uint8Array;
  readonly nonceT?: Uint8Array;
  readonly idType?: IdType;
  readonly target?: string;
  readonly tpos?: string;
  readonly previous?: string;
  readonly suites?: readonly number[];
  readonly suite?: number;
  readonly fallback?: boolean;
  readonly depth?: number;
  readonly root?: RootKind;
  readonly wrappedK?: Uint8Array;
  readonly mac?: Uint8Array;
}

export type TesterDecodeErrorCode =
  | 'TRUNCATED_HEADER'
  | 'OVERSIZE'
  | 'BAD_VERSION'
  | 'BAD_FLAGS'
  | 'RESERVED_BITS'
  | 'UNKNOWN_MESSAGE'
  | 'PAYLOAD_LENGTH'
  | 'TRAILING_BYTES'
  | 'TRUNCATED_TLV'
  | 'UNKNOWN_TLV'
  | 'DUPLICATE_TLV'
  | 'TLV_ORDER'
  | 'TLV_NOT_ALLOWED'
  | 'MISSING_TLV'
  | 'BAD_LENGTH'
  | 'BAD_ENUM'
  | 'BAD_BOOLEAN'
  | 'BAD_UTF8'
  | 'NOT_BYTES';

export class TesterDecodeError extends Error {
  override readonly name = 'TesterDecodeError';
  constructor(
    readonly code: TesterDecodeErrorCode,
    readonly offset: number,
    detail: string,
  ) {
    super(`${code} at offset ${offset}: ${detail}`);
  }
}

export class TesterEncodeError extends Error {
  override readonly name = 'TesterEncodeError';
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`cannot encode ${field}: ${detail}`);
  }
}

type Field = Exclude<keyof TesterPdu, 'type' | 'tid'>;
type Kind = 'id' | 'enum' | 'idType' | 'nonce' | 'suites' | 'suite' | 'bool' | 'byte' | 'wrappedK' | 'mac';

//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
// the project-assigned numbers; canonical order is increasing type, so the MAC is last.
const TLVS: readonly { readonly field: Field; readonly type: number; readonly kind: Kind }[] = [
  { field: 'src', type: 1, kind: 'id' },
  { field: 'dst', type: 2, kind: 'id' },
  { field: 'mn', type: 3, kind: 'id' },
  { field: 'status', type: 4, kind: 'enum' },
  { field: 'reason', type: 5, kind: 'enum' },
  { field: 'method', type: 6, kind: 'enum' },
  { field: 'nonceN', type: 7, kind: 'nonce' },
  { field: 'nonceP', type: 8, kind: 'nonce' },
  { field: 'nonceT', type: 9, kind: 'nonce' },
  { field: 'idType', type: 10, kind: 'idType' },
  { field: 'target', type: 11, kind: 'id' },
  { field: 'tpos', type: 12, kind: 'id' },
  { field: 'previous', type: 13, kind: 'id' },
  { field: 'suites', type: 14, kind: 'suites' },
  { field: 'suite', type: 15, kind: 'suite' },
  { field: 'fallback', type: 16, kind: 'bool' },
  { field: 'depth', type: 17, kind: 'byte' },
  { field: 'root', type: 18, kind: 'enum' },
  { field: 'wrappedK', type: 19, kind: 'wrappedK' },
  { field: 'mac', type: 20, kind: 'mac' },
];
const BY_TYPE = new Map(TLVS.map((t) => [t.type, t]));
const BY_FIELD = new Map(TLVS.map((t) => [t.field, t]));
export const MAC_TLV_TYPE = 20;
export const UNASSIGNED_TLV_TYPE = 0xf0;

/** Enumerations by code (index = wire byte; 0 is reserved where the profile says so). */
const ENUMS: Readonly<Partial<Record<Field, readonly (string | undefined)[]>>> = {
  status: ['SUCCESS', 'FULL_AUTH_REQUIRED', 'REJECTED', 'NO_TARGET'],
  reason: ['NONE', 'MN_REQUESTED', 'NO_TRUST', 'TLS_ROOT', 'NOT_EAP_ROOT', 'CHAIN_LIMIT', 'UNAUTHORIZED_SOURCE', 'REPLAY', 'TPOS_REQUESTED', 'NO_COMMON_SUITE', 'TARGET_REFUSED'],
  method: [undefined, 'EAP', 'ERP', 'TLS'],
  root: [undefined, 'EAP', 'ERP', 'TLS', 'GKB'],
};

/** Per PDU type: the AID and opcode of its message ID (SID 1), its mandatory and optional TLVs. */
const MESSAGES: Readonly<Record<PduType, { readonly opcode: number; readonly aid: number; readonly mandatory: readonly Field[]; readonly optional: readonly Field[] }>> = {
  'MIS_Auth.request': { opcode: 1, aid: 0x300, mandatory: ['src', 'dst', 'mn', 'method', 'nonceN'], optional: [] },
  'MIS_Auth.response': { opcode: 2, aid: 0x300, mandatory: ['src', 'dst', 'mn', 'status', 'nonceN', 'nonceP', 'idType'], optional: [] },
  'MIS_Prereg_Xfer.request': { opcode: 1, aid: 0x301, mandatory: ['src', 'dst', 'mn', 'nonceN', 'suites', 'fallback', 'depth', 'mac'], optional: ['target'] },
  'MIS_Prereg_Xfer.response': { opcode: 2, aid: 0x301, mandatory: ['src', 'dst', 'mn', 'status', 'reason', 'nonceN', 'mac'], optional: ['tpos', 'nonceT', 'suite', 'wrappedK'] },
  'MIS_N2N_Prereg_Xfer.request': { opcode: 1, aid: 0x302, mandatory: ['src', 'dst', 'mn', 'nonceN', 'suites', 'depth', 'root', 'wrappedK', 'mac'], optional: [] },
  'MIS_N2N_Prereg_Xfer.response': { opcode: 2, aid: 0x302, mandatory: ['src', 'dst', 'mn', 'status', 'reason', 'nonceN', 'mac'], optional: ['nonceT', 'suite'] },
  'MIS_HO_Complete.request': { opcode: 1, aid: 0x303, mandatory: ['src', 'dst', 'mn', 'previous', 'mac'], optional: [] },
  'MIS_N2N_HO_Complete.indication': { opcode: 3, aid: 0x304, mandatory: ['src', 'dst', 'mn', 'mac'], optional: [] },
};
const PDU_TYPES = Object.keys(MESSAGES) as PduType[];
const wordOf = (t: PduType): number => (1 << 12) | (MESSAGES[t].opcode << 10) | MESSAGES[t].aid;
const TYPE_BY_WORD = new Map(PDU_TYPES.map((t) => [wordOf(t), t]));

/** The TLV type numbers a PDU type must and may carry (docs/protocol.md §4.5). */
export function tlvsOf(type: PduType): { readonly mandatory: readonly number[]; readonly optional: readonly number[] } {
  const numbers = (fields: readonly Field[]): number[] => fields.map((f) => BY_FIELD.get(f)!.type);
  return { mandatory: numbers(MESSAGES[type].mandatory), optional: numbers(MESSAGES[type].optional) };
}

export function carriesMac(type: PduType): boolean {
  return MESSAGES[type].mandatory.includes('mac');
}

const HEADER = 8;
const MAX_PDU = 4096;
const WRAPPED_K_LENGTH = 64;
const VALUE_LENGTH: Partial<Record<Kind, number>> = { enum: 1, idType: 1, nonce: 32, suite: 1, bool: 1, byte: 1, wrappedK: WRAPPED_K_LENGTH, mac: 16 };

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

// The failure helpers live at module level: the decoder and encoder run on every PDU of every
// step, and a closure made per call is an allocation (and, under tsx, a __name call) each time.
function valueFail(field: Field, code: TesterDecodeErrorCode, offset: number, detail: string): never {
  throw new TesterDecodeError(code, offset, `${field}: ${detail}`);
}

function decodeValue(field: Field, kind: Kind, v: Uint8Array, at: number): unknown {
  const fixed = VALUE_LENGTH[kind];
  if (fixed !== undefined && v.length !== fixed) valueFail(field, 'BAD_LENGTH', at + 1, `${v.length} bytes, expected ${fixed}`);
  switch (kind) {
    case 'id':
      if (v.length < 1 || v.length > 253) valueFail(field, 'BAD_LENGTH', at + 1, `identity of ${v.length} bytes, expected 1..253`);
      try {
        return utf8Decoder.decode(v);
      } catch {
        return valueFail(field, 'BAD_UTF8', at + 3, 'identity is not well-formed UTF-8');
      }
    case 'enum': {
      const name = ENUMS[field]![v[0]!];
      return name ?? valueFail(field, 'BAD_ENUM', at + 3, `code ${v[0]} is not assigned`);
    }
    case 'idType':
      return v[0]! <= 3 ? v[0]! : valueFail(field, 'BAD_ENUM', at + 3, `ID_TYPE ${v[0]} is not in 0..3 (5.14-T1)`);
    case 'suite':
      return v[0]! >= 1 && v[0]! <= 4 ? v[0]! : valueFail(field, 'BAD_ENUM', at + 3, `suite ${v[0]} is not in 1..4 (A-SUITES)`);
    case 'suites': {
      // The 16-bit TLV length can announce more than a one-byte suite count allows.
      if (v.length > 255) valueFail(field, 'BAD_LENGTH', at + 1, `${v.length} suites, at most 255`);
      let bad = -1;
      for (let i = 0; i < v.length && bad === -1; i++) if (v[i]! < 1 || v[i]! > 4) bad = i;
      return bad === -1 ? Array.from(v) : valueFail(field, 'BAD_ENUM', at + 3 + bad, `suite ${v[bad]} is not in 1..4 (A-SUITES)`);
    }
    case 'bool':
      return v[0]! <= 1 ? v[0] === 1 : valueFail(field, 'BAD_BOOLEAN', at + 3, `flag byte ${v[0]}`);
    case 'byte':
      return v[0]!;
    case 'nonce':
    case 'wrappedK':
    case 'mac':
      return v.slice();
  }
}

function fail(code: TesterDecodeErrorCode, offset: number, detail: string): never {
  throw new TesterDecodeError(code, offset, detail);
}

function header(bytes: Uint8Array): { type: PduType; tid: number; end: number } {
  if (bytes.length < HEADER) fail('TRUNCATED_HEADER', 0, `${bytes.length} bytes, the MIS header needs ${HEADER}`);
  if (bytes.length > MAX_PDU) fail('OVERSIZE', MAX_PDU, `${bytes.length} bytes, at most ${MAX_PDU}`);
  if (bytes[0]! >>> 4 !== 1) fail('BAD_VERSION', 0, `version ${bytes[0]! >>> 4}, expected 1`);
  if ((bytes[0]! & 0x0f) !== 0) fail('BAD_FLAGS', 0, 'ACK-Req, ACK-Rsp, UIR and More-fragment must be 0');
  if (bytes[1]! >>> 1 !== 0) fail('BAD_FLAGS', 1, 'fragmentation is not supported');
  if ((bytes[1]! & 1) !== 0) fail('RESERVED_BITS', 1, 'reserved bit set');
  const type = TYPE_BY_WORD.get((bytes[2]! << 8) | bytes[3]!) ?? fail('UNKNOWN_MESSAGE', 2, 'the message ID names no proauth PDU');
  if (bytes[4]! >>> 4 !== 0) fail('RESERVED_BITS', 4, 'reserved bits before the transaction ID set');
  const end = HEADER + ((bytes[6]! << 8) | bytes[7]!);
  if (end > bytes.length) fail('PAYLOAD_LENGTH', 6, `payload of ${end - HEADER} bytes announced, ${bytes.length - HEADER} present`);
  if (end < bytes.length) fail('TRAILING_BYTES', end, `${bytes.length - end} bytes after the payload`);
  return { type, tid: ((bytes[4]! & 0x0f) << 8) | bytes[5]!, end };
}

//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
/** A-TLV: the PDU `bytes` encode, or TesterDecodeError (and nothing else) for any non-canonical input. */
export function decodePdu(bytes: Uint8Array): TesterPdu {
  if (!(bytes instanceof Uint8Array)) throw new TesterDecodeError('NOT_BYTES', 0, 'input is not a Uint8Array');
  const { type, tid, end } = header(bytes);
  const { mandatory, optional } = MESSAGES[type];
  const out: Record<string, unknown> = { type, tid };
  let last = 0;
  for (let pos = HEADER; pos < end; ) {
    if (end - pos < 3) throw new TesterDecodeError('TRUNCATED_TLV', pos, `${end - pos} bytes left, a TLV header needs 3`);
    const t = bytes[pos]!;
    const length = (bytes[pos + 1]! << 8) | bytes[pos + 2]!;
    if (pos + 3 + length > end) throw new TesterDecodeError('TRUNCATED_TLV', pos, `TLV ${t} announces ${length} bytes past the payload`);
    const tlv = BY_TYPE.get(t);
    if (tlv === undefined) throw new TesterDecodeError('UNKNOWN_TLV', pos, `TLV type ${t} is not assigned`);
    if (!mandatory.includes(tlv.field) && !optional.includes(tlv.field)) throw new TesterDecodeError('TLV_NOT_ALLOWED', pos, `${type} does not carry ${tlv.field}`);
    if (tlv.field in out) throw new TesterDecodeError('DUPLICATE_TLV', pos, `${tlv.field} appears twice`);
    if (t < last) throw new TesterDecodeError('TLV_ORDER', pos, `TLV ${t} after ${last}`);
    out[tlv.field] = decodeValue(tlv.field, tlv.kind, bytes.subarray(pos + 3, pos + 3 + length), pos);
    last = t;
    pos += 3 + length;
  }
  const missing = mandatory.filter((f) => !(f in out)).sort((a, b) => BY_FIELD.get(a)!.type - BY_FIELD.get(b)!.type)[0];
  if (missing !== undefined) throw new TesterDecodeError('MISSING_TLV', end, `${type} requires ${missing}`);
  return out as unknown as TesterPdu;
}

function encodeFail(field: Field, detail: string): never {
  throw new TesterEncodeError(field, detail);
}

function byteIn(field: Field, v: unknown, min: number, max: number): Uint8Array {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? Uint8Array.of(v) : encodeFail(field, `${String(v)} is not in ${min}..${max}`);
}

/** A lone surrogate has no UTF-8 form (TextEncoder would put U+FFFD in its place); with `u`, a pair is one code point. */
const LONE_SURROGATE = /\p{Cs}/u;

function isSuiteCode(s: unknown): boolean {
  return Number.isInteger(s) && (s as number) >= 1 && (s as number) <= 4;
}

function encodeValue(field: Field, kind: Kind, v: unknown): Uint8Array {
  switch (kind) {
    case 'id': {
      if (typeof v !== 'string' || LONE_SURROGATE.test(v)) return encodeFail(field, 'not a well-formed string');
      const b = utf8Encoder.encode(v);
      return b.length >= 1 && b.length <= 253 ? b : encodeFail(field, `identity of ${b.length} UTF-8 bytes, expected 1..253`);
    }
    case 'enum': {
      const code = typeof v === 'string' ? ENUMS[field]!.indexOf(v) : -1;
      return code >= 0 ? Uint8Array.of(code) : encodeFail(field, `${String(v)} is not a ${field} name`);
    }
    case 'idType':
      return byteIn(field, v, 0, 3);
    case 'suite':
      return byteIn(field, v, 1, 4);
    case 'byte':
      return byteIn(field, v, 0, 255);
    case 'bool':
      return typeof v === 'boolean' ? Uint8Array.of(v ? 1 : 0) : encodeFail(field, 'expected a boolean');
    case 'suites':
      if (!Array.isArray(v) || v.length > 255 || !v.every(isSuiteCode)) return encodeFail(field, 'expected at most 255 suite codes in 1..4');
      return Uint8Array.from(v as number[]);
    case 'nonce':
    case 'wrappedK':
    case 'mac': {
      const n = VALUE_LENGTH[kind]!;
      return v instanceof Uint8Array && v.length === n ? v : encodeFail(field, `expected exactly ${n} bytes`);
    }
  }
}

function build(p: TesterPdu, withMac: boolean): Uint8Array {
  const message = MESSAGES[p.type] as (typeof MESSAGES)[PduType] | undefined;
  if (message === undefined) throw new TesterEncodeError('type', `unknown PDU type ${String(p.type)}`);
  if (!Number.isInteger(p.tid) || p.tid < 0 || p.tid > 0xfff) throw new TesterEncodeError('tid', `${p.tid} is not in 0..4095`);
  const record = p as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(record)) {
    if (k === 'type' || k === 'tid' || v === undefined) continue;
    if (!message.mandatory.includes(k as Field) && !message.optional.includes(k as Field)) throw new TesterEncodeError(k, `${p.type} does not carry it`);
  }
  // TLV type, value, type, value, ... in canonical order.
  const values: (number | Uint8Array)[] = [];
  let payload = 0;
  for (const { field, type, kind } of TLVS) {
    if (field === 'mac' && !withMac) continue;
    const v = record[field];
    if (v === undefined) {
      if (message.mandatory.includes(field)) throw new TesterEncodeError(field, `${p.type} requires it`);
      continue;
    }
    if (!message.mandatory.includes(field) && !message.optional.includes(field)) continue;
    values.push(type, encodeValue(field, kind, v));
    payload += 3 + (values[values.length - 1] as Uint8Array).length;
  }
  if (HEADER + payload > MAX_PDU) throw new TesterEncodeError('pdu', `${HEADER + payload} bytes, at most ${MAX_PDU}`);
  const out = new Uint8Array(HEADER + payload);
  const word = wordOf(p.type);
  out[0] = 0x10;
  out[2] = word >>> 8;
  out[3] = word & 0xff;
  out[4] = p.tid >>> 8;
  out[5] = p.tid & 0xff;
  out[6] = payload >>> 8;
  out[7] = payload & 0xff;
  let at = HEADER;
  for (let i = 0; i < values.length; i += 2) {
    const value = values[i + 1] as Uint8Array;
    out[at] = values[i] as number;
    out[at + 1] = value.length >>> 8;
    out[at + 2] = value.length & 0xff;
    out.set(value, at + 3);
    at += 3 + value.length;
  }
  return out;
}

/** The canonical bytes of `p`; TesterEncodeError for a field no PDU of its type can carry. */
export function encodePdu(p: TesterPdu): Uint8Array {
  return build(p, true);
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
/**
 * 5.14.1-S20: what a PDU's MAC covers: the header (its payload length counting only the TLVs
 * present) and every TLV but the MAC, i.e. the canonical encoding without the MAC TLV.
 */
export function macInput(pduOrBytes: TesterPdu | Uint8Array): Uint8Array {
  return build(pduOrBytes instanceof Uint8Array ? decodePdu(pduOrBytes) : pduOrBytes, false);
}

export interface Addressing {
  readonly type?: PduType;
  readonly tid?: number;
  readonly src?: string;
  readonly dst?: string;
  readonly mn?: string;
}

/** Best effort on bytes that may not decode: the message type and identities as far as readable. */
export function peekAddressing(bytes: Uint8Array): Addressing {
  const out: { -readonly [K in keyof Addressing]: Addressing[K] } = {};
  if (!(bytes instanceof Uint8Array) || bytes.length < HEADER) return out;
  const type = TYPE_BY_WORD.get((bytes[2]! << 8) | bytes[3]!);
  if (type !== undefined) out.type = type;
  out.tid = ((bytes[4]! & 0x0f) << 8) | bytes[5]!;
  for (let pos = HEADER; pos + 3 <= bytes.length; ) {
    const t = bytes[pos]!;
    const length = (bytes[pos + 1]! << 8) | bytes[pos + 2]!;
    if (pos + 3 + length > bytes.length) break;
    const field = t === 1 ? 'src' : t === 2 ? 'dst' : t === 3 ? 'mn' : null;
    if (field !== null && out[field] === undefined) {
      try {
        out[field] = utf8Decoder.decode(bytes.subarray(pos + 3, pos + 3 + length));
      } catch {
        // unreadable identity: left out
      }
    }
    pos += 3 + length;
  }
  return out;
}

/** The value range of every TLV of `bytes` (decodable or not), for byte-level faults. */
export function tlvSpans(bytes: Uint8Array): { readonly type: number; readonly valueAt: number; readonly length: number }[] {
  const spans: { type: number; valueAt: number; length: number }[] = [];
  for (let pos = HEADER; pos + 3 <= bytes.length; ) {
    const length = (bytes[pos + 1]! << 8) | bytes[pos + 2]!;
    if (pos + 3 + length > bytes.length) break;
    spans.push({ type: bytes[pos]!, valueAt: pos + 3, length });
    pos += 3 + length;
  }
  return spans;
}
