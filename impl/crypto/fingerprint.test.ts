import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../test/hex.ts';
import { concatBytes, toHex, utf8 } from '../bytes.ts';
import { fingerprint } from './fingerprint.ts';

describe('fingerprint', () => {
  it('is hex of the first 8 bytes of SHA-256("proauth-fp" | key)', () => {
    const key = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    expect(fingerprint(key)).toBe('4a72b2e5ee85b458');
    expect(fingerprint(key)).toBe(toHex(sha256(concatBytes(utf8('proauth-fp'), key)).slice(0, 8)));
  });

  it('is 16 lower-case hex characters and never a prefix (or substring) of the key hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 64 }), (key) => {
        const fp = fingerprint(key);
        expect(fp).toMatch(/^[0-9a-f]{16}$/);
        expect(toHex(key).startsWith(fp)).toBe(false);
        expect(toHex(key)).not.toContain(fp);
      }),
      { seed: 9, numRuns: 500 },
    );
  });

  it('separates distinct keys (no collisions in a sample)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 50, maxLength: 50, selector: toHex }), (keys) => {
        expect(new Set(keys.map(fingerprint)).size).toBe(keys.length);
      }),
      { seed: 10, numRuns: 20 },
    );
  });
});
