import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';

describe('toolchain', () => {
  it('runs ESM TypeScript with noble hashes', () => {
    expect(sha256(new Uint8Array([0x61, 0x62, 0x63])).length).toBe(32);
  });
});
