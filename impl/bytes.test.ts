import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../test/hex.ts';
import { bytesEqual, concatBytes, lengthPrefixed, toHex, u16be, u32be, u8, utf8 } from './bytes.ts';

describe('bytes', () => {
  it('lengthPrefixed is a 2-byte big-endian UTF-8 length then the UTF-8', () => {
    expect(toHex(lengthPrefixed('mn1'))).toBe('00036d6e31');
    expect(toHex(lengthPrefixed(''))).toBe('0000');
    expect(toHex(lengthPrefixed('é'))).toBe('0002c3a9');
    expect(lengthPrefixed('x'.repeat(300)).subarray(0, 2)).toEqual(Uint8Array.of(1, 44));
    expect(() => lengthPrefixed('x'.repeat(65536))).toThrow(RangeError);
  });

  it('integer encoders are big-endian and range-checked', () => {
    expect(toHex(u8(255))).toBe('ff');
    expect(toHex(u16be(0x1234))).toBe('1234');
    expect(toHex(u32be(0x01020304))).toBe('01020304');
    for (const bad of [-1, 256, 1.5]) expect(() => u8(bad)).toThrow(RangeError);
    expect(() => u16be(65536)).toThrow(RangeError);
    expect(() => u32be(2 ** 32)).toThrow(RangeError);
  });

  it('hex round-trips and rejects malformed hex', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(bytesEqual(fromHex(toHex(b)), b)).toBe(true);
      }), { seed: 5 });
    expect(fromHex('ABcd')).toEqual(Uint8Array.of(0xab, 0xcd));
    expect(() => fromHex('abc')).toThrow(RangeError);
    expect(() => fromHex('zz')).toThrow(RangeError);
  });

  it('hex is two lower-case digits per byte, also past the chunk of bytes converted at once', () => {
    const digits = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    for (const n of [0, 1, 32, 4095, 4096, 4097, 9000]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff);
      expect(toHex(b)).toBe(digits(b));
    }
  });

  it('utf8 equals TextEncoder for ASCII, non-ASCII and lone surrogates', () => {
    const encoder = new TextEncoder();
    for (const s of ['', 'mn1', 'proauth 5.14.2 K', 'é', 'a\u{1F600}b', 'x\uD800y', '\u007f\u0080']) expect(utf8(s)).toEqual(encoder.encode(s));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        expect(utf8(s)).toEqual(encoder.encode(s));
      }), { seed: 8 });
  });

  it('concatBytes concatenates', () => {
    expect(toHex(concatBytes(utf8('a'), new Uint8Array(0), Uint8Array.of(1, 2)))).toBe('610102');
    expect(concatBytes()).toHaveLength(0);
  });
});
