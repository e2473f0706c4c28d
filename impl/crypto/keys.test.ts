import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../test/hex.ts';
import { concatBytes, toHex, u16be, u8, utf8 } from '../bytes.ts';
import { CryptoError } from './errors.ts';
import { deriveFullMisk, deriveK, deriveOptimizedMisk, eapEmsk, eapMsk, erpRrk, tlsExporter } from './keys.ts';

const key = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const nN = new Uint8Array(32).fill(0x11);
const nT = new Uint8Array(32).fill(0x22);
const nP = new Uint8Array(32).fill(0x33);
const idArb = fc.string({ minLength: 1, maxLength: 12 });
const nonceArb = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('key schedule regression vectors (docs/protocol.md §6, pinned once)', () => {
  it('K, optimized MISK, full MISK', () => {
    expect(toHex(deriveK(key, 'mn1', 'A', 'B', nN))).toBe('608440c13933df722f2a811654518275cd2a88835f7e14bcf91aa29434d67479');
    expect(toHex(deriveOptimizedMisk(key, nN, nT, 1, 'mn1', 'B'))).toBe('f97d0f73e0b53fd5018c726173e63abb926a19be3640d7920acde33231ed48e7');
    expect(toHex(deriveFullMisk(key, nN, nP, 'mn1', 'A'))).toBe('91864c04bb26eed613da4fcc31fd5d3c20115f21701ec812f94bc9a357058bd1');
  });

  it('ERP rRK', () => {
    expect(toHex(erpRrk(key))).toBe(
      '821e254b59e0df9f0a879569a97481d763e71984bf60c83bc388f1c71d607631961b40d188170b5a14ed181173b2980047da4624fa0f590fee3d33541a31e1ae',
    );
  });

  it('stand-in exchange keys', () => {
    expect(toHex(eapMsk(key, 'mn1', 'A', nN, nP))).toBe(
      '1136ede3eeb095b97a1072d4f2c0e58d100acd1233113d2e7b316ecc4259cdca508d2d6de363214bb4f06293a158201c64283166249e3bd9a782873010d6bab1',
    );
    expect(toHex(eapEmsk(key, 'mn1', 'A', nN, nP))).toBe(
      'c8d1f951c321b2e356ccf265640096f0de75e5e7fc58ac2a7e62757ec90854f6e35adf351e69f88f96ced4d3fb2f7e81da7e04a1a66223440eb3e67534a3effd',
    );
    expect(toHex(tlsExporter(key, 'mn1', 'A', nN, nP))).toBe('5b6745313ce2ed07d39ff6030eb765c53fdd8c43275aa9a0987bb8ce12607ef5');
  });
});

