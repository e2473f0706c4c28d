import { describe, expect, it } from 'vitest';
import { fingerprint, fingerprintHex } from '../../harness/explore/fingerprint.ts';

describe('64-bit fingerprints', () => {
  it('is deterministic and spreads near keys apart', () => {
    expect(fingerprint('abc')).toEqual(fingerprint('abc'));
    expect(fingerprintHex(fingerprint('abc'))).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintHex(fingerprint('abc'))).not.toBe(fingerprintHex(fingerprint('abd')));
  });

  it('has no collision among 200k structured keys', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(fingerprintHex(fingerprint(`{"mn":${i % 97},"d":${i}}`)));
    expect(seen.size).toBe(200_000);
  });

  it('each lane alone also separates those keys almost always', () => {
    const his = new Set<number>();
    for (let i = 0; i < 50_000; i++) his.add(fingerprint(`k${i}`).hi);
    // 50k draws from 2^32: expected collisions ~0.3; more than 5 would mean a broken lane.
    expect(his.size).toBeGreaterThan(50_000 - 5);
  });
});
