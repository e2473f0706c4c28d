//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
// one rule of strict decoding (docs/protocol.md §4.6) broken at a time, every other rule
// kept, so that a receiver that skips that one rule would take the PDU for a genuine one. The MAC
// covers the canonical encoding of what the PDU says (§6.6): where a rule leaves every value a
// receiver would read as it was (header bits, lengths, an extra or repeated TLV), the original MAC
// still verifies and is kept; where it changes a value, the PDU is sealed again over the bytes
// sent. Rule 2 (OVERSIZE) has no such PDU: no TLV can hold 4 KiB, so padding would break another
// rule too.
import type { PduType } from '../../vocabulary/observation.ts';
import { MAC_TLV_TYPE, macInput, tlvSpans, tlvsOf, type TesterDecodeErrorCode, type TesterPdu } from './codec.ts';

/** Seals header + TLVs (payload length counting them) under the link's key; null without one. */
export type Sealer = (unsealed: Uint8Array) => Uint8Array | null;

export interface DecodingRule {
  /** Short name, unique: what the observation's `spoiltRule` says (`decoding:<id>`). */
  readonly id: string;
  /** The §4.6 rule number and the code a strict decoder rejects the bytes with. */
  readonly rule: number;
  readonly code: TesterDecodeErrorCode;
  readonly applies: (type: PduType) => boolean;
  /** `keep`: the values stay as they were, so the original MAC is appended; `reseal`: sealed again. */
  readonly mac: 'keep' | 'reseal';
  readonly bytes: (pdu: TesterPdu, unsealed: Uint8Array, seal: Sealer) => Uint8Array | null;
}

const HEADER = 8;
const IDENTITY_TYPES = new Set([1, 2, 3, 11, 12, 13]);
/** Value lengths of the fixed-size TLVs (§4.4), by type. */
const FIXED_LENGTH = new Map([[4, 1], [5, 1], [6, 1], [7, 32], [8, 32], [9, 32], [10, 1], [15, 1], [16, 1], [17, 1], [18, 1], [19, 64], [20, 16]]);
/** The first code past each enumeration's table (§4.4 codes): an off-by-one is caught too. */
const PAST_TABLE = new Map([[4, 4], [5, 11], [6, 4], [10, 4], [15, 5], [18, 5]]);
const SUITES_TYPE = 14;
const FALLBACK_TYPE = 16;
/** The first TLV type past the table (§4.4), empty: only the unknown-type rule rejects it. */
const UNASSIGNED_TYPE = 21;

interface Tlv {
  readonly type: number;
  readonly value: Uint8Array;
}

function tlvsIn(bytes: Uint8Array): Tlv[] {
  return tlvSpans(bytes).map((s) => ({ type: s.type, value: bytes.slice(s.valueAt, s.valueAt + s.length) }));
}

/** The header of `head` and `tlvs` in the order given, the payload length counting exactly them. */
function assemble(head: Uint8Array, tlvs: readonly Tlv[]): Uint8Array {
  const payload = tlvs.reduce((n, t) => n + 3 + t.value.length, 0);
  const out = new Uint8Array(HEADER + payload);
  out.set(head.subarray(0, HEADER));
  out[6] = (payload >>> 8) & 0xff;
  out[7] = payload & 0xff;
  let at = HEADER;
  for (const t of tlvs) {
    out.set([t.type, t.value.length >>> 8, t.value.length & 0xff], at);
    out.set(t.value, at + 3);
    at += 3 + t.value.length;
  }
  return out;
}

const withByte = (bytes: Uint8Array, at: number, value: number): Uint8Array => {
  const out = bytes.slice();
  out[at] = value;
  return out;
};

const withPayloadLength = (bytes: Uint8Array, payload: number): Uint8Array => withByte(withByte(bytes, 6, (payload >>> 8) & 0xff), 7, payload & 0xff);

/** The TLV whose value starts at `valueAt` announces `length` bytes. */
const withTlvLength = (bytes: Uint8Array, valueAt: number, length: number): Uint8Array => withByte(withByte(bytes, valueAt - 2, (length >>> 8) & 0xff), valueAt - 1, length & 0xff);

const appended = (bytes: Uint8Array, tail: readonly number[]): Uint8Array => {
  const out = new Uint8Array(bytes.length + tail.length);
  out.set(bytes);
  out.set(tail, bytes.length);
  return out;
};

/** The unsealed PDU with the TLV list rewritten, then sealed. */
const edited = (unsealed: Uint8Array, seal: Sealer, edit: (tlvs: Tlv[]) => Tlv[] | null): Uint8Array | null => {
  const tlvs = edit(tlvsIn(unsealed));
  return tlvs === null ? null : seal(assemble(unsealed, tlvs));
};

/** The value of the TLV at `index` replaced. */
const replaced = (tlvs: Tlv[], index: number, value: Uint8Array): Tlv[] => tlvs.map((t, i) => (i === index ? { type: t.type, value } : t));

