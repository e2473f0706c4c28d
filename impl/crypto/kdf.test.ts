import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../test/hex.ts';
import { concatBytes, toHex, u8, utf8 } from '../bytes.ts';
import { CryptoError } from './errors.ts';
import { KDF_MAX_LENGTH, KeyedHmacSha256, kdf } from './kdf.ts';

const repeat = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);
const range = (from: number, to: number): Uint8Array => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);

// RFC 4231 §4: HMAC-SHA-256 test cases (test case 5 is truncated to 128 bits; see mac.test.ts).
const RFC4231 = [
  { tc: 1, key: repeat(0x0b, 20), data: utf8('Hi There'), mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
  { tc: 2, key: utf8('Jefe'), data: utf8('what do ya want for nothing?'), mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
  { tc: 3, key: repeat(0xaa, 20), data: repeat(0xdd, 50), mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe' },
  { tc: 4, key: range(0x01, 0x19), data: repeat(0xcd, 50), mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b' },
  {
    tc: 6,
    key: repeat(0xaa, 131),
    data: utf8('Test Using Larger Than Block-Size Key - Hash Key First'),
    mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    tc: 7,
    key: repeat(0xaa, 131),
    data: utf8('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

describe('KeyedHmacSha256 (one key, many tags)', () => {
  // RFC 4231 §4 test cases 6 and 7 have a key longer than a block.
  for (const v of RFC4231) {
    it(`gives the tag of RFC 4231 test case ${v.tc}`, () => {
      expect(toHex(new KeyedHmacSha256(v.key).of(v.data))).toBe(v.mac);
    });
  }

  it("equals noble's one-shot hmac over the concatenated parts, tag after tag, interleaved with other keys", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 80 }), fc.array(fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 4 }), { maxLength: 5 }), (k1, k2, messages) => {
        const a = new KeyedHmacSha256(k1);
        const b = new KeyedHmacSha256(k2);
        for (const parts of messages) {
          expect(a.of(...parts)).toEqual(hmac(sha256, k1, concatBytes(...parts)));
          expect(b.of(...parts)).toEqual(hmac(sha256, k2, concatBytes(...parts)));
        }
      }),
    );
  });

  it('hands out independent arrays (the scratch it finishes into is not shared with callers)', () => {
    const h = new KeyedHmacSha256(repeat(1, 32));
    const first = h.of(utf8('one'));
    const copy = first.slice();
    h.of(utf8('two'));
    new KeyedHmacSha256(repeat(2, 32)).of(utf8('three'));
    expect(first).toEqual(copy);
    expect(first.length).toBe(32);
  });
});

//= SPEC_MAPPING.md#A-KDF
//= type=test
//# KDF in the style of RFC 5295 with HMAC-SHA-256: T1 = HMAC(key, label ‖ 0x00 ‖ seed ‖ 0x01), Tn =
//# HMAC(key, Tn-1 ‖ label ‖ 0x00 ‖ seed ‖ n).
/**
 * RFC 5869 HKDF-SHA-256 written out over KeyedHmacSha256: its expand step is the prf+ chain the
 * A-KDF's blocks use (T(n) = HMAC(PRK, T(n-1) | info | n)), so its known answers prove that HMAC
 * and that chaining.
 */
function hkdf(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const prk = new KeyedHmacSha256(salt).of(ikm);
  const expand = new KeyedHmacSha256(prk);
  const blocks: Uint8Array[] = [];
  for (let n = 1, t: Uint8Array = new Uint8Array(0); blocks.length * 32 < length; n++) blocks.push((t = expand.of(t, info, u8(n))));
  return concatBytes(...blocks).slice(0, length);
}

describe('HKDF-SHA-256 over KeyedHmacSha256 (RFC 5869 known answers, proving the HMAC we build on)', () => {
  it('test case 1', () => {
    const okm = hkdf(repeat(0x0b, 22), range(0x00, 0x0c), range(0xf0, 0xf9), 42);
    expect(toHex(okm)).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });
  it('test case 2 (long inputs)', () => {
    const okm = hkdf(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82);
    expect(toHex(okm)).toBe(
      'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87',
    );
  });
  it('test case 3 (empty salt and info)', () => {
    const okm = hkdf(repeat(0x0b, 22), new Uint8Array(0), new Uint8Array(0), 42);
    expect(toHex(okm)).toBe('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8');
  });
});

