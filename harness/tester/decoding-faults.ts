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
  /** How many forms (the field, the bad value, where it goes) the rule has on this PDU; absent: one. */
  readonly forms?: (unsealed: Uint8Array, type: PduType) => number;
  /**
   * The rule is broken one field at a time, each form a field: the choice counts each form as a
   * rule of its own (decodingChoices), since a receiver may check one field and skip another.
   */
  readonly perField?: boolean;
  /** A form of a `keep` rule that changes a value after all, and is sealed again. */
  readonly resealed?: (variant: number, unsealed: Uint8Array) => boolean;
  /** `variant` picks among the rule's forms, modulo their number. */
  readonly bytes: (pdu: TesterPdu, unsealed: Uint8Array, seal: Sealer, variant: number) => Uint8Array | null;
}

const HEADER = 8;
const IDENTITY_TYPES = new Set([1, 2, 3, 11, 12, 13]);
/** Value lengths of the fixed-size TLVs (§4.4), by type. */
const FIXED_LENGTH = new Map([[4, 1], [5, 1], [6, 1], [7, 32], [8, 32], [9, 32], [10, 1], [15, 1], [16, 1], [17, 1], [18, 1], [19, 64], [20, 16]]);
/**
 * The codes each enumeration must reject (§4.4): the first past its table (an off-by-one is
 * caught too), and 0 where 0 is no code (method, suite, root).
 */
const BAD_CODES = new Map([[4, [4]], [5, [11]], [6, [0, 4]], [10, [4]], [15, [0, 5]], [18, [0, 5]]]);
/** The suite codes a list must reject, at its front or its end (§4.4: 0 is never a suite). */
const BAD_SUITES = [5, 0];
/**
 * Byte sequences RFC 3629 forbids (§4.6 rule 18), each where it goes in the identity: a byte
 * UTF-8 never uses, a lone continuation byte, overlong forms (U+0000 in two bytes and in three),
 * a UTF-16 surrogate (U+D800), a code point above U+10FFFF, and a sequence cut short at
 * the end of the value.
 */
const BAD_UTF8: readonly { readonly bytes: readonly number[]; readonly at: 'front' | 'end' }[] = [
  { bytes: [0xff], at: 'front' },
  { bytes: [0x80], at: 'front' },
  { bytes: [0xc0, 0x80], at: 'front' },
  { bytes: [0xe0, 0x80, 0x80], at: 'front' },
  { bytes: [0xed, 0xa0, 0x80], at: 'front' },
  { bytes: [0xf4, 0x90, 0x80, 0x80], at: 'front' },
  { bytes: [0xe2, 0x82], at: 'end' },
];
/** One byte past the longest identity §4.4 allows (253), one suite past the longest list (255). */
const IDENTITY_TOO_LONG = 254;
const SUITES_TOO_MANY = 256;
const SUITES_TYPE = 14;
const FALLBACK_TYPE = 16;
/**
 * Every TLV type §4.4 leaves unassigned: past the table (21..255), then 0. A decoder whose table
 * or bit set stops short, or wraps a type into an assigned one, lets one of them through.
 */
const UNASSIGNED_TYPES: readonly number[] = [...Array.from({ length: 255 - 20 }, (_, i) => 21 + i), 0];

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