const lastIdentity = (tlvs: readonly Tlv[]): number => {
  let at = -1;
  tlvs.forEach((t, i) => {
    if (IDENTITY_TYPES.has(t.type)) at = i;
  });
  return at;
};
const firstEnum = (tlvs: readonly Tlv[]): number => {
  const single = tlvs.findIndex((t) => PAST_TABLE.has(t.type));
  return single !== -1 ? single : tlvs.findIndex((t) => t.type === SUITES_TYPE);
};
const hasEnum = (type: PduType): boolean => [...tlvsOf(type).mandatory, ...tlvsOf(type).optional].some((t) => PAST_TABLE.has(t) || t === SUITES_TYPE);

const always = (): boolean => true;

/** The rules of §4.6 in its order, each with the bytes that break it alone. */
export const DECODING_RULES: readonly DecodingRule[] = [
  { id: 'header', mac: 'keep', rule: 1, code: 'TRUNCATED_HEADER', applies: always, bytes: (_p, u, seal) => seal(u)?.slice(0, HEADER - 1) ?? null },
  { id: 'version', mac: 'keep', rule: 3, code: 'BAD_VERSION', applies: always, bytes: (_p, u, seal) => seal(withByte(u, 0, 0x20 | (u[0]! & 0x0f))) },
  { id: 'flags', mac: 'keep', rule: 4, code: 'BAD_FLAGS', applies: always, bytes: (_p, u, seal) => seal(withByte(u, 0, u[0]! | 0x08)) },
  { id: 'fragment', mac: 'keep', rule: 4, code: 'BAD_FLAGS', applies: always, bytes: (_p, u, seal) => seal(withByte(u, 1, u[1]! | 0x02)) },
  { id: 'reserved-1', mac: 'keep', rule: 5, code: 'RESERVED_BITS', applies: always, bytes: (_p, u, seal) => seal(withByte(u, 1, u[1]! | 0x01)) },
  // SID 2: a message word of another service, so no opcode/AID pair of §4.3 can match it.
  { id: 'message', mac: 'keep', rule: 6, code: 'UNKNOWN_MESSAGE', applies: always, bytes: (_p, u, seal) => seal(withByte(u, 2, (u[2]! & 0x0f) | 0x20)) },
  { id: 'reserved-4', mac: 'keep', rule: 7, code: 'RESERVED_BITS', applies: always, bytes: (_p, u, seal) => seal(withByte(u, 4, u[4]! | 0x10)) },
  // The length field is outside what a lax receiver would cover with the MAC check: change it after sealing.
  { id: 'payload-length', mac: 'keep', rule: 8, code: 'PAYLOAD_LENGTH', applies: always, bytes: (_p, u, seal) => afterSeal(seal(u), (s) => withPayloadLength(s, s.length - HEADER + 1)) },
  { id: 'trailing', mac: 'keep', rule: 9, code: 'TRAILING_BYTES', applies: always, bytes: (_p, u, seal) => afterSeal(seal(u), (s) => appended(s, [0])) },
  {
    id: 'tlv-length',
    mac: 'keep',
    rule: 10,
    code: 'TRUNCATED_TLV',
    applies: always,
    // The last TLV announces one byte more than the payload holds.
    bytes: (_p, u, seal) =>
      afterSeal(seal(u), (s) => {
        const last = tlvSpans(s).at(-1)!;
        return withTlvLength(s, last.valueAt, last.length + 1);
      }),
  },
  // After the MAC: the one place an unassigned type keeps the canonical order.
  { id: 'unknown-tlv', mac: 'keep', rule: 11, code: 'UNKNOWN_TLV', applies: always, bytes: (_p, u, seal) => afterSeal(seal(u), (s) => withPayloadLength(appended(s, [UNASSIGNED_TYPE, 0, 0]), s.length - HEADER + 3)) },
  {
    id: 'not-allowed',
    mac: 'keep',
    rule: 12,
    code: 'TLV_NOT_ALLOWED',
    applies: always,
    // status SUCCESS where no status is carried, else method EAP (carried by the Auth request alone).
    bytes: (p, u, seal) =>
      edited(u, seal, (tlvs) => {
        const allowed = new Set([...tlvsOf(p.type).mandatory, ...tlvsOf(p.type).optional]);
        const extra: Tlv = allowed.has(4) ? { type: 6, value: Uint8Array.of(1) } : { type: 4, value: Uint8Array.of(0) };
        const at = tlvs.findIndex((t) => t.type > extra.type);
        return at === -1 ? [...tlvs, extra] : [...tlvs.slice(0, at), extra, ...tlvs.slice(at)];
      }),
  },
  { id: 'duplicate', mac: 'keep', rule: 13, code: 'DUPLICATE_TLV', applies: always, bytes: (_p, u, seal) => edited(u, seal, (tlvs) => [tlvs[0]!, tlvs[1]!, tlvs[2]!, tlvs[2]!, ...tlvs.slice(3)]) },
  { id: 'order', mac: 'keep', rule: 14, code: 'TLV_ORDER', applies: always, bytes: (_p, u, seal) => edited(u, seal, (tlvs) => [tlvs[0]!, tlvs[2]!, tlvs[1]!, ...tlvs.slice(3)]) },
  {
    id: 'fixed-length',
    mac: 'keep',
    rule: 15,
    code: 'BAD_LENGTH',
    applies: always,
    // One byte too many in the first fixed-size field; a PDU with none but its MAC gets a 17-byte MAC.
    bytes: (_p, u, seal) => {
      const tlvs = tlvsIn(u);
      const at = tlvs.findIndex((t) => FIXED_LENGTH.has(t.type));
      if (at !== -1) return seal(assemble(u, replaced(tlvs, at, appended(tlvs[at]!.value, [0]))));
      return afterSeal(seal(u), (s) => {
        const mac = tlvSpans(s).at(-1)!;
        return withPayloadLength(withTlvLength(appended(s, [0]), mac.valueAt, mac.length + 1), s.length - HEADER + 1);
      });
    },
  },
  { id: 'id-length', mac: 'reseal', rule: 15, code: 'BAD_LENGTH', applies: always, bytes: (_p, u, seal) => edited(u, seal, (tlvs) => replaced(tlvs, lastIdentity(tlvs), new Uint8Array(0))) },
  {
    id: 'enum',
    mac: 'reseal',
    rule: 16,
    code: 'BAD_ENUM',
    applies: hasEnum,
    bytes: (_p, u, seal) =>
      edited(u, seal, (tlvs) => {
        const at = firstEnum(tlvs);
        if (at === -1) return null;
        const t = tlvs[at]!;
        return replaced(tlvs, at, t.type === SUITES_TYPE ? appended(t.value, [5]) : Uint8Array.of(PAST_TABLE.get(t.type)!));
      }),
  },
  {
    id: 'boolean',
    mac: 'reseal',
    rule: 17,
    code: 'BAD_BOOLEAN',
    applies: (type) => tlvsOf(type).mandatory.includes(FALLBACK_TYPE),
    bytes: (_p, u, seal) => edited(u, seal, (tlvs) => replaced(tlvs, tlvs.findIndex((t) => t.type === FALLBACK_TYPE), Uint8Array.of(2))),
  },
  // 0xff never occurs in UTF-8 (RFC 3629); the identity keeps its length.
  { id: 'utf8', mac: 'reseal', rule: 18, code: 'BAD_UTF8', applies: always, bytes: (_p, u, seal) => edited(u, seal, (tlvs) => replaced(tlvs, lastIdentity(tlvs), withByte(tlvs[lastIdentity(tlvs)]!.value, 0, 0xff))) },
  {
    id: 'missing',
    mac: 'reseal',
    rule: 19,
    code: 'MISSING_TLV',
    applies: always,
    // The first mandatory TLV after the addressing; the indication has none but its MAC, sent unsealed.
    bytes: (p, u, seal) => {
      const tlvs = tlvsIn(u);
      const mandatory = tlvsOf(p.type).mandatory;
      const at = tlvs.findIndex((t) => t.type > 3 && mandatory.includes(t.type));
      return at === -1 ? u.slice() : seal(assemble(u, tlvs.filter((_, i) => i !== at)));
    },
  },
];