//= SPEC_MAPPING.md#A-KDF
//= type=test
//# KDF in the style of RFC 5295 with HMAC-SHA-256: T1 = HMAC(key, label ‖ 0x00 ‖ seed ‖ 0x01), Tn =
//# HMAC(key, Tn-1 ‖ label ‖ 0x00 ‖ seed ‖ n).
/** The A-KDF formula of docs/protocol.md §6 written out literally, as an independent oracle. */
function referenceKdf(key: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  const s = concatBytes(utf8(label), u8(0), seed);
  let t = hmac(sha256, key, concatBytes(s, u8(1)));
  const blocks = [t];
  for (let n = 2; blocks.length * 32 < length; n++) {
    t = hmac(sha256, key, concatBytes(t, s, u8(n)));
    blocks.push(t);
  }
  return concatBytes(...blocks).slice(0, length);
}

describe('kdf (A-KDF)', () => {
  const key = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');

  it('matches pinned regression vectors', () => {
    expect(toHex(kdf(key, 'proauth test', utf8('seed'), 40))).toBe('01a46faa6ee9f9f2ed97c1dba6c2bd4b9eb17c8fcc458945700ebf8d06fba4cd6a572f080243a058');
    expect(toHex(kdf(key, 'proauth test', new Uint8Array(0), 1))).toBe('fb');
  });

  it('T1 is HMAC(key, label | 0x00 | seed | 0x01)', () => {
    const expected = hmac(sha256, key, concatBytes(utf8('L'), u8(0), utf8('S'), u8(1)));
    expect(toHex(kdf(key, 'L', utf8('S'), 32))).toBe(toHex(expected));
  });

  it('equals the literal formula for any key, label, seed and length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.string({ maxLength: 20 }).filter((l) => !l.includes('\u0000')),
        fc.uint8Array({ maxLength: 80 }),
        fc.integer({ min: 0, max: 200 }),
        (k, label, seed, length) => {
          expect(toHex(kdf(k, label, seed, length))).toBe(toHex(referenceKdf(k, label, seed, length)));
        },
      ),
      { seed: 0x5295, numRuns: 200 },
    );
  });

  it('a shorter output is a prefix of a longer one (the profile does not put the length in S)', () => {
    const long = kdf(key, 'x', utf8('y'), 100);
    for (const n of [0, 1, 31, 32, 33, 64, 65]) expect(toHex(kdf(key, 'x', utf8('y'), n))).toBe(toHex(long.slice(0, n)));
  });

  it('handles the length edges 0, 1, 32, 33 and the 255-block maximum', () => {
    expect(kdf(key, 'x', utf8('y'), 0)).toHaveLength(0);
    expect(kdf(key, 'x', utf8('y'), 1)).toHaveLength(1);
    expect(kdf(key, 'x', utf8('y'), 32)).toHaveLength(32);
    expect(kdf(key, 'x', utf8('y'), 33)).toHaveLength(33);
    const max = kdf(key, 'x', utf8('y'), KDF_MAX_LENGTH);
    expect(KDF_MAX_LENGTH).toBe(255 * 32);
    expect(toHex(max.slice(-32))).toBe(toHex(referenceKdf(key, 'x', utf8('y'), KDF_MAX_LENGTH).slice(-32)));
  });

  it.each([KDF_MAX_LENGTH + 1, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects length %s with CryptoError KDF_LENGTH', (length) => {
    expect(() => kdf(key, 'x', utf8('y'), length)).toThrow(CryptoError);
    try {
      kdf(key, 'x', utf8('y'), length);
    } catch (e) {
      expect((e as CryptoError).code).toBe('KDF_LENGTH');
    }
  });

  it('rejects a label containing NUL (label | 0x00 | seed would be ambiguous)', () => {
    expect(() => kdf(key, 'a\u0000b', utf8('y'), 32)).toThrow(expect.objectContaining({ code: 'KDF_LABEL' }));
  });

  it('separates labels and seeds', () => {
    expect(toHex(kdf(key, 'a', utf8('b'), 32))).not.toBe(toHex(kdf(key, 'b', utf8('a'), 32)));
    expect(toHex(kdf(key, 'a', utf8('b'), 32))).not.toBe(toHex(kdf(key, 'a', utf8('c'), 32)));
  });

  it('never puts key bytes in an error message', () => {
    const secret = repeat(0xab, 32);
    try {
      kdf(secret, 'x', new Uint8Array(0), -5);
      expect.unreachable();
    } catch (e) {
      expect(String(e)).not.toContain(toHex(secret).slice(0, 8));
    }
  });
});
