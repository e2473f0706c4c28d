// The lower tester's byte functions for the `decoding` and §5.2-check tampers, judged by the
// tester's own decoder (harness/tester/codec.ts): each decoding rule's bytes fail exactly that
// rule, and where the rule keeps or reseals the MAC, a receiver that skipped the rule would see
// a MAC that verifies; each check's PDU still decodes, its MAC verifies, and only the field the
// check reads differs from the genuine PDU.
import { describe, expect, it } from 'vitest';
import type { PduType } from '../../vocabulary/observation.ts';
import { CHECK_RULES, checkRulesFor, pickCheck } from '../../harness/tester/check-faults.ts';
import { carriesMac, decodePdu, encodePdu, macInput, tlvSpans, tlvsOf, TesterDecodeError, type TesterPdu } from '../../harness/tester/codec.ts';
import { integrityKey, mac16, sameBytes } from '../../harness/tester/crypto.ts';
import { DECODING_RULES, breakDecoding, decodingChoices, decodingRulesFor, keepingMac, type Sealer } from '../../harness/tester/decoding-faults.ts';
import { decode } from '../../impl/wire/codec.ts';
import { DecodeError } from '../../impl/wire/errors.ts';

const KEY = integrityKey(Uint8Array.from({ length: 32 }, (_, i) => i));
const nonce = (b: number): Uint8Array => new Uint8Array(32).fill(b);

function sealed(p: Omit<TesterPdu, 'mac'>): Uint8Array {
  const pdu = p as TesterPdu;
  return carriesMac(pdu.type) ? encodePdu({ ...pdu, mac: mac16(KEY, macInput(pdu)) }) : encodePdu(pdu);
}