describe('K (A-K-BIND)', () => {
  it('is bound to the TPoS: two TPoS ids give different K', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), idArb, idArb, idArb, idArb, nonceArb, (misk, mn, spos, t1, t2, nonce) => {
        fc.pre(t1 !== t2);
        expect(toHex(deriveK(misk, mn, spos, t1, nonce))).not.toBe(toHex(deriveK(misk, mn, spos, t2, nonce)));
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('depends on every input: MISK, mn, spos, nonceN', () => {
    const base = toHex(deriveK(key, 'mn1', 'A', 'B', nN));
    expect(toHex(deriveK(nT, 'mn1', 'A', 'B', nN))).not.toBe(base);
    expect(toHex(deriveK(key, 'mn2', 'A', 'B', nN))).not.toBe(base);
    expect(toHex(deriveK(key, 'mn1', 'C', 'B', nN))).not.toBe(base);
    expect(toHex(deriveK(key, 'mn1', 'A', 'B', nT))).not.toBe(base);
  });

  it('length-prefixes identities, so shifting bytes between ids changes K', () => {
    expect(toHex(deriveK(key, 'mn1', 'AB', 'C', nN))).not.toBe(toHex(deriveK(key, 'mn1', 'A', 'BC', nN)));
  });

  it('is exactly KDF(MISK, "proauth 5.14.2 K", lp(mn) | lp(spos) | lp(tpos) | nonceN, 32)', () => {
    const s = concatBytes(utf8('proauth 5.14.2 K'), u8(0), u16be(3), utf8('mn1'), u16be(1), utf8('A'), u16be(1), utf8('B'), nN, u8(1));
    expect(toHex(deriveK(key, 'mn1', 'A', 'B', nN))).toBe(toHex(hmac(sha256, key, s)));
  });
});

describe('MISK (A-MISK, 5.14.2-S9)', () => {
  it('MN and TPoS computing from the same K and exchange agree; any other suite, nonceT or TPoS differs', () => {
    fc.assert(
      fc.property(nonceArb, nonceArb, fc.integer({ min: 1, max: 4 }), (n1, n2, suite) => {
        const k = deriveK(key, 'mn1', 'A', 'B', n1);
        const misk = toHex(deriveOptimizedMisk(k, n1, n2, suite, 'mn1', 'B'));
        expect(toHex(deriveOptimizedMisk(k.slice(), n1.slice(), n2.slice(), suite, 'mn1', 'B'))).toBe(misk);
        expect(toHex(deriveOptimizedMisk(k, n1, n2, (suite % 4) + 1, 'mn1', 'B'))).not.toBe(misk);
        expect(toHex(deriveOptimizedMisk(k, n1, n1, suite, 'mn1', 'B')) === misk).toBe(toHex(n1) === toHex(n2));
        expect(toHex(deriveOptimizedMisk(k, n1, n2, suite, 'mn1', 'C'))).not.toBe(misk);
      }),
      { seed: 13, numRuns: 100 },
    );
  });

  it('full MISK differs per root key and per PoS', () => {
    const base = toHex(deriveFullMisk(key, nN, nP, 'mn1', 'A'));
    expect(toHex(deriveFullMisk(nT, nN, nP, 'mn1', 'A'))).not.toBe(base);
    expect(toHex(deriveFullMisk(key, nN, nP, 'mn1', 'B'))).not.toBe(base);
  });

  //= SPEC_MAPPING.md#A-NONCE
  //= type=test
  //# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every
  //# response echoes nonceN and a wrong echo is discarded.
  it('rejects nonces that are not 32 bytes (A-NONCE) and empty keys', () => {
    const short = new Uint8Array(31);
    expect(() => deriveK(key, 'm', 'a', 'b', short)).toThrow(expect.objectContaining({ code: 'NONCE_LENGTH' }));
    expect(() => deriveOptimizedMisk(key, nN, short, 1, 'm', 'b')).toThrow(expect.objectContaining({ code: 'NONCE_LENGTH' }));
    expect(() => deriveFullMisk(key, new Uint8Array(33), nP, 'm', 'a')).toThrow(expect.objectContaining({ code: 'NONCE_LENGTH' }));
    expect(() => deriveK(new Uint8Array(0), 'm', 'a', 'b', nN)).toThrow(expect.objectContaining({ code: 'KEY_LENGTH' }));
    expect(() => deriveOptimizedMisk(key, nN, nT, 256, 'm', 'b')).toThrow(expect.objectContaining({ code: 'SUITE' }));
    expect(() => eapMsk(key, 'm', 'a', nN, short)).toThrow(CryptoError);
  });
});

//= spec/clause-5.14-proposed-text.txt#5.14.2-N2b
//= type=test
//# In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or
//# ERP execution.
describe('ERP (RFC 6696, 5.14.2-N2b)', () => {
  it('rRK follows RFC 6696 §4.1 with S = label | 0x00 | length(2 bytes)', () => {
    const s = concatBytes(utf8('EAP Re-authentication Root Key@ietf.org'), u8(0), u16be(64));
    const t1 = hmac(sha256, key, concatBytes(s, u8(1)));
    const t2 = hmac(sha256, key, concatBytes(t1, s, u8(2)));
    expect(toHex(erpRrk(key))).toBe(toHex(concatBytes(t1, t2)));
  });
});
