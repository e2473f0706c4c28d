import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, concatBytes, toHex, u16be } from '../bytes.ts';
import { mac as macOf, verifyMac } from '../../test/impl/pdu-mac.ts';
import { pduArb, pduArbs } from './arbitraries.ts';
import { appendMac, decode, encode, macInput, peekHeader } from './codec.ts';
import { DecodeError, EncodeError, type DecodeErrorCode } from './errors.ts';
import { HEADER_LENGTH, IDENTITY_MAX_BYTES, MAX_PDU_LENGTH, PDU_FIELDS, TLV, TLV_HEADER_LENGTH, UNASSIGNED_TLV_TYPE, type TlvField, type TlvKind } from './format.ts';
import type { AuthRequest, N2NPreregXferRequest, Pdu, PreregXferRequest, PreregXferResponse } from './messages.ts';
import { joinTlvs, splitTlvs, type RawTlv } from './mutate.ts';

const fill = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);

const authRequest: AuthRequest = { type: 'MIS_Auth.request', src: 'mn1', dst: 'A', mn: 'mn1', tid: 7, method: 'EAP', nonceN: fill(0x11, 32) };
const preregRequest: PreregXferRequest = {
  type: 'MIS_Prereg_Xfer.request',
  src: 'mn1',
  dst: 'A',
  mn: 'mn1',
  tid: 8,
  target: null,
  nonceN: fill(0x11, 32),
  suites: [1, 2],
  fallback: false,
  depth: 2,
  mac: fill(0x22, 16),
};
const preregResponse: PreregXferResponse = {
  type: 'MIS_Prereg_Xfer.response',
  src: 'A',
  dst: 'mn1',
  mn: 'mn1',
  tid: 8,
  status: 'SUCCESS',
  reason: 'NONE',
  tpos: 'B',
  nonceN: fill(0x11, 32),
  nonceT: fill(0x33, 32),
  suite: 1,
  wrappedK: fill(0x44, 64),
  mac: fill(0x22, 16),
};
const n2nRequest: N2NPreregXferRequest = {
  type: 'MIS_N2N_Prereg_Xfer.request',
  src: 'A',
  dst: 'B',
  mn: 'mn1',
  tid: 9,
  nonceN: fill(0x11, 32),
  suites: [1],
  depth: 1,
  root: 'EAP',
  wrappedK: fill(0x44, 64),
  mac: fill(0x22, 16),
};

