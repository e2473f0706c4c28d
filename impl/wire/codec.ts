//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
// the 802.21-style PDU codec (format tables in format.ts and README.md).
//
// Canonical and strict: encode() writes TLVs in increasing type order with the MAC TLV last,
// and decode() accepts exactly the byte strings encode() can produce, so that
// encode(decode(b)) === b for every accepted b. Everything else is a DecodeError naming the
// rule, the field and the byte offset; decode never throws anything else. Work is linear in
// the input: one pass over the TLVs, each value decoded once.
import { WRAPPED_K_LENGTH } from '../crypto/wrap.ts';
import { DecodeError, EncodeError } from './errors.ts';
import {
  FIELD_BY_TYPE,
  HEADER_LENGTH,
  IDENTITY_MAX_BYTES,
  MAC_LENGTH,
  MAX_PDU_LENGTH,
  MAX_SUITE,
  MAX_TID,
  METHOD_CODE,
  MIN_SUITE,
  NONCE_LENGTH,
  PDU_FIELDS,
  ROOT_CODE,
  TLV,
  TLV_HEADER_LENGTH,
  WIRE_VERSION,
  messageIdWord,
  pduTypeOfWord,
  type TlvField,
} from './format.ts';
import { REASON, STATUS, type IdType, type Method, type Pdu, type PduType, type Reason, type RootKind, type Status } from './messages.ts';

// ---------------------------------------------------------------------------------------------
// Enumerations, both directions.

function invert<K extends string>(table: Readonly<Record<K, number>>): readonly (K | undefined)[] {
  // Stryker disable next-line ArrayDeclaration: an empty array grows to the codes written, and a code past them reads undefined all the same
  const out: (K | undefined)[] = new Array<K | undefined>(256).fill(undefined);
  for (const k of Object.keys(table) as K[]) out[table[k]] = k;
  return out;
}

const STATUS_BY_CODE = invert<Status>(STATUS);
const REASON_BY_CODE = invert<Reason>(REASON);
const METHOD_BY_CODE = invert<Method>(METHOD_CODE);
const ROOT_BY_CODE = invert<RootKind>(ROOT_CODE);

/** Per PDU type: its TLV fields in canonical (increasing type) order, and which are mandatory. */
interface Layout {
  readonly fields: readonly { readonly field: TlvField; readonly type: number; readonly mandatory: boolean }[];
  /** Bit t set iff TLV type t is allowed in this PDU type. */
  readonly allowed: number;
  readonly mandatoryMask: number;
}

const LAYOUT: Readonly<Record<PduType, Layout>> = (() => {
  const out = {} as Record<PduType, Layout>;
  for (const t of Object.keys(PDU_FIELDS) as PduType[]) {
    const { mandatory, optional } = PDU_FIELDS[t];
    const fields = [...mandatory.map((f) => ({ field: f, mandatory: true })), ...optional.map((f) => ({ field: f, mandatory: false }))]
      .map((x) => ({ ...x, type: TLV[x.field].type }))
      .sort((a, b) => a.type - b.type);
    let allowed = 0;
    let mandatoryMask = 0;
    for (const f of fields) {
      allowed |= 1 << f.type;
      if (f.mandatory) mandatoryMask |= 1 << f.type;
    }
    out[t] = { fields, allowed, mandatoryMask };
  }
  return out;
})();

// ---------------------------------------------------------------------------------------------
// Encoding.

const textEncoder = new TextEncoder();
// Stryker disable next-line Regex: only a quick filter before LONE_SURROGATE decides, and impl builds no identity with a lone surrogate
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Fast path for the common all-ASCII identity (TextEncoder has a high fixed cost per call). */
// Stryker disable next-line BlockStatement: without the fast path every identity takes TextEncoder, whose bytes are the same
function asciiBytes(s: string): Uint8Array | null {
  const out = new Uint8Array(s.length);
  // Stryker disable next-line EqualityOperator: one step more reads charCodeAt(s.length), NaN, which is not >= 0x80, and writes it past the array's end, which a typed array ignores
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return null;
    out[i] = c;
  }
  return out;
}

