import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../bytes.ts';
import { CryptoError } from './errors.ts';
import { seededRandom, sharedSeededRandom } from './random.ts';

describe('seededRandom', () => {
  it('matches pinned regression vectors (a seed replays byte for byte across versions)', () => {
    expect(toHex(seededRandom('proauth').bytes(40))).toBe('00568349f6e082a5480371f7194e5f20c3b14599b58eb9410a3d34879fd65a9d06fc71745037ec6c');
    expect(toHex(seededRandom(42).bytes(16))).toBe('474229df71bff88c89565c201e99f1ce');
  });

  it('is deterministic and its stream does not depend on how it is chunked', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer()), fc.array(fc.nat({ max: 70 }), { maxLength: 8 }), (seed, chunks) => {
        const total = chunks.reduce((a, b) => a + b, 0);
        const a = seededRandom(seed);
        const pieces = chunks.map((n) => a.bytes(n));
        expect(toHex(concatBytes(...pieces))).toBe(toHex(seededRandom(seed).bytes(total)));
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('different seeds give different streams; 1 and "1" are different seeds', () => {
    expect(toHex(seededRandom(1).bytes(32))).not.toBe(toHex(seededRandom(2).bytes(32)));
    expect(toHex(seededRandom(1).bytes(32))).not.toBe(toHex(seededRandom('1').bytes(32)));
    expect(toHex(seededRandom('a').bytes(32))).not.toBe(toHex(seededRandom('b').bytes(32)));
  });

  it('consecutive draws differ', () => {
    const r = seededRandom('x');
    expect(toHex(r.bytes(32))).not.toBe(toHex(r.bytes(32)));
  });

  it('rejects a bad count with CryptoError', () => {
    for (const n of [-1, 1.5, Number.NaN]) expect(() => seededRandom(0).bytes(n)).toThrow(CryptoError);
    expect(seededRandom(0).bytes(0)).toHaveLength(0);
  });
});

describe('sharedSeededRandom', () => {
  it('gives every source the bytes seededRandom gives, however sources of one seed interleave their draws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer()), fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 70 })), { maxLength: 12 }), (seed, draws) => {
        const shared = [sharedSeededRandom(seed), sharedSeededRandom(seed), sharedSeededRandom(seed)];
        const own = [seededRandom(seed), seededRandom(seed), seededRandom(seed)];
        for (const [who, n] of draws) expect(toHex(shared[who]!.bytes(n))).toBe(toHex(own[who]!.bytes(n)));
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it('keeps seeds apart (1 and "1" too) and matches seededRandom past the blocks it keeps', () => {
    expect(toHex(sharedSeededRandom(1).bytes(32))).toBe(toHex(seededRandom(1).bytes(32)));
    expect(toHex(sharedSeededRandom('1').bytes(32))).toBe(toHex(seededRandom('1').bytes(32)));
    expect(toHex(sharedSeededRandom(1).bytes(32))).not.toBe(toHex(sharedSeededRandom('1').bytes(32)));
    const long = 4100 * 32;
    expect(toHex(sharedSeededRandom('long').bytes(long))).toBe(toHex(seededRandom('long').bytes(long)));
    expect(toHex(sharedSeededRandom('long').bytes(long))).toBe(toHex(seededRandom('long').bytes(long)));
  });

  it('hands out fresh arrays: writing into a draw changes no later draw', () => {
    const a = sharedSeededRandom('fresh').bytes(32);
    a.fill(0);
    expect(toHex(sharedSeededRandom('fresh').bytes(32))).toBe(toHex(seededRandom('fresh').bytes(32)));
  });

  it('rejects a bad count with CryptoError', () => {
    for (const n of [-1, 1.5, Number.NaN]) expect(() => sharedSeededRandom(0).bytes(n)).toThrow(CryptoError);
  });
});