/** One genuine PDU of every type (docs/protocol.md §4.5). */
const GENUINE: Readonly<Record<PduType, Uint8Array>> = {
  'MIS_Auth.request': sealed({ type: 'MIS_Auth.request', tid: 1, src: 'mn1', dst: 'A', mn: 'mn1', method: 'EAP', nonceN: nonce(1) }),
  'MIS_Auth.response': sealed({ type: 'MIS_Auth.response', tid: 1, src: 'A', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', nonceN: nonce(1), nonceP: nonce(2), idType: 1 }),
  'MIS_Prereg_Xfer.request': sealed({ type: 'MIS_Prereg_Xfer.request', tid: 2, src: 'mn1', dst: 'A', mn: 'mn1', nonceN: nonce(3), target: 'B', suites: [1, 2], fallback: false, depth: 0 }),
  'MIS_N2N_Prereg_Xfer.request': sealed({ type: 'MIS_N2N_Prereg_Xfer.request', tid: 3, src: 'A', dst: 'B', mn: 'mn1', nonceN: nonce(3), suites: [1, 2], depth: 1, root: 'EAP', wrappedK: new Uint8Array(64).fill(5) }),
  'MIS_N2N_Prereg_Xfer.response': sealed({ type: 'MIS_N2N_Prereg_Xfer.response', tid: 3, src: 'B', dst: 'A', mn: 'mn1', status: 'SUCCESS', reason: 'NONE', nonceN: nonce(3), nonceT: nonce(6), suite: 1 }),
  'MIS_Prereg_Xfer.response': sealed({ type: 'MIS_Prereg_Xfer.response', tid: 2, src: 'A', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', reason: 'NONE', nonceN: nonce(3), tpos: 'B', nonceT: nonce(6), suite: 1, wrappedK: new Uint8Array(64).fill(7) }),
  'MIS_HO_Complete.request': sealed({ type: 'MIS_HO_Complete.request', tid: 4, src: 'mn1', dst: 'B', mn: 'mn1', previous: 'A' }),
  'MIS_N2N_HO_Complete.indication': sealed({ type: 'MIS_N2N_HO_Complete.indication', tid: 5, src: 'B', dst: 'A', mn: 'mn1' }),
};
const TYPES = Object.keys(GENUINE) as PduType[];
/** More forms than any rule has (the enum rule of an N2N request has 6, utf8 has 7). */
const VARIANTS = 16;
/** 253 UTF-8 bytes (§4.4's longest identity) of 2-, 3- and 4-byte code points. */
const LONGEST = `${'\u00e9\u0800\u{10ffff}'.repeat(28)}a`;

/** §6.6 sealing over the bytes given (what WireTester.sealBytes does under the link's key); a type without a MAC stays unsealed. */
const resealFor = (type: PduType): Sealer => (carriesMac(type) ? reseal : (unsealed) => unsealed.slice());
const reseal: Sealer = (unsealed) => {
  const out = new Uint8Array(unsealed.length + 19);
  out.set(unsealed);
  out.set([20, 0, 16, ...mac16(KEY, unsealed)], unsealed.length);
  const payload = out.length - 8;
  out[6] = payload >>> 8;
  out[7] = payload & 0xff;
  return out;
};

function rejection(bytes: Uint8Array): string {
  try {
    decodePdu(bytes);
    return 'accepted';
  } catch (e) {
    if (e instanceof TesterDecodeError) return e.code;
    throw e;
  }
}

/** A lax receiver's MAC check: the tag of the last 19 bytes over the rest, payload length 19 less. */
function rawMacVerifies(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 27 || bytes[n - 19] !== 20 || bytes[n - 18] !== 0 || bytes[n - 17] !== 16) return false;
  const input = bytes.slice(0, n - 19);
  const payload = ((input[6]! << 8) | input[7]!) - 19;
  input[6] = payload >>> 8;
  input[7] = payload & 0xff;
  return sameBytes(mac16(KEY, input), bytes.slice(n - 16));
}

describe('decoding tamper: one rule of docs/protocol.md §4.6 at a time', () => {
  const cases = TYPES.flatMap((type) => decodingRulesFor(type).map((r) => [r.id, type, r] as const));

  it.each(cases)('%s on %s fails exactly that rule, in every form', (_id, type, rule) => {
    const genuine = GENUINE[type];
    const pdu = decodePdu(genuine);
    for (let variant = 0; variant < VARIANTS; variant++) {
      const keep = rule.mac === 'keep' && rule.resealed?.(variant, macInput(pdu)) !== true;
      const bytes = rule.bytes(pdu, macInput(pdu), keep ? keepingMac(genuine) : resealFor(type), variant);
      expect(bytes, `variant ${variant}`).not.toBeNull();
      expect(rejection(bytes!), `variant ${variant}`).toBe(rule.code);
    }
  });

  it.each(TYPES)('the same rules fail on %s with identities of multi-byte UTF-8 at the longest length', (type) => {
    const pdu = decodePdu(GENUINE[type]);
    const wide = { ...pdu, mn: LONGEST, ...(pdu.src === 'mn1' ? { src: LONGEST } : {}), ...(pdu.dst === 'mn1' ? { dst: LONGEST } : {}) } as TesterPdu;
    const genuine = sealed(wide);
    expect(decodePdu(genuine).mn).toBe(LONGEST);
    for (const rule of decodingRulesFor(type)) {
      for (let variant = 0; variant < VARIANTS; variant++) {
        const bytes = rule.bytes(wide, macInput(wide), rule.mac === 'keep' ? keepingMac(genuine) : resealFor(type), variant);
        expect(rejection(bytes!), `${rule.id} variant ${variant}`).toBe(rule.code);
      }
    }
  });

  it.each(TYPES)('the reference decoder (impl/wire) rejects every rule in every form on %s, plain and wide identities alike: the receiver discards it as malformed', (type) => {
    const plain = decodePdu(GENUINE[type]);
    const wide = { ...plain, mn: LONGEST, ...(plain.src === 'mn1' ? { src: LONGEST } : {}), ...(plain.dst === 'mn1' ? { dst: LONGEST } : {}) } as TesterPdu;
    for (const pdu of [plain, wide]) {
      const genuine = sealed(pdu);
      expect(decode(genuine).mn).toBe(pdu.mn);
      for (const rule of decodingRulesFor(type)) {
        for (let variant = 0; variant < VARIANTS; variant++) {
          const bytes = rule.bytes(pdu, macInput(pdu), rule.mac === 'keep' ? keepingMac(genuine) : resealFor(type), variant)!;
          expect(() => decode(bytes), `${rule.id} variant ${variant}`).toThrow(DecodeError);
        }
      }
    }
  });

  it('the enum rule reaches every enumeration of a PDU at each bad code, and suites at both ends', () => {
    const rule = DECODING_RULES.find((r) => r.id === 'enum')!;
    const forms = (type: PduType): Set<string> => {
      const pdu = decodePdu(GENUINE[type]);
      return new Set(Array.from({ length: VARIANTS }, (_, v) => Array.from(rule.bytes(pdu, macInput(pdu), resealFor(type), v)!).join(',')));
    };
    // status 4, reason 11, suite 0 and 5 on the TPoS's SUCCESS.
    expect(forms('MIS_N2N_Prereg_Xfer.response').size).toBe(4);
    // suites 5 or 0 at the front or the end, root 0 or 5.
    expect(forms('MIS_N2N_Prereg_Xfer.request').size).toBe(6);
    // status 4, idType 4.
    expect(forms('MIS_Auth.response').size).toBe(2);
  });

  it('the utf8 rule writes each form RFC 3629 forbids, and the id-length rule both a too short and a too long identity', () => {
    const pdu = decodePdu(GENUINE['MIS_HO_Complete.request']);
    const utf8 = DECODING_RULES.find((r) => r.id === 'utf8')!;
    const idLength = DECODING_RULES.find((r) => r.id === 'id-length')!;
    const distinct = (rule: typeof utf8): number => new Set(Array.from({ length: VARIANTS }, (_, v) => Array.from(rule.bytes(pdu, macInput(pdu), reseal, v)!).join(','))).size;
    expect(distinct(utf8)).toBe(7);
    expect(distinct(idLength)).toBe(2);
    const long = idLength.bytes(pdu, macInput(pdu), reseal, 1)!;
    expect(long.length - GENUINE['MIS_HO_Complete.request'].length).toBe(254 - 'A'.length);
  });

  it.each(TYPES.filter(carriesMac))('on %s, a rule that changes a value is sealed again over the bytes sent', (type) => {
    const pdu = decodePdu(GENUINE[type]);
    for (const rule of decodingRulesFor(type).filter((r) => r.mac === 'reseal' && !(r.id === 'missing' && type === 'MIS_N2N_HO_Complete.indication'))) {
      for (let variant = 0; variant < VARIANTS; variant++) expect(rawMacVerifies(rule.bytes(pdu, macInput(pdu), reseal, variant)!), `${rule.id} variant ${variant}`).toBe(true);
    }
  });

  it('a rule that keeps every value keeps the genuine MAC TLV', () => {
    const genuine = GENUINE['MIS_HO_Complete.request'];
    const pdu = decodePdu(genuine);
    const version = DECODING_RULES.find((r) => r.id === 'version')!;
    const bytes = version.bytes(pdu, macInput(pdu), keepingMac(genuine), 0)!;
    expect(Array.from(bytes.slice(-19))).toEqual(Array.from(genuine.slice(-19)));
    expect(Array.from(bytes.slice(1))).toEqual(Array.from(genuine.slice(1)));
    expect(bytes[0]).toBe(0x20);
  });

  it('every rule of §4.6 but OVERSIZE (2) is reached, the enum rule where a PDU has an enum, the boolean rule on the preregistration request alone', () => {
    expect([...new Set(DECODING_RULES.map((r) => r.rule))].sort((a, b) => a - b)).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(TYPES.filter((t) => decodingRulesFor(t).some((r) => r.id === 'enum'))).toEqual(TYPES.slice(0, 6));
    expect(TYPES.filter((t) => decodingRulesFor(t).some((r) => r.id === 'boolean'))).toEqual(['MIS_Prereg_Xfer.request']);
  });

  it('the choice rotates over the rules that apply, and what is left of it over the rule\'s forms', () => {
    for (const type of TYPES) {
      const genuine = GENUINE[type];
      const pdu = decodePdu(genuine);
      const rules = decodingRulesFor(type);
      const choices = decodingChoices(type, macInput(pdu));
      const n = choices.length;
      // every rule that applies, a per-field rule once per field (each a choice of its own)
      const ids = Array.from({ length: n }, (_, c) => breakDecoding(pdu, genuine, resealFor(type), c).rule.id);
      expect(ids, type).toEqual(choices.map((c) => c.rule.id));
      expect([...new Set(ids)], type).toEqual(rules.map((r) => r.id));
      for (const rule of rules) {
        const forms = rule.forms?.(macInput(pdu), type) ?? 1;
        const at = choices.findIndex((c) => c.rule === rule);
        const choiceOf = (v: number): number => (rule.perField === true ? at + v : at + v * n);
        const seen = new Set(Array.from({ length: forms }, (_, v) => Array.from(breakDecoding(pdu, genuine, resealFor(type), choiceOf(v)).bytes!).join(',')));
        expect(seen.size, `${type} ${rule.id}`).toBe(forms);
      }
    }
  });

  it('a PDU with suites also offers 256 of them under the fixed-length rule, sealed again', () => {
    const type = 'MIS_N2N_Prereg_Xfer.request';
    const pdu = decodePdu(GENUINE[type]);
    const rules = decodingRulesFor(type);
    const i = rules.findIndex((r) => r.id === 'fixed-length');
    // the suites form is the rule's last, a choice of its own (the rule is per field)
    const choices = decodingChoices(type, macInput(pdu));
    const last = choices.map((c) => c.rule === rules[i]).lastIndexOf(true);
    const bytes = breakDecoding(pdu, GENUINE[type], reseal, last).bytes!;
    expect(rejection(bytes)).toBe('BAD_LENGTH');
    expect(rawMacVerifies(bytes)).toBe(true);
    expect(bytes.length - GENUINE[type].length).toBe(256 - 2);
  });

  it.each(TYPES)('on %s the missing rule leaves out each mandatory TLV past the addressing in turn, and the fixed-length rule lengthens each fixed-size TLV', (type) => {
    const genuine = GENUINE[type];
    const pdu = decodePdu(genuine);
    const typesIn = (bytes: Uint8Array): number[] => tlvSpans(bytes).map((t) => t.type);
    const before = typesIn(genuine).filter((t) => t !== 20);
    const mandatory = before.filter((t) => t > 3 && tlvsOf(type).mandatory.includes(t));
    const missing = DECODING_RULES.find((r) => r.id === 'missing')!;
    const left = Array.from({ length: missing.forms!(macInput(pdu), type) }, (_, v) => before.filter((t) => !typesIn(missing.bytes(pdu, macInput(pdu), resealFor(type), v)!).includes(t)));
    if (mandatory.length > 0) expect(left.map((l) => l[0])).toEqual(mandatory);
    for (const l of left) expect(l.length).toBeLessThanOrEqual(1);
    const fixed = DECODING_RULES.find((r) => r.id === 'fixed-length')!;
    const lengthened = new Set<number>();
    for (let v = 0; v < fixed.forms!(macInput(pdu), type); v++) {
      const keep = fixed.resealed?.(v, macInput(pdu)) !== true;
      const bytes = fixed.bytes(pdu, macInput(pdu), keep ? keepingMac(genuine) : resealFor(type), v)!;
      expect(rejection(bytes), `variant ${v}`).toBe('BAD_LENGTH');
      const was = new Map(tlvSpans(genuine).map((t) => [t.type, t.length]));
      for (const t of tlvSpans(bytes)) if (t.length === was.get(t.type)! + 1) lengthened.add(t.type);
    }
    const fixedTypes = before.filter((t) => [4, 5, 6, 7, 8, 9, 10, 15, 16, 17, 18, 19].includes(t));
    expect([...lengthened].filter((t) => t !== 20).sort((a, b) => a - b)).toEqual(fixedTypes);
  });

  it.each(TYPES)('on %s the unknown-tlv rule puts every unassigned type (0, 21..255) in its place, each one decoders reject', (type) => {
    const genuine = GENUINE[type];
    const pdu = decodePdu(genuine);
    const rule = DECODING_RULES.find((r) => r.id === 'unknown-tlv')!;
    const forms = rule.forms!(macInput(pdu), type);
    const types = new Set<number>();
    for (let v = 0; v < forms; v++) {
      const bytes = rule.bytes(pdu, macInput(pdu), keepingMac(genuine), v)!;
      // type 0 goes first, any other after the last TLV: only the type is wrong, not the order
      const at = bytes[8] === 0 ? 8 : bytes.length - 3;
      types.add(bytes[at]!);
      expect(Array.from(bytes.subarray(at + 1, at + 3))).toEqual([0, 0]);
      expect(rejection(bytes), `type ${bytes[at]}`).toBe('UNKNOWN_TLV');
      expect(() => decode(bytes), `type ${bytes[at]}`).toThrow(DecodeError);
    }
    expect([...types].sort((a, b) => a - b)).toEqual([0, ...Array.from({ length: 235 }, (_, i) => 21 + i)]);
  });

  it.each(TYPES)('on %s the tlv-length rule also cuts the last TLV short under the length it announces, the payload length counting what is left', (type) => {
    const genuine = GENUINE[type];
    const pdu = decodePdu(genuine);
    const rule = DECODING_RULES.find((r) => r.id === 'tlv-length')!;
    const bytes = rule.bytes(pdu, macInput(pdu), keepingMac(genuine), 1)!;
    expect(Array.from(bytes)).toEqual([...genuine.slice(0, 6), ...[(genuine.length - 9) >>> 8, (genuine.length - 9) & 0xff], ...genuine.slice(8, -1)]);
    expect(rejection(bytes)).toBe('TRUNCATED_TLV');
    expect(() => decode(bytes)).toThrow(DecodeError);
  });
});

describe('check tampers: one receiver check of docs/protocol.md §5.2 at a time', () => {
  const offered = [1, 2];
  // The Prereg_Xfer request named B (GENUINE), so its answers' tpos must be B.
  const context = { namedTarget: 'B', poss: ['A', 'B', 'C'] };
  const cases = CHECK_RULES.flatMap((r) => TYPES.filter((t) => r.applies(decodePdu(GENUINE[t]), offered, context)).map((t) => [`${r.way}:${r.id}`, t, r] as const));

  it.each(cases)('%s on %s: the PDU decodes, its MAC verifies, and one field differs', (_name, type, rule) => {
    const pdu = decodePdu(GENUINE[type]);
    const edit = rule.edit(pdu, 3, offered, context);
    const bytes = sealed({ ...pdu, ...edit } as TesterPdu);
    const out = decodePdu(bytes);
    if (carriesMac(type)) expect(sameBytes(mac16(KEY, macInput(out)), out.mac!)).toBe(true);
    const differs = (Object.keys({ ...pdu, ...out }) as (keyof TesterPdu)[]).filter((k) => k !== 'mac' && JSON.stringify(pdu[k]) !== JSON.stringify(out[k]));
    const expected = Object.keys(edit).filter((k) => JSON.stringify(pdu[k as keyof TesterPdu]) !== JSON.stringify(edit[k as keyof TesterPdu]));
    expect(differs.sort()).toEqual(expected.sort());
    expect(differs.length).toBeGreaterThan(0);
  });

  it('each check names the PDU types it is made on: exactly those of the genuine PDUs it applies to', () => {
    for (const r of CHECK_RULES) expect([...r.on].sort(), `${r.way}:${r.id}`).toEqual(TYPES.filter((t) => r.applies(decodePdu(GENUINE[t]), offered, context)).sort());
  });

  it('the dst-case check names the receiver with its ASCII letters in the other case, and applies only where it has one', () => {
    const rule = CHECK_RULES.find((r) => r.id === 'dst-case')!;
    const indication = decodePdu(GENUINE['MIS_N2N_HO_Complete.indication']);
    expect(rule.edit(indication, 0, offered, context).dst).toBe('a');
    const answer = decodePdu(GENUINE['MIS_Prereg_Xfer.response']);
    expect(rule.edit(answer, 0, offered, context).dst).toBe('MN1');
    expect(rule.applies({ ...answer, dst: '\u2160\u{1f600}' }, offered, context)).toBe(false);
    expect(rule.applies({ ...answer, dst: '\u2160x' }, offered, context)).toBe(true);
  });

  it('every PDU type fails a misaddressed check; the Auth response and the SPoS answer fail a field check only where §5.2 reads one', () => {
    for (const t of TYPES) expect(checkRulesFor('misaddressed', decodePdu(GENUINE[t]), offered).length, t).toBeGreaterThan(0);
    const rejected = decodePdu(sealed({ type: 'MIS_Auth.response', tid: 1, src: 'A', dst: 'mn1', mn: 'mn1', status: 'REJECTED', nonceN: nonce(1), nonceP: nonce(2), idType: 1 }));
    expect(checkRulesFor('bad-field', rejected, offered)).toEqual([]);
    const noTarget = decodePdu(sealed({ type: 'MIS_Prereg_Xfer.response', tid: 2, src: 'A', dst: 'mn1', mn: 'mn1', status: 'NO_TARGET', reason: 'NONE', nonceN: nonce(3) }));
    expect(checkRulesFor('bad-field', noTarget, offered)).toEqual([]);
    expect(pickCheck('no-sa', decodePdu(GENUINE['MIS_HO_Complete.request']), offered, 0)).toBeNull();
  });

  it('the ID_TYPE a SUCCESS names instead is each of the other three codes, which the reference decoder reads as they are', () => {
    const pdu = decodePdu(GENUINE['MIS_Auth.response']);
    const rule = CHECK_RULES.find((r) => r.id === 'idType')!;
    const told = [0, 1, 2].map((c) => rule.edit(pdu, c, offered, context).idType);
    expect(told.sort()).toEqual([0, 2, 3]);
    for (const idType of told) expect(decode(sealed({ ...pdu, idType } as TesterPdu))).toMatchObject({ idType });
  });

  it('the suite a SUCCESS names instead is one the MN did not offer', () => {
    const pdu = decodePdu(GENUINE['MIS_Prereg_Xfer.response']);
    const rule = CHECK_RULES.find((r) => r.id === 'suite-not-offered')!;
    for (let c = 0; c < 4; c++) expect(offered).not.toContain(rule.edit(pdu, c, offered, context).suite);
    expect(rule.applies(pdu, [1, 2, 3, 4], context)).toBe(false);
  });

  it('the TPoS an answer names instead of the one the MN named is neither that one nor the SPoS, and only where the MN named one', () => {
    const rule = CHECK_RULES.find((r) => r.id === 'tpos-not-named')!;
    for (const status of ['SUCCESS', 'FULL_AUTH_REQUIRED'] as const) {
      const pdu = { ...decodePdu(GENUINE['MIS_Prereg_Xfer.response']), status };
      expect(rule.applies(pdu, offered, context)).toBe(true);
      expect([0, 1, 2].map((c) => rule.edit(pdu, c, offered, { namedTarget: 'B', poss: ['A', 'B', 'C', 'D'] }).tpos)).toEqual(['C', 'D', 'C']);
      expect(rule.applies(pdu, offered, { ...context, namedTarget: null })).toBe(false);
      expect(rule.applies(pdu, offered, { namedTarget: 'B', poss: ['A', 'B'] })).toBe(false);
    }
    expect(checkRulesFor('bad-field', decodePdu(GENUINE['MIS_Prereg_Xfer.response']), offered).map((r) => r.id)).not.toContain('tpos-not-named');
  });
});