// Stryker disable next-line BlockStatement: an encoder precondition; impl encodes only records it built (its own tables, draws and the checked world), so it is never called
function bad(field: string, detail: string): never {
  // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
  throw new EncodeError('BAD_FIELD', field, detail);
}

function byteValue(field: string, n: unknown, min: number, max: number): Uint8Array {
  // Stryker disable next-line LogicalOperator: encoder precondition; a record impl builds fails no part of it, let alone every part
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
    bad(field, `${String(n)} is not an integer in ${min}..${max}`);
  return Uint8Array.of(n);
}

function exactBytes(field: string, v: unknown, length: number): Uint8Array {
  // Stryker disable next-line LogicalOperator: encoder precondition; a record impl builds fails no part of it, let alone every part
  if (!(v instanceof Uint8Array) || v.length !== length)
    // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
    bad(field, `expected exactly ${length} bytes`);
  return v;
}

function enumValue(field: string, v: unknown, table: Readonly<Record<string, number>>): Uint8Array {
  // Stryker disable next-line LogicalOperator: encoder precondition; a record impl builds fails no part of it, let alone every part
  if (typeof v !== 'string' || !Object.hasOwn(table, v))
    // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
    bad(field, `${String(v)} is not one of ${Object.keys(table).join(', ')}`);
  return Uint8Array.of(table[v]!);
}

function encodeValue(field: TlvField, v: unknown): Uint8Array {
  const kind = TLV[field].kind;
  switch (kind) {
    case 'identity': {
      if (typeof v !== 'string')
        // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
        bad(field, 'identity must be a string');
      const b = asciiBytes(v) ?? textEncoder.encode(v);
      if (b.length > v.length && ANY_SURROGATE.test(v) && LONE_SURROGATE.test(v))
        // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
        bad(field, 'identity contains a lone surrogate (not encodable as UTF-8)');
      if (b.length < 1 || b.length > IDENTITY_MAX_BYTES)
        // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
        bad(field, `identity is ${b.length} UTF-8 bytes, expected 1..${IDENTITY_MAX_BYTES}`);
      return b;
    }
    case 'status':
      return enumValue(field, v, STATUS);
    case 'reason':
      return enumValue(field, v, REASON);
    case 'method':
      return enumValue(field, v, METHOD_CODE);
    case 'root':
      return enumValue(field, v, ROOT_CODE);
    case 'idType':
      return byteValue(field, v, 0, 3);
    case 'nonce':
      return exactBytes(field, v, NONCE_LENGTH);
    // Stryker disable next-line ConditionalExpression: impl's senders seal with appendMac, so encode() never meets a MAC; the case stays so that encode() is decode()'s inverse on every record (README.md, codec.test.ts)
    case 'mac':
      return exactBytes(field, v, MAC_LENGTH);
    case 'wrappedK':
      return exactBytes(field, v, WRAPPED_K_LENGTH);
    case 'suite':
      return byteValue(field, v, MIN_SUITE, MAX_SUITE);
    case 'depth':
      return byteValue(field, v, 0, 255);
    case 'boolean':
      if (typeof v !== 'boolean')
        // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
        bad(field, 'expected a boolean');
      return Uint8Array.of(v ? 1 : 0);
    case 'suites': {
      // Stryker disable next-line LogicalOperator: encoder precondition; a record impl builds fails no part of it, let alone every part
      if (!Array.isArray(v) || v.length > 255)
        // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
        bad(field, 'expected a list of at most 255 suite codes');
      const out = new Uint8Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const s: unknown = v[i];
        // Stryker disable next-line LogicalOperator: encoder precondition; a record impl builds fails no part of it, let alone every part
        if (typeof s !== 'number' || !Number.isInteger(s) || s < MIN_SUITE || s > MAX_SUITE)
          // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
          bad(field, `suite ${String(s)} at index ${i} is not in ${MIN_SUITE}..${MAX_SUITE} (A-SUITES)`);
        out[i] = s;
      }
      return out;
    }
  }
}