function afterSeal(sealed: Uint8Array | null, edit: (s: Uint8Array) => Uint8Array): Uint8Array | null {
  return sealed === null ? null : edit(sealed);
}

/** The rules that apply to a PDU type (every rule but the enum and boolean ones applies to all). */
export function decodingRulesFor(type: PduType): readonly DecodingRule[] {
  return DECODING_RULES.filter((r) => r.applies(type));
}

/** The original MAC TLV of `sealed` appended to `unsealed` (a PDU type without a MAC: `unsealed`). */
export function keepingMac(sealed: Uint8Array): Sealer {
  const spans = tlvSpans(sealed);
  const mac = spans.at(-1);
  if (mac === undefined || mac.type !== MAC_TLV_TYPE) return (unsealed) => unsealed.slice();
  const tlv = sealed.slice(mac.valueAt - 3, mac.valueAt + mac.length);
  return (unsealed) => withPayloadLength(appended(unsealed, [...tlv]), unsealed.length - HEADER + tlv.length);
}

/**
 * The genuine PDU `bytes` (decoding to `pdu`) with the rule `choice` picks among those that
 * apply broken; `reseal` seals over bytes sent (null: no key for the link).
 */
export function breakDecoding(pdu: TesterPdu, bytes: Uint8Array, reseal: Sealer, choice: number): { readonly rule: DecodingRule; readonly bytes: Uint8Array | null } {
  const rules = decodingRulesFor(pdu.type);
  const rule = rules[choice % rules.length]!;
  return { rule, bytes: rule.bytes(pdu, macInput(pdu), rule.mac === 'keep' ? keepingMac(bytes) : reseal) };
}