function decodeError(bytes: Uint8Array): DecodeError {
  try {
    decode(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('decode accepted the input');
}

function expectRejected(bytes: Uint8Array, code: DecodeErrorCode, field: string, offset: number): void {
  const e = decodeError(bytes);
  expect({ code: e.code, field: e.field, offset: e.offset }).toEqual({ code, field, offset });
  expect(e.message).toContain(field);
  expect(e.message).toContain(`offset ${offset}`);
}

/** Re-encodes `pdu` with its TLV list edited (payload length fixed up). */
function withTlvs(pdu: Pdu, edit: (tlvs: RawTlv[]) => RawTlv[]): Uint8Array {
  const { header, tlvs } = splitTlvs(encode(pdu));
  return joinTlvs(header, edit(tlvs));
}

function setValue(pdu: Pdu, field: TlvField, value: Uint8Array): Uint8Array {
  const type = TLV[field].type;
  return withTlvs(pdu, (tlvs) => tlvs.map((t) => (t.type === type ? { type, value } : t)));
}

/** Byte offset of the TLV of `field` in the canonical encoding of `pdu`. */
function offsetOf(bytes: Uint8Array, field: TlvField): number {
  const { tlvs } = splitTlvs(bytes);
  let pos = 8;
  for (const t of tlvs) {
    if (t.type === TLV[field].type) return pos;
    pos += 3 + t.value.length;
  }
  throw new Error(`${field} not present`);
}

describe('encode: the wire format (A-TLV)', () => {
  it('lays out MIS_Auth.request as header then src, dst, mn, method, nonceN TLVs', () => {
    const expected =
      '1000' + // version 1, no flags, fragment 0
      '1700' + // SID 1 | opcode 1 (request) | AID 0x300
      '0007' + // tid 7
      '0037' + // payload 55 bytes
      '0100036d6e31' + // src "mn1"
      '02000141' + // dst "A"
      '0300036d6e31' + // mn "mn1"
      '06000101' + // method EAP
      '070020' +
      '11'.repeat(32); // nonceN
    expect(toHex(encode(authRequest))).toBe(expected);
  });

  it('omits TLVs of null fields and puts the MAC TLV last', () => {
    const bytes = encode(preregRequest);
    const types = splitTlvs(bytes).tlvs.map((t) => t.type);
    expect(types).not.toContain(TLV.target.type);
    expect(types.at(-1)).toBe(TLV.mac.type);
    expect(types).toEqual([...types].sort((a, b) => a - b));
    const withTarget = splitTlvs(encode({ ...preregRequest, target: 'B' })).tlvs.map((t) => t.type);
    expect(withTarget).toContain(TLV.target.type);
  });

  it('carries message identity and tid in the header (peekHeader)', () => {
    const h = peekHeader(encode(preregResponse));
    expect(h).toEqual({ version: 1, sid: 1, opcode: 2, aid: 0x301, type: 'MIS_Prereg_Xfer.response', tid: 8, payloadLength: encode(preregResponse).length - 8 });
    expect(() => peekHeader(new Uint8Array(7))).toThrow(DecodeError);
  });

  it.each<[string, Pdu]>([
    ['tid 4096', { ...authRequest, tid: 4096 }],
    ['tid -1', { ...authRequest, tid: -1 }],
    ['empty identity', { ...authRequest, src: '' }],
    ['254-byte identity', { ...authRequest, mn: 'x'.repeat(254) }],
    ['lone surrogate', { ...authRequest, dst: 'a\uD800' }],
    ['31-byte nonce', { ...authRequest, nonceN: fill(0, 31) }],
    ['suite 5', { ...preregRequest, suites: [1, 5] }],
    ['suite 0', { ...preregResponse, suite: 0 }],
    ['depth 256', { ...preregRequest, depth: 256 }],
    ['15-byte mac', { ...preregRequest, mac: fill(0, 15) }],
    ['63-byte wrapped K', { ...n2nRequest, wrappedK: fill(0, 63) }],
    ['unknown method', { ...authRequest, method: 'PSK' as never }],
    ['ID_TYPE 4', { type: 'MIS_Auth.response', src: 'A', dst: 'm', mn: 'm', tid: 0, status: 'SUCCESS', nonceN: fill(0, 32), nonceP: fill(0, 32), idType: 4 as never }],
    ['mandatory field null', { ...n2nRequest, wrappedK: null as never }],
  ])('throws EncodeError for a record no PDU can carry: %s', (_name, pdu) => {
    expect(() => encode(pdu)).toThrow(EncodeError);
  });
});

describe('round trips', () => {
  for (const [type, arb] of Object.entries(pduArbs) as [string, fc.Arbitrary<Pdu>][]) {
    it(`decode(encode(p)) deep-equals p for every ${type}`, () => {
      fc.assert(
        fc.property(arb, (p) => {
          expect(decode(encode(p))).toStrictEqual(p);
        }),
        { seed: 21, numRuns: 300 },
      );
    });
  }

  it('encode(decode(b)) equals b for every valid b, and decoding does not alias the input', () => {
    fc.assert(
      fc.property(pduArb, (p) => {
        const b = encode(p);
        const copy = b.slice();
        const decoded = decode(b);
        b.fill(0);
        expect(bytesEqual(encode(decoded), copy)).toBe(true);
      }),
      { seed: 22, numRuns: 500 },
    );
  });

  it('the longest record of every type is far below MAX_PDU_LENGTH, so encode needs no size check', () => {
    const longest: Readonly<Record<TlvKind, number>> = { identity: IDENTITY_MAX_BYTES, suites: 255, nonce: 32, mac: 16, wrappedK: 64, status: 1, reason: 1, method: 1, root: 1, idType: 1, suite: 1, boolean: 1, depth: 1 };
    for (const { mandatory, optional } of Object.values(PDU_FIELDS)) {
      const bytes = HEADER_LENGTH + [...mandatory, ...optional].reduce((n, f) => n + TLV_HEADER_LENGTH + longest[TLV[f].kind], 0);
      expect(bytes).toBeLessThan(MAX_PDU_LENGTH / 2);
    }
  });

  it('every encoding fits in MAX_PDU_LENGTH', () => {
    fc.assert(
      fc.property(pduArb, (p) => {
        expect(encode(p).length).toBeLessThanOrEqual(MAX_PDU_LENGTH);
      }),
      { seed: 23, numRuns: 300 },
    );
  });
});

describe('macInput', () => {
  it('is the encoding with the MAC TLV left out and the payload length adjusted', () => {
    fc.assert(
      fc.property(pduArb, (p) => {
        const { header, tlvs } = splitTlvs(encode(p));
        const expected = joinTlvs(header, tlvs.filter((t) => t.type !== TLV.mac.type));
        expect(toHex(macInput(p))).toBe(toHex(expected));
      }),
      { seed: 24, numRuns: 300 },
    );
  });

  it('appendMac(macInput(p), mac) is encode(p) with that MAC, for every MAC-carrying PDU', () => {
    fc.assert(
      fc.property(pduArb, fc.uint8Array({ minLength: 16, maxLength: 16 }), (p, mac) => {
        if (!('mac' in p)) return;
        expect(toHex(appendMac(macInput(p), mac))).toBe(toHex(encode({ ...p, mac })));
      }),
      { seed: 25, numRuns: 300 },
    );
    const unsealed = macInput(preregResponse);
    expect(() => appendMac(unsealed, fill(1, 15))).toThrow(EncodeError);
  });

  it('does not depend on the MAC value but on every other field', () => {
    const base = toHex(macInput(preregResponse));
    expect(toHex(macInput({ ...preregResponse, mac: fill(0x99, 16) }))).toBe(base);
    expect(toHex(macInput({ ...preregResponse, tid: 9 }))).not.toBe(base);
    expect(toHex(macInput({ ...preregResponse, nonceT: fill(0x34, 32) }))).not.toBe(base);
    expect(toHex(macInput({ ...preregResponse, wrappedK: null }))).not.toBe(base);
    expect(toHex(macInput({ ...preregResponse, type: 'MIS_Prereg_Xfer.response', status: 'REJECTED' }))).not.toBe(base);
  });

  it('lets a receiver verify a MAC over the decoded PDU', () => {
    const key = fill(7, 32);
    const sent = { ...n2nRequest, mac: macOf(key, macInput(n2nRequest)) };
    const received = decode(encode(sent));
    expect(verifyMac(key, macInput(received), received.type === 'MIS_N2N_Prereg_Xfer.request' ? received.mac : new Uint8Array(0))).toBe(true);
    const tampered = decode(setValue(sent, 'depth', Uint8Array.of(0)));
    expect(verifyMac(key, macInput(tampered), sent.mac)).toBe(false);
  });

  it('equals encode() for PDUs without a MAC', () => {
    expect(toHex(macInput(authRequest))).toBe(toHex(encode(authRequest)));
  });
});

describe('strict decoding: each rule throws DecodeError with code, field and offset', () => {
  const ok = encode(authRequest);

  it('TRUNCATED_HEADER: fewer than 8 bytes', () => {
    for (let n = 0; n < 8; n++) expectRejected(ok.slice(0, n), 'TRUNCATED_HEADER', 'header', 0);
  });

  it('OVERSIZE: more than 4096 bytes, checked before anything else', () => {
    expectRejected(concatBytes(ok, new Uint8Array(MAX_PDU_LENGTH + 1 - ok.length)), 'OVERSIZE', 'pdu', MAX_PDU_LENGTH);
    expectRejected(new Uint8Array(70_000), 'OVERSIZE', 'pdu', MAX_PDU_LENGTH);
  });

  it('BAD_VERSION, BAD_FLAGS, RESERVED_BITS: header bits', () => {
    const at = (i: number, v: number): Uint8Array => {
      const c = ok.slice();
      c[i] = v;
      return c;
    };
    expectRejected(at(0, 0x20), 'BAD_VERSION', 'version', 0);
    expectRejected(at(0, 0x00), 'BAD_VERSION', 'version', 0);
    for (const flag of [0x18, 0x14, 0x12, 0x11]) expectRejected(at(0, flag), 'BAD_FLAGS', 'flags', 0);
    expectRejected(at(1, 0x02), 'BAD_FLAGS', 'fragmentNumber', 1);
    expectRejected(at(1, 0x01), 'RESERVED_BITS', 'reserved1', 1);
    expectRejected(at(4, 0x10), 'RESERVED_BITS', 'reserved2', 4);
  });

  it('UNKNOWN_MESSAGE: (SID, opcode, AID) names no PDU', () => {
    const word = (w: number): Uint8Array => concatBytes(ok.subarray(0, 2), u16be(w), ok.subarray(4));
    expectRejected(word(0x17ff), 'UNKNOWN_MESSAGE', 'messageId', 2); // unassigned AID
    expectRejected(word(0x1f00), 'UNKNOWN_MESSAGE', 'messageId', 2); // MIS_Auth as an indication
    expectRejected(word(0x2700), 'UNKNOWN_MESSAGE', 'messageId', 2); // SID 2
    expectRejected(word(0x0000), 'UNKNOWN_MESSAGE', 'messageId', 2);
  });

  it('PAYLOAD_LENGTH: the header announces more payload than there is (truncated PDU)', () => {
    expectRejected(ok.slice(0, ok.length - 1), 'PAYLOAD_LENGTH', 'payloadLength', 6);
    expectRejected(ok.slice(0, 8 + 2), 'PAYLOAD_LENGTH', 'payloadLength', 6);
    const longer = ok.slice();
    longer[7]! += 1;
    expectRejected(longer, 'PAYLOAD_LENGTH', 'payloadLength', 6);
  });

  it('TRAILING_BYTES: bytes after the announced payload', () => {
    expectRejected(concatBytes(ok, Uint8Array.of(0)), 'TRAILING_BYTES', 'payload', ok.length);
    const shorter = ok.slice();
    shorter[7]! -= 35; // announce everything but the nonceN TLV
    expectRejected(shorter, 'TRAILING_BYTES', 'payload', ok.length - 35);
  });

  it('TRUNCATED_TLV: a TLV header or value runs past the payload', () => {
    const twoLeft = joinTlvs(ok.subarray(0, 8), []);
    const twoBytes = concatBytes(twoLeft.subarray(0, 6), u16be(2), Uint8Array.of(1, 0));
    expectRejected(twoBytes, 'TRUNCATED_TLV', 'src', 8);
    const nonceAt = offsetOf(ok, 'nonceN');
    const c = ok.slice();
    c[nonceAt + 2] = 33; // nonceN announces 33 bytes, 32 remain
    expectRejected(c, 'TRUNCATED_TLV', 'nonceN', nonceAt);
    const afterLast = concatBytes(ok, Uint8Array.of(0xf0));
    afterLast[7]! += 1;
    expectRejected(afterLast, 'TRUNCATED_TLV', 'tlv#240', ok.length);
  });

  it('UNKNOWN_TLV: an unassigned type, wherever it is', () => {
    expectRejected(withTlvs(authRequest, (t) => [...t, { type: UNASSIGNED_TLV_TYPE, value: Uint8Array.of(0) }]), 'UNKNOWN_TLV', `tlv#${UNASSIGNED_TLV_TYPE}`, ok.length);
    expectRejected(withTlvs(authRequest, (t) => [{ type: 0, value: new Uint8Array(0) }, ...t]), 'UNKNOWN_TLV', 'tlv#0', 8);
    expectRejected(withTlvs(authRequest, (t) => [...t.slice(0, 2), { type: 21, value: Uint8Array.of(1) }, ...t.slice(2)]), 'UNKNOWN_TLV', 'tlv#21', offsetOf(ok, 'mn'));
  });

  it('DUPLICATE_TLV: the same type twice', () => {
    const dup = withTlvs(authRequest, (t) => [t[0]!, ...t]);
    expectRejected(dup, 'DUPLICATE_TLV', 'src', 8 + 6);
    const dupMac = withTlvs(preregRequest, (t) => [...t, t.at(-1)!]);
    expectRejected(dupMac, 'DUPLICATE_TLV', 'mac', encode(preregRequest).length);
  });

  it('TLV_ORDER: TLVs not in increasing type order', () => {
    const swapped = withTlvs(authRequest, (t) => [t[1]!, t[0]!, ...t.slice(2)]);
    expectRejected(swapped, 'TLV_ORDER', 'src', 8 + 4);
  });

  it('TLV_NOT_ALLOWED: a known TLV this PDU type does not carry', () => {
    const withMac = withTlvs(authRequest, (t) => [...t, { type: TLV.mac.type, value: fill(0, 16) }]);
    expectRejected(withMac, 'TLV_NOT_ALLOWED', 'mac', ok.length);
    const withWrapped = withTlvs(preregRequest, (t) => [...t.slice(0, -1), { type: TLV.wrappedK.type, value: fill(0, 64) }, t.at(-1)!]);
    expectRejected(withWrapped, 'TLV_NOT_ALLOWED', 'wrappedK', encode(preregRequest).length - 19);
  });

  it('MISSING_TLV: a mandatory TLV is absent (reported at the end of the payload)', () => {
    const noNonce = withTlvs(authRequest, (t) => t.filter((x) => x.type !== TLV.nonceN.type));
    expectRejected(noNonce, 'MISSING_TLV', 'nonceN', noNonce.length);
    const noMac = withTlvs(preregResponse, (t) => t.filter((x) => x.type !== TLV.mac.type));
    expectRejected(noMac, 'MISSING_TLV', 'mac', noMac.length);
    const empty = joinTlvs(ok.subarray(0, 8), []);
    expectRejected(empty, 'MISSING_TLV', 'src', 8);
  });

  it('BAD_LENGTH: nonce, mac, wrapped K, identity and one-byte fields of the wrong size', () => {
    const cases: [Pdu, TlvField, Uint8Array][] = [
      [authRequest, 'nonceN', fill(1, 31)],
      [authRequest, 'nonceN', fill(1, 33)],
      [preregResponse, 'nonceT', fill(1, 0)],
      [preregRequest, 'mac', fill(1, 15)],
      [preregRequest, 'mac', fill(1, 32)],
      [n2nRequest, 'wrappedK', fill(1, 63)],
      [authRequest, 'src', new Uint8Array(0)],
      [authRequest, 'mn', fill(0x61, 254)],
      [authRequest, 'method', Uint8Array.of(1, 1)],
      [preregResponse, 'status', new Uint8Array(0)],
      [preregRequest, 'fallback', Uint8Array.of(0, 0)],
      [preregRequest, 'depth', Uint8Array.of(0, 1)],
      [preregResponse, 'suite', Uint8Array.of(1, 1)],
      [preregRequest, 'suites', fill(1, 256)],
    ];
    for (const [pdu, field, value] of cases) {
      const bytes = setValue(pdu, field, value);
      expectRejected(bytes, 'BAD_LENGTH', field, offsetOf(bytes, field) + 1);
    }
  });

  //= SPEC_MAPPING.md#A-SUITES
  //= type=test
  //# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
  //# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
  it('BAD_ENUM: ID_TYPE 4..255, unknown status/reason/method/root, suites outside 1..4 (A-SUITES)', () => {
    const authResponse: Pdu = { type: 'MIS_Auth.response', src: 'A', dst: 'mn1', mn: 'mn1', tid: 1, status: 'SUCCESS', nonceN: fill(1, 32), nonceP: fill(2, 32), idType: 3 };
    for (const idType of [4, 5, 128, 255]) {
      const bytes = setValue(authResponse, 'idType', Uint8Array.of(idType));
      expectRejected(bytes, 'BAD_ENUM', 'idType', offsetOf(bytes, 'idType') + 3);
    }
    const cases: [Pdu, TlvField, number][] = [
      [preregResponse, 'status', 4],
      [preregResponse, 'status', 255],
      [preregResponse, 'reason', 11],
      [authRequest, 'method', 0],
      [authRequest, 'method', 4],
      [n2nRequest, 'root', 0],
      [n2nRequest, 'root', 5],
      [preregResponse, 'suite', 0],
      [preregResponse, 'suite', 5],
    ];
    for (const [pdu, field, code] of cases) {
      const bytes = setValue(pdu, field, Uint8Array.of(code));
      expectRejected(bytes, 'BAD_ENUM', field, offsetOf(bytes, field) + 3);
    }
    const badList = setValue(preregRequest, 'suites', Uint8Array.of(1, 2, 7, 1));
    expectRejected(badList, 'BAD_ENUM', 'suites', offsetOf(badList, 'suites') + 3 + 2);
  });

  it('accepts every ID_TYPE 0..3 and every depth 0..255', () => {
    for (const idType of [0, 1, 2, 3] as const) {
      const p: Pdu = { type: 'MIS_Auth.response', src: 'A', dst: 'm', mn: 'm', tid: 0, status: 'SUCCESS', nonceN: fill(1, 32), nonceP: fill(2, 32), idType };
      expect(decode(encode(p))).toStrictEqual(p);
    }
    for (let depth = 0; depth < 256; depth++) expect(decode(setValue(preregRequest, 'depth', Uint8Array.of(depth)))).toMatchObject({ depth });
  });

  it('BAD_BOOLEAN: a flag byte other than 0 or 1', () => {
    for (const b of [2, 0x80, 0xff]) {
      const bytes = setValue(preregRequest, 'fallback', Uint8Array.of(b));
      expectRejected(bytes, 'BAD_BOOLEAN', 'fallback', offsetOf(bytes, 'fallback') + 3);
    }
  });

  it('BAD_UTF8: identities that are not well-formed UTF-8', () => {
    const bad = [
      Uint8Array.of(0xff),
      Uint8Array.of(0x61, 0x80), // lone continuation byte
      Uint8Array.of(0xc0, 0x80), // overlong NUL
      Uint8Array.of(0xed, 0xa0, 0x80), // UTF-16 surrogate
      Uint8Array.of(0xf4, 0x90, 0x80, 0x80), // above U+10FFFF
      Uint8Array.of(0xe2, 0x82), // truncated sequence
    ];
    for (const value of bad) {
      for (const field of ['src', 'dst', 'mn'] as const) {
        const bytes = setValue(authRequest, field, value);
        expectRejected(bytes, 'BAD_UTF8', field, offsetOf(bytes, field) + 3);
      }
    }
  });

  it('keeps a leading BOM as part of an identity (so re-encoding is byte-exact)', () => {
    const p = { ...authRequest, src: '\uFEFFmn1' };
    expect(decode(encode(p))).toStrictEqual(p);
  });

  it('checks rules in a fixed order: framing before TLVs, TLV type before value', () => {
    // Unknown message id wins over a bad payload length.
    const c = concatBytes(ok.subarray(0, 2), u16be(0x17ff), ok.subarray(4), Uint8Array.of(0));
    expect(decodeError(c).code).toBe('UNKNOWN_MESSAGE');
    // A not-allowed TLV with a bad value is reported as not allowed.
    const bytes = withTlvs(authRequest, (t) => [...t, { type: TLV.mac.type, value: fill(0, 3) }]);
    expect(decodeError(bytes).code).toBe('TLV_NOT_ALLOWED');
  });

  it('INTERNAL: a non-Uint8Array input is still a DecodeError', () => {
    expect(decodeError('not bytes' as unknown as Uint8Array).code).toBe('INTERNAL');
    expect(decodeError(null as unknown as Uint8Array).code).toBe('INTERNAL');
  });
});
