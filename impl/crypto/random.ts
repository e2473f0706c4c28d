// Every random choice of the implementation (nonces, wrap nonces, stand-in credentials) comes
// from a RandomSource, so a seeded run replays byte for byte (brief: determinism).
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, u32be, utf8 } from '../bytes.ts';
import { CryptoError } from './errors.ts';
import { HASH_LEN, KeyedHmacSha256 } from './kdf.ts';

export interface RandomSource {
  /** n fresh bytes (n a non-negative integer). */
  bytes(n: number): Uint8Array;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new CryptoError('RANDOM', `random: ${n} is not a non-negative integer byte count`);
}

/**
 * Deterministic generator: key = SHA-256("proauth-drbg" | kind | seed), output stream =
 * HMAC-SHA-256(key, u32be(0)) | HMAC-SHA-256(key, u32be(1)) | ...  consumed in order, so
 * bytes(3) then bytes(5) equals the first 8 bytes of a fresh generator's bytes(8). The seed's
 * kind is part of the key: seededRandom(1) and seededRandom("1") differ.
 * Not for production keys: anyone who knows the seed knows every byte.
 */
export function seededRandom(seed: string | number): RandomSource {
  const kind = typeof seed === 'number' ? 'n:' : 's:';
  // Keyed on the first draw: many sources of a world never draw.
  let keyed: KeyedHmacSha256 | null = null;
  let counter = 0;
  let buffer: Uint8Array = new Uint8Array(0);
  let used = 0;
  return {
    bytes(n: number): Uint8Array {
      checkCount(n);
      const out = new Uint8Array(n);
      let at = 0;
      while (at < n) {
        if (used === buffer.length) {
          if (counter > 0xffffffff) throw new CryptoError('RANDOM', 'seededRandom: stream exhausted (2^32 blocks)');
          if (keyed === null) {
            const key = sha256(concatBytes(utf8('proauth-drbg'), utf8(kind), utf8(String(seed))));
            keyed = new KeyedHmacSha256(key);
            key.fill(0);
          }
          buffer = keyed.of(u32be(counter++));
          used = 0;
        }
        const take = Math.min(n - at, HASH_LEN - used);
        out.set(buffer.subarray(used, used + take), at);
        used += take;
        at += take;
      }
      return out;
    },
  };
}

/** The platform CSPRNG (Web Crypto getRandomValues), for production use. */
export function systemRandom(): RandomSource {
  const webCrypto = (globalThis as { crypto?: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto;
  if (webCrypto === undefined) throw new CryptoError('RANDOM', 'systemRandom: globalThis.crypto.getRandomValues is not available');
  return {
    bytes(n: number): Uint8Array {
      checkCount(n);
      const out = new Uint8Array(n);
      // getRandomValues fills at most 65536 bytes per call.
      for (let at = 0; at < n; at += 65536) webCrypto.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
      return out;
    },
  };
}