function build(pdu: Pdu, withMac: boolean): Uint8Array {
  // Stryker disable next-line LogicalOperator: encoder precondition; a record impl builds fails no part of it, let alone every part
  if (typeof pdu !== 'object' || pdu === null)
    // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
    bad('pdu', 'not a PDU record');
  const layout = LAYOUT[pdu.type] as Layout | undefined;
  if (layout === undefined)
    // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
    bad('type', `unknown PDU type ${String(pdu.type)}`);
  // Stryker disable next-line LogicalOperator: encoder precondition; a record impl builds fails no part of it, let alone every part
  if (!Number.isInteger(pdu.tid) || pdu.tid < 0 || pdu.tid > MAX_TID)
    // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
    bad('tid', `${pdu.tid} is not an integer in 0..${MAX_TID}`);
  const record = pdu as unknown as Readonly<Record<string, unknown>>;
  const values: { type: number; value: Uint8Array }[] = [];
  let payloadLength = 0;
  for (const { field, type, mandatory } of layout.fields) {
    if (field === 'mac' && !withMac) continue;
    const v = record[field];
    if (v === null || v === undefined) {
      if (mandatory)
        // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
        bad(field, 'mandatory field is missing');
      continue;
    }
    const value = encodeValue(field, v);
    values.push({ type, value });
    payloadLength += TLV_HEADER_LENGTH + value.length;
  }
  // No size check: every field is within its bounds here, and the longest record of any type
  // takes about a third of MAX_PDU_LENGTH (codec.test.ts), so no record can be oversize.
  const out = new Uint8Array(HEADER_LENGTH + payloadLength);
  const word = messageIdWord(pdu.type);
  out[0] = WIRE_VERSION << 4;
  out[1] = 0;
  out[2] = word >>> 8;
  out[3] = word & 0xff;
  out[4] = pdu.tid >>> 8;
  out[5] = pdu.tid & 0xff;
  out[6] = payloadLength >>> 8;
  out[7] = payloadLength & 0xff;
  let at = HEADER_LENGTH;
  for (const { type, value } of values) {
    out[at] = type;
    out[at + 1] = value.length >>> 8;
    out[at + 2] = value.length & 0xff;
    out.set(value, at + TLV_HEADER_LENGTH);
    at += TLV_HEADER_LENGTH + value.length;
  }
  return out;
}

/** The canonical bytes of a PDU. Throws EncodeError if a field is outside its wire range. */
export function encode(pdu: Pdu): Uint8Array {
  return build(pdu, true);
}

/**
 * encode() of a MAC-carrying PDU, given its macInput() bytes and its MAC: the MAC TLV has the
 * highest type, so it is appended and the payload length adjusted (a sender need not encode
 * the PDU twice). Throws EncodeError for a MAC of the wrong length; `unsealed` is macInput()'s,
 * whose MAC TLV keeps it far below MAX_PDU_LENGTH as encode() does.
 */
export function appendMac(unsealed: Uint8Array, mac: Uint8Array): Uint8Array {
  // Stryker disable next-line LogicalOperator: encoder precondition; a record impl builds fails no part of it, let alone every part
  if (!(mac instanceof Uint8Array) || mac.length !== MAC_LENGTH)
    // Stryker disable next-line StringLiteral: EncodeError text; impl encodes only records it built (its own tables, draws and the checked world), so it is never thrown
    bad('mac', `expected exactly ${MAC_LENGTH} bytes`);
  const payloadLength = ((unsealed[6]! << 8) | unsealed[7]!) + TLV_HEADER_LENGTH + MAC_LENGTH;
  const at = unsealed.length;
  const out = new Uint8Array(at + TLV_HEADER_LENGTH + MAC_LENGTH);
  out.set(unsealed);
  out[6] = payloadLength >>> 8;
  out[7] = payloadLength & 0xff;
  out[at] = TLV.mac.type;
  out[at + 1] = MAC_LENGTH >>> 8;
  out[at + 2] = MAC_LENGTH & 0xff;
  out.set(mac, at + TLV_HEADER_LENGTH);
  return out;
}

