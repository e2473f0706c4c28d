import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../test/hex.ts';
import { toHex, utf8 } from '../bytes.ts';
import { CryptoError } from './errors.ts';
import { WRAPPED_K_LENGTH, WRAP_NONCE_LENGTH, WRAP_OVERHEAD, WrapKeys } from './wrap.ts';

// One-shot forms for the tests: impl/ itself keeps one WrapKeys per kek (impl/entities/sa.ts).
const wrapKey = (kek: Uint8Array, key: Uint8Array, aad: Uint8Array, nonce: Uint8Array): Uint8Array => new WrapKeys(kek).wrap(key, aad, nonce);
const unwrapKey = (kek: Uint8Array, wrapped: Uint8Array, aad: Uint8Array): Uint8Array | null => new WrapKeys(kek).unwrap(wrapped, aad);

const kekArb = fc.uint8Array({ minLength: 16, maxLength: 64 });
const keyArb = fc.uint8Array({ minLength: 1, maxLength: 80 });
const aadArb = fc.uint8Array({ maxLength: 40 });
const nonceArb = fc.uint8Array({ minLength: WRAP_NONCE_LENGTH, maxLength: WRAP_NONCE_LENGTH });

describe('wrapKey / unwrapKey (5.14.2-S6: K travels protected)', () => {
  it('matches the pinned regression vector', () => {
    const kek = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const wrapped = wrapKey(kek, new Uint8Array(32).fill(0x22), utf8('aad'), new Uint8Array(16).fill(0x44));
    expect(toHex(wrapped)).toBe(
      '4444444444444444444444444444444480b98e35b6023e79596e571c7966d6fc3245f7890d05f1174056602918d34281a6395a8a84dc87c76c47e0b99a64b557',
    );
  });

  it('round-trips and has length |key| + 32 (nonce | ciphertext | tag)', () => {
    fc.assert(
      fc.property(kekArb, keyArb, aadArb, nonceArb, (kek, key, aad, nonce) => {
        const wrapped = wrapKey(kek, key, aad, nonce);
        expect(wrapped).toHaveLength(key.length + WRAP_OVERHEAD);
        expect(toHex(wrapped.subarray(0, WRAP_NONCE_LENGTH))).toBe(toHex(nonce));
        expect(toHex(unwrapKey(kek, wrapped, aad) ?? new Uint8Array(0))).toBe(toHex(key));
      }),
      { seed: 6, numRuns: 200 },
    );
    expect(WRAPPED_K_LENGTH).toBe(64);
  });

  it('WrapKeys made once for a kek wraps and unwraps like wrapKey/unwrapKey, use after use', () => {
    fc.assert(
      fc.property(kekArb, fc.array(fc.tuple(keyArb, aadArb, nonceArb), { minLength: 1, maxLength: 4 }), (kek, uses) => {
        const keys = new WrapKeys(kek);
        for (const [key, aad, nonce] of uses) {
          const wrapped = keys.wrap(key, aad, nonce);
          expect(toHex(wrapped)).toBe(toHex(wrapKey(kek, key, aad, nonce)));
          expect(toHex(keys.unwrap(wrapped, aad) ?? new Uint8Array(0))).toBe(toHex(key));
          expect(keys.unwrap(wrapped, new Uint8Array([...aad, 0]))).toBeNull();
        }
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('does not carry the key in clear', () => {
    const key = new Uint8Array(32).fill(0x5a);
    const wrapped = wrapKey(new Uint8Array(32).fill(1), key, new Uint8Array(0), new Uint8Array(16));
    expect(toHex(wrapped)).not.toContain(toHex(key));
  });

  it('rejects any single-bit flip anywhere in the wrapped key', () => {
    fc.assert(
      fc.property(kekArb, keyArb, aadArb, nonceArb, fc.nat(), (kek, key, aad, nonce, bit) => {
        const wrapped = wrapKey(kek, key, aad, nonce);
        const i = bit % (wrapped.length * 8);
        const tampered = wrapped.slice();
        tampered[i >> 3]! ^= 1 << (i & 7);
        expect(unwrapKey(kek, tampered, aad)).toBeNull();
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('rejects another kek (one bit flipped), another aad, truncation and extension', () => {
    fc.assert(
      fc.property(kekArb, keyArb, aadArb, nonceArb, (kek, key, aad, nonce) => {
        const wrapped = wrapKey(kek, key, aad, nonce);
        // (Appending 0x00 would not do: HMAC zero-pads short keys, so kek | 0x00 is the same key.)
        const otherKek = kek.slice();
        otherKek[0]! ^= 1;
        expect(unwrapKey(otherKek, wrapped, aad)).toBeNull();
        expect(unwrapKey(kek, wrapped, Uint8Array.of(...aad, 0))).toBeNull();
        expect(unwrapKey(kek, wrapped.subarray(0, wrapped.length - 1), aad)).toBeNull();
        expect(unwrapKey(kek, Uint8Array.of(...wrapped, 0), aad)).toBeNull();
      }),
      { seed: 8, numRuns: 200 },
    );
  });

  it('returns null for inputs too short to hold nonce, key and tag', () => {
    const kek = new Uint8Array(32);
    for (const n of [0, 1, 16, 31, 32]) expect(unwrapKey(kek, new Uint8Array(n), new Uint8Array(0))).toBeNull();
  });

  it('different nonces give different ciphertexts of the same key', () => {
    const kek = new Uint8Array(32).fill(9);
    const key = new Uint8Array(32).fill(3);
    const a = wrapKey(kek, key, new Uint8Array(0), new Uint8Array(16).fill(1));
    const b = wrapKey(kek, key, new Uint8Array(0), new Uint8Array(16).fill(2));
    expect(toHex(a.subarray(16, 48))).not.toBe(toHex(b.subarray(16, 48)));
  });

  it('refuses a nonce that is not 16 bytes and an empty key, with CryptoError', () => {
    const kek = new Uint8Array(32);
    expect(() => wrapKey(kek, new Uint8Array(32), new Uint8Array(0), new Uint8Array(15))).toThrow(expect.objectContaining({ code: 'WRAP_NONCE_LENGTH' }));
    expect(() => wrapKey(kek, new Uint8Array(0), new Uint8Array(0), new Uint8Array(16))).toThrow(CryptoError);
  });
});