const inserted = (bytes: Uint8Array, at: number, part: readonly number[]): Uint8Array => {
  const out = new Uint8Array(bytes.length + part.length);
  out.set(bytes.subarray(0, at));
  out.set(part, at);
  out.set(bytes.subarray(at), at + part.length);
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
const suitesAt = (tlvs: readonly Tlv[]): number => tlvs.findIndex((t) => t.type === SUITES_TYPE);

/** Every enumeration TLV of the PDU at each of its bad codes, then `suites` with a bad code at its front and at its end. */
function badEnumForms(tlvs: readonly Tlv[]): { readonly at: number; readonly value: Uint8Array }[] {
  return tlvs.flatMap((t, at) => {
    if (t.type === SUITES_TYPE) return BAD_SUITES.flatMap((c) => [{ at, value: Uint8Array.of(c, ...t.value) }, { at, value: Uint8Array.of(...t.value, c) }]);
    return (BAD_CODES.get(t.type) ?? []).map((c) => ({ at, value: Uint8Array.of(c) }));
  });
}

/** `value` with the forbidden `form` written at its front or its end (the value grows only where it is shorter than the form). */
function badUtf8(value: Uint8Array, form: (typeof BAD_UTF8)[number]): Uint8Array {
  const out = new Uint8Array(Math.max(value.length, form.bytes.length));
  out.set(value);
  out.set(form.bytes, form.at === 'front' ? 0 : out.length - form.bytes.length);
  return out;
}
/**
 * The forms of the fixed-length rule on a PDU's TLVs: the index of each fixed-size TLV, or the
 * MAC where there is none; then `suites`, where the PDU has them.
 */
function fixedLengthForms(tlvs: readonly Tlv[]): (number | 'mac' | 'suites')[] {
  const fixed: (number | 'mac' | 'suites')[] = tlvs.flatMap((t, i) => (FIXED_LENGTH.has(t.type) ? [i] : []));
  if (fixed.length === 0) fixed.push('mac');
  if (suitesAt(tlvs) !== -1) fixed.push('suites');
  return fixed;
}

/** The indexes of the mandatory TLVs of the unsealed PDU `u` of `type` past `src`, `dst` and `mn`. */
function mandatoryAfterAddressing(u: Uint8Array, type: PduType): number[] {
  const mandatory = tlvsOf(type).mandatory;
  return tlvsIn(u).flatMap((t, i) => (t.type > 3 && mandatory.includes(t.type) ? [i] : []));
}

const hasEnum = (type: PduType): boolean => [...tlvsOf(type).mandatory, ...tlvsOf(type).optional].some((t) => BAD_CODES.has(t) || t === SUITES_TYPE);

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
    forms: () => 2,
    // The last TLV announces one byte more than the payload holds; or its last byte is cut and
    // the payload length counts what is left, so its announced length, the one a fixed-size
    // check reads, is still right and only the payload's end says the value is short.
    bytes: (_p, u, seal, variant) =>
      afterSeal(seal(u), (s) => {
        const last = tlvSpans(s).at(-1)!;
        if (variant % 2 === 0) return withTlvLength(s, last.valueAt, last.length + 1);
        return withPayloadLength(s.slice(0, s.length - 1), s.length - HEADER - 1);
      }),
  },
  // An unassigned type where it keeps the canonical order: one past the table after the MAC,
  // type 0 before the first TLV (rule 11 comes before the order rule 14 either way).
  {
    id: 'unknown-tlv',
    mac: 'keep',
    rule: 11,
    code: 'UNKNOWN_TLV',
    applies: always,
    forms: () => UNASSIGNED_TYPES.length,
    bytes: (_p, u, seal, variant) =>
      afterSeal(seal(u), (s) => {
        const type = UNASSIGNED_TYPES[variant % UNASSIGNED_TYPES.length]!;
        return withPayloadLength(type === 0 ? inserted(s, HEADER, [0, 0, 0]) : appended(s, [type, 0, 0]), s.length - HEADER + 3);
      }),
  },
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
    perField: true,
    rule: 15,
    code: 'BAD_LENGTH',
    applies: always,
    // One byte too many in each fixed-size field in turn (a receiver may check some lengths and
    // not others); a PDU with none but its MAC gets a 17-byte MAC. A PDU with `suites` has one
    // more form: 256 of them, each a valid code (one more than §4.4 allows), sealed again.
    forms: (u) => fixedLengthForms(tlvsIn(u)).length,
    resealed: (variant, u) => {
      const forms = fixedLengthForms(tlvsIn(u));
      return forms[variant % forms.length] === 'suites';
    },
    bytes: (_p, u, seal, variant) => {
      const tlvs = tlvsIn(u);
      const forms = fixedLengthForms(tlvs);
      const form = forms[variant % forms.length]!;
      if (form === 'suites') return seal(assemble(u, replaced(tlvs, suitesAt(tlvs), new Uint8Array(SUITES_TOO_MANY).fill(1))));
      if (form !== 'mac') return seal(assemble(u, replaced(tlvs, form, appended(tlvs[form]!.value, [0]))));
      return afterSeal(seal(u), (s) => {
        const mac = tlvSpans(s).at(-1)!;
        return withPayloadLength(withTlvLength(appended(s, [0]), mac.valueAt, mac.length + 1), s.length - HEADER + 1);
      });
    },
  },
  // The last identity empty, or one byte longer than §4.4 allows (ASCII: only its length is wrong).
  {
    id: 'id-length',
    mac: 'reseal',
    rule: 15,
    code: 'BAD_LENGTH',
    applies: always,
    forms: () => 2,
    bytes: (_p, u, seal, variant) => edited(u, seal, (tlvs) => replaced(tlvs, lastIdentity(tlvs), variant % 2 === 0 ? new Uint8Array(0) : new Uint8Array(IDENTITY_TOO_LONG).fill(0x78))),
  },
  {
    id: 'enum',
    mac: 'reseal',
    rule: 16,
    code: 'BAD_ENUM',
    applies: hasEnum,
    forms: (u) => badEnumForms(tlvsIn(u)).length,
    // Every enumeration of the PDU at each of its bad codes, and a bad code in `suites` (§4.4).
    bytes: (_p, u, seal, variant) =>
      edited(u, seal, (tlvs) => {
        const forms = badEnumForms(tlvs);
        const form = forms[variant % forms.length];
        return form === undefined ? null : replaced(tlvs, form.at, form.value);
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
  // One of the forms RFC 3629 forbids written over the last identity; it keeps its length where it can.
  {
    id: 'utf8',
    mac: 'reseal',
    rule: 18,
    code: 'BAD_UTF8',
    applies: always,
    forms: () => BAD_UTF8.length,
    bytes: (_p, u, seal, variant) => edited(u, seal, (tlvs) => replaced(tlvs, lastIdentity(tlvs), badUtf8(tlvs[lastIdentity(tlvs)]!.value, BAD_UTF8[variant % BAD_UTF8.length]!))),
  },
  {
    id: 'missing',
    mac: 'reseal',
    perField: true,
    rule: 19,
    code: 'MISSING_TLV',
    applies: always,
    // Each mandatory TLV after the addressing in turn (a receiver may take one for optional);
    // the indication has none but its MAC, and goes unsealed.
    forms: (u, type) => Math.max(1, mandatoryAfterAddressing(u, type).length),
    bytes: (p, u, seal, variant) => {
      const present = mandatoryAfterAddressing(u, p.type);
      if (present.length === 0) return u.slice();
      const at = present[variant % present.length]!;
      return seal(assemble(u, tlvsIn(u).filter((_, i) => i !== at)));
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

/** One choice of `decoding`: a rule, and the form a per-field rule is broken in (null: the rest of the choice picks it). */
export interface DecodingChoice {
  readonly rule: DecodingRule;
  readonly form: number | null;
}

/** What a choice picks among on a PDU: each rule that applies, a per-field rule once per field. */
export function decodingChoices(type: PduType, unsealed: Uint8Array): readonly DecodingChoice[] {
  return decodingRulesFor(type).flatMap((rule): DecodingChoice[] => (rule.perField === true ? Array.from({ length: rule.forms?.(unsealed, type) ?? 1 }, (_, form) => ({ rule, form })) : [{ rule, form: null }]));
}

/**
 * The genuine PDU `bytes` (decoding to `pdu`) with the rule `choice` picks among those that
 * apply broken, in the form it picks; `reseal` seals over bytes sent (null: no key for the link).
 */
export function breakDecoding(pdu: TesterPdu, bytes: Uint8Array, reseal: Sealer, choice: number): { readonly rule: DecodingRule; readonly bytes: Uint8Array | null } {
  const unsealed = macInput(pdu);
  const choices = decodingChoices(pdu.type, unsealed);
  const picked = choices[choice % choices.length]!;
  const rule = picked.rule;
  // The rest of the choice picks the form of a rule with several that is not per field.
  const variant = picked.form ?? Math.floor(choice / choices.length);
  const sealedAgain = rule.mac === 'reseal' || rule.resealed?.(variant, unsealed) === true;
  return { rule, bytes: rule.bytes(pdu, unsealed, sealedAgain ? reseal : keepingMac(bytes), variant) };
}
