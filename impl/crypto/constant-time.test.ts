import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../bytes.ts';
import { constantTimeEqual } from './constant-time.ts';

describe('constantTimeEqual', () => {
  it('agrees with plain byte equality', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(bytesEqual(a, b));
      }),
      { seed: 1, numRuns: 500 },
    );
  });

  it('is reflexive and symmetric, and true on equal copies', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        expect(constantTimeEqual(a, a.slice())).toBe(true);
        expect(constantTimeEqual(a, b)).toBe(constantTimeEqual(b, a));
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it('detects a difference in any single bit at any position (first, middle, last)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.nat({ max: 7 }), (a, at, bit) => {
        const b = a.slice();
        b[at % a.length]! ^= 1 << bit;
        expect(constantTimeEqual(a, b)).toBe(false);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('returns false on a length mismatch, even when one is a prefix of the other', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), Uint8Array.of(0))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});
