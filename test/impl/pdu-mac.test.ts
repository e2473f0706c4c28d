import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../impl/bytes.ts';
import { MAC_LENGTH } from '../../impl/crypto/mac.ts';
import { mac, verifyMac } from './pdu-mac.ts';

describe('mac (HMAC-SHA-256/128)', () => {
  it('RFC 4231 test case 5 (truncation to 128 bits)', () => {
    const tag = mac(new Uint8Array(20).fill(0x0c), utf8('Test With Truncation'));
    expect(tag).toHaveLength(MAC_LENGTH);
    expect(toHex(tag)).toBe('a3b6167473100ee06e0c796c2955552b');
  });

  it('is the first 16 bytes of RFC 4231 test case 2', () => {
    expect(toHex(mac(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe('5bdcc146bf60754e6a042426089575c7');
  });

  it('verifies its own tags and rejects any other tag, key or data', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.nat({ max: MAC_LENGTH * 8 - 1 }),
        (key, data, bit) => {
          const tag = mac(key, data);
          expect(verifyMac(key, data, tag)).toBe(true);
          const flipped = tag.slice();
          flipped[bit >> 3]! ^= 1 << (bit & 7);
          expect(verifyMac(key, data, flipped)).toBe(false);
          expect(verifyMac(key, Uint8Array.of(...data, 0), tag)).toBe(false);
          expect(verifyMac(Uint8Array.of(...key, 1), data, tag)).toBe(false);
        },
      ),
      { seed: 4231, numRuns: 200 },
    );
  });

  it('rejects tags of the wrong length, including a correct prefix and the full HMAC', () => {
    const key = utf8('k');
    const data = utf8('d');
    const tag = mac(key, data);
    expect(verifyMac(key, data, tag.slice(0, 15))).toBe(false);
    expect(verifyMac(key, data, new Uint8Array(0))).toBe(false);
    expect(verifyMac(key, data, Uint8Array.of(...tag, 0))).toBe(false);
  });
});