/**
 * The exact bytes the PDU's MAC covers: the canonical encoding with the MAC TLV left out (the
 * header's payload length counts only the TLVs present). For a PDU without a MAC it is encode(pdu).
 * The `mac` field's value is ignored, so a sender may call this before it has the tag.
 */
export function macInput(pdu: Pdu): Uint8Array {
  return build(pdu, false);
}

// ---------------------------------------------------------------------------------------------
// Decoding.

export interface Header {
  readonly version: number;
  readonly sid: number;
  readonly opcode: number;
  readonly aid: number;
  /** The PDU type the (SID, opcode, AID) names, or null if none. */
  readonly type: PduType | null;
  readonly tid: number;
  readonly payloadLength: number;
}

/**
 * Reads the 8-byte MIS header without validating anything beyond its presence (for logging
 * and the harness: which message does this possibly corrupt PDU claim to be?).
 */
export function peekHeader(bytes: Uint8Array): Header {
  // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (bytes.length < HEADER_LENGTH) throw new DecodeError('TRUNCATED_HEADER', 'header', 0, `${bytes.length} bytes, the MIS header needs ${HEADER_LENGTH}`);
  const word = (bytes[2]! << 8) | bytes[3]!;
  return {
    version: bytes[0]! >>> 4,
    sid: word >>> 12,
    opcode: (word >>> 10) & 0x3,
    aid: word & 0x3ff,
    type: pduTypeOfWord(word) ?? null,
    tid: ((bytes[4]! & 0x0f) << 8) | bytes[5]!,
    payloadLength: (bytes[6]! << 8) | bytes[7]!,
  };
}

const textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Fast path for all-ASCII identities; null sends the bytes to the fatal UTF-8 decoder. */
function asciiString(bytes: Uint8Array, from: number, length: number): string | null {
  let s = '';
  for (let i = from; i < from + length; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) return null;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Decoded TLV values by field. */
interface Fields {
  src?: string;
  dst?: string;
  mn?: string;
  target?: string;
  tpos?: string;
  previous?: string;
  status?: Status;
  reason?: Reason;
  method?: Method;
  root?: RootKind;
  idType?: IdType;
  nonceN?: Uint8Array;
  nonceP?: Uint8Array;
  nonceT?: Uint8Array;
  suites?: number[];
  suite?: number;
  fallback?: boolean;
  depth?: number;
  wrappedK?: Uint8Array;
  mac?: Uint8Array;
}

function lengthIs(field: TlvField, lengthOffset: number, actual: number, expected: number): void {
  // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (actual !== expected) throw new DecodeError('BAD_LENGTH', field, lengthOffset, `value is ${actual} bytes, ${field} must be exactly ${expected}`);
}

function enumByte<K>(field: TlvField, bytes: Uint8Array, pos: number, length: number, table: readonly (K | undefined)[]): K {
  lengthIs(field, pos + 1, length, 1);
  const code = bytes[pos + TLV_HEADER_LENGTH]!;
  const v = table[code];
  // Stryker disable next-line StringLiteral,ArithmeticOperator: a DecodeError's code, field, offset and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (v === undefined) throw new DecodeError('BAD_ENUM', field, pos + TLV_HEADER_LENGTH, `${code} is not a valid ${field} code`);
  return v;
}

/** Decodes one TLV value at `pos` (its type byte) into `out`. */
function decodeValue(out: Fields, field: TlvField, bytes: Uint8Array, pos: number, length: number): void {
  const v = pos + TLV_HEADER_LENGTH;
  switch (field) {
    case 'src':
    case 'dst':
    case 'mn':
    case 'target':
    case 'tpos':
    case 'previous': {
      // Stryker disable next-line StringLiteral,ArithmeticOperator: a DecodeError's code, field, offset and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
      if (length < 1 || length > IDENTITY_MAX_BYTES) throw new DecodeError('BAD_LENGTH', field, pos + 1, `identity is ${length} bytes, expected 1..${IDENTITY_MAX_BYTES}`);
      try {
        out[field] = asciiString(bytes, v, length) ?? textDecoder.decode(bytes.subarray(v, v + length));
      } catch {
        // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
        throw new DecodeError('BAD_UTF8', field, v, 'identity is not well-formed UTF-8');
      }
      return;
    }
    case 'status':
      out.status = enumByte(field, bytes, pos, length, STATUS_BY_CODE);
      return;
    case 'reason':
      out.reason = enumByte(field, bytes, pos, length, REASON_BY_CODE);
      return;
    case 'method':
      out.method = enumByte(field, bytes, pos, length, METHOD_BY_CODE);
      return;
    case 'root':
      out.root = enumByte(field, bytes, pos, length, ROOT_BY_CODE);
      return;
    case 'idType': {
      lengthIs(field, pos + 1, length, 1);
      const code = bytes[v]!;
      //= spec/clause-5.14-proposed-text.txt#5.14-T1
      //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;
      //# 2: GKB-generated; 3: SPoS-generated
      // 5.14-T1 defines 0..3; 4..255 are not ID_TYPE values.
      // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
      if (code > 3) throw new DecodeError('BAD_ENUM', field, v, `ID_TYPE ${code} is not in 0..3 (5.14-T1)`);
      out.idType = code as IdType;
      return;
    }
    case 'nonceN':
    case 'nonceP':
    case 'nonceT':
      //= SPEC_MAPPING.md#A-NONCE
      //# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every
      //# response echoes nonceN and a wrong echo is discarded.
      lengthIs(field, pos + 1, length, NONCE_LENGTH);
      out[field] = bytes.slice(v, v + length);
      return;
    case 'mac':
      lengthIs(field, pos + 1, length, MAC_LENGTH);
      out.mac = bytes.slice(v, v + length);
      return;
    case 'wrappedK':
      lengthIs(field, pos + 1, length, WRAPPED_K_LENGTH);
      out.wrappedK = bytes.slice(v, v + length);
      return;
    case 'suite': {
      lengthIs(field, pos + 1, length, 1);
      const s = bytes[v]!;
      // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
      if (s < MIN_SUITE || s > MAX_SUITE) throw new DecodeError('BAD_ENUM', field, v, `suite ${s} is not in ${MIN_SUITE}..${MAX_SUITE} (A-SUITES)`);
      out.suite = s;
      return;
    }
    case 'suites': {
      // Stryker disable next-line StringLiteral,ArithmeticOperator: a DecodeError's code, field, offset and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
      if (length > 255) throw new DecodeError('BAD_LENGTH', field, pos + 1, `suite list is ${length} bytes, at most 255`);
      const list = new Array<number>(length);
      for (let i = 0; i < length; i++) {
        const s = bytes[v + i]!;
        // Stryker disable next-line StringLiteral,ArithmeticOperator: a DecodeError's code, field, offset and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
        if (s < MIN_SUITE || s > MAX_SUITE) throw new DecodeError('BAD_ENUM', field, v + i, `suite ${s} is not in ${MIN_SUITE}..${MAX_SUITE} (A-SUITES)`);
        list[i] = s;
      }
      out.suites = list;
      return;
    }
    case 'fallback': {
      lengthIs(field, pos + 1, length, 1);
      const b = bytes[v]!;
      // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
      if (b > 1) throw new DecodeError('BAD_BOOLEAN', field, v, `flag byte ${b} is neither 0 nor 1`);
      out.fallback = b === 1;
      return;
    }
    case 'depth':
      lengthIs(field, pos + 1, length, 1);
      out.depth = bytes[v]!;
      return;
  }
}

function assemble(type: PduType, tid: number, f: Fields): Pdu {
  // Written out per type (no spread of a shared envelope): every PDU decoded takes this path.
  // The mandatory fields are there: the MISSING_TLV check before this read PDU_FIELDS, the table
  // the cases follow (a slip between them fails the codec's round trip, impl/wire/codec.test.ts).
  const src = f.src!;
  const dst = f.dst!;
  const mn = f.mn!;
  switch (type) {
    case 'MIS_Auth.request':
      return { type, src, dst, mn, tid, method: f.method!, nonceN: f.nonceN! };
    case 'MIS_Auth.response':
      return { type, src, dst, mn, tid, status: f.status!, nonceN: f.nonceN!, nonceP: f.nonceP!, idType: f.idType! };
    case 'MIS_Prereg_Xfer.request':
      return {
        type,
        src,
        dst,
        mn,
        tid,
        target: f.target ?? null,
        nonceN: f.nonceN!,
        suites: f.suites!,
        fallback: f.fallback!,
        depth: f.depth!,
        mac: f.mac!,
      };
    case 'MIS_N2N_Prereg_Xfer.request':
      return {
        type,
        src,
        dst,
        mn,
        tid,
        nonceN: f.nonceN!,
        suites: f.suites!,
        depth: f.depth!,
        root: f.root!,
        wrappedK: f.wrappedK!,
        mac: f.mac!,
      };
    case 'MIS_N2N_Prereg_Xfer.response':
      return {
        type,
        src,
        dst,
        mn,
        tid,
        status: f.status!,
        reason: f.reason!,
        nonceN: f.nonceN!,
        nonceT: f.nonceT ?? null,
        suite: f.suite ?? null,
        mac: f.mac!,
      };
    case 'MIS_Prereg_Xfer.response':
      return {
        type,
        src,
        dst,
        mn,
        tid,
        status: f.status!,
        reason: f.reason!,
        tpos: f.tpos ?? null,
        nonceN: f.nonceN!,
        nonceT: f.nonceT ?? null,
        suite: f.suite ?? null,
        wrappedK: f.wrappedK ?? null,
        mac: f.mac!,
      };
    case 'MIS_HO_Complete.request':
      return { type, src, dst, mn, tid, previous: f.previous!, mac: f.mac! };
    case 'MIS_N2N_HO_Complete.indication':
      return { type, src, dst, mn, tid, mac: f.mac! };
  }
}

/** The field a TRUNCATED_TLV error names (only there). */
// Stryker disable next-line BlockStatement: which field a DecodeError names is a diagnostic; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
function tlvName(type: number | undefined): string {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: which field a DecodeError names is a diagnostic; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (type === undefined) return 'tlv';
  // Stryker disable next-line LogicalOperator,StringLiteral: which field a DecodeError names is a diagnostic; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  return FIELD_BY_TYPE[type] ?? `tlv#${type}`;
}

function decodeStrict(bytes: Uint8Array): Pdu {
  const total = bytes.length;
  // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (total < HEADER_LENGTH) throw new DecodeError('TRUNCATED_HEADER', 'header', 0, `${total} bytes, the MIS header needs ${HEADER_LENGTH}`);
  // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (total > MAX_PDU_LENGTH) throw new DecodeError('OVERSIZE', 'pdu', MAX_PDU_LENGTH, `${total} bytes exceeds the ${MAX_PDU_LENGTH}-byte limit`);
  const b0 = bytes[0]!;
  const b1 = bytes[1]!;
  // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (b0 >>> 4 !== WIRE_VERSION) throw new DecodeError('BAD_VERSION', 'version', 0, `version ${b0 >>> 4}, expected ${WIRE_VERSION}`);
  // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if ((b0 & 0x0f) !== 0) throw new DecodeError('BAD_FLAGS', 'flags', 0, 'ACK-Req, ACK-Rsp, UIR and More-fragment must be 0');
  // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (b1 >>> 1 !== 0) throw new DecodeError('BAD_FLAGS', 'fragmentNumber', 1, `fragment number ${b1 >>> 1}; fragmentation is not supported`);
  // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if ((b1 & 1) !== 0) throw new DecodeError('RESERVED_BITS', 'reserved1', 1, 'reserved bit is set');
  const word = (bytes[2]! << 8) | bytes[3]!;
  const type = pduTypeOfWord(word);
  if (type === undefined) {
    // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    throw new DecodeError('UNKNOWN_MESSAGE', 'messageId', 2, `SID ${word >>> 12}, opcode ${(word >>> 10) & 3}, AID ${word & 0x3ff} names no proauth PDU`);
  }
  const b4 = bytes[4]!;
  // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (b4 >>> 4 !== 0) throw new DecodeError('RESERVED_BITS', 'reserved2', 4, 'reserved bits before the transaction ID are set');
  const tid = ((b4 & 0x0f) << 8) | bytes[5]!;
  const end = HEADER_LENGTH + ((bytes[6]! << 8) | bytes[7]!);
  // Stryker disable next-line StringLiteral,ArithmeticOperator: a DecodeError's code, field, offset and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (end > total) throw new DecodeError('PAYLOAD_LENGTH', 'payloadLength', 6, `header announces ${end - HEADER_LENGTH} payload bytes, only ${total - HEADER_LENGTH} present`);
  // Stryker disable next-line StringLiteral,ArithmeticOperator: a DecodeError's code, field, offset and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
  if (end < total) throw new DecodeError('TRAILING_BYTES', 'payload', end, `${total - end} bytes after the ${end - HEADER_LENGTH}-byte payload the header announces`);

  const layout = LAYOUT[type];
  const fields: Fields = {};
  let seen = 0;
  let lastType = 0;
  let pos = HEADER_LENGTH;
  while (pos < end) {
    if (end - pos < TLV_HEADER_LENGTH)
      // Stryker disable next-line StringLiteral,ArithmeticOperator: a DecodeError's code, field, offset and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
      throw new DecodeError('TRUNCATED_TLV', tlvName(bytes[pos]), pos, `${end - pos} bytes left, a TLV header needs ${TLV_HEADER_LENGTH}`);
    const t = bytes[pos]!;
    const length = (bytes[pos + 1]! << 8) | bytes[pos + 2]!;
    if (pos + TLV_HEADER_LENGTH + length > end) {
      // Stryker disable next-line StringLiteral,ArithmeticOperator: a DecodeError's code, field, offset and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
      throw new DecodeError('TRUNCATED_TLV', tlvName(t), pos, `TLV announces ${length} value bytes, only ${end - pos - TLV_HEADER_LENGTH} left in the payload`);
    }
    const field = FIELD_BY_TYPE[t];
    // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    if (field === undefined) throw new DecodeError('UNKNOWN_TLV', `tlv#${t}`, pos, `TLV type ${t} is not assigned`);
    const bit = 1 << t;
    // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    if ((layout.allowed & bit) === 0) throw new DecodeError('TLV_NOT_ALLOWED', field, pos, `${type} does not carry ${field}`);
    // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    if ((seen & bit) !== 0) throw new DecodeError('DUPLICATE_TLV', field, pos, `${field} appears twice`);
    // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    if (t < lastType) throw new DecodeError('TLV_ORDER', field, pos, `TLV type ${t} after type ${lastType}; TLVs must be in increasing type order`);
    decodeValue(fields, field, bytes, pos, length);
    seen |= bit;
    lastType = t;
    pos += TLV_HEADER_LENGTH + length;
  }
  const missing = layout.mandatoryMask & ~seen;
  if (missing !== 0) {
    // Stryker disable next-line ArrowFunction,ConditionalExpression,EqualityOperator: which field a DecodeError names is a diagnostic; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    const first = layout.fields.find((f) => (missing & (1 << f.type)) !== 0);
    // Stryker disable next-line OptionalChaining,LogicalOperator,StringLiteral: which field a DecodeError names is a diagnostic; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    const name = first?.field ?? 'tlv';
    // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    throw new DecodeError('MISSING_TLV', name, end, `${type} requires ${name}`);
  }
  return assemble(type, tid, fields);
}

/** Decodes one PDU. Throws DecodeError, and only DecodeError, on any input it does not accept. */
export function decode(bytes: Uint8Array): Pdu {
  try {
    // Stryker disable next-line StringLiteral: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    if (!(bytes instanceof Uint8Array)) throw new DecodeError('INTERNAL', 'input', 0, 'input is not a Uint8Array');
    return decodeStrict(bytes);
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    // Stryker disable next-line StringLiteral,ConditionalExpression: a DecodeError's code, field and text are diagnostics; every receiver discards a malformed PDU alike (docs/protocol.md §5.2 [malformed])
    throw new DecodeError('INTERNAL', 'pdu', 0, `unexpected ${e instanceof Error ? e.name : typeof e} while decoding`);
  }
}
