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
  // Stryker disable next-line StringLiteral: the text and code of an error impl's own callers never provoke (a precondition: the impl passes only values it checked or built), so no observation reads it
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
  return streamSource(new SeededStream(seed));
}

/** The output blocks of one seeded generator (see seededRandom), each computed when asked for. */
class SeededStream {
  // Keyed on the first block: many sources of a world never draw.
  #keyed: KeyedHmacSha256 | null = null;

  constructor(readonly seed: string | number) {}

  /** Block `counter`: HMAC-SHA-256(key, u32be(counter)). */
  block(counter: number): Uint8Array {
    // Stryker disable next-line StringLiteral: the text and code of an error impl's own callers never provoke (a precondition: the impl passes only values it checked or built), so no observation reads it
    if (counter > 0xffffffff) throw new CryptoError('RANDOM', 'seededRandom: stream exhausted (2^32 blocks)');
    if (this.#keyed === null) {
      const key = sha256(concatBytes(utf8('proauth-drbg'), utf8(typeof this.seed === 'number' ? 'n:' : 's:'), utf8(String(this.seed))));
      this.#keyed = new KeyedHmacSha256(key);
      key.fill(0);
    }
    return this.#keyed.of(u32be(counter));
  }
}

/** A source reading blocks 0, 1, 2, ... of a stream in order. */
function streamSource(stream: { block(counter: number): Uint8Array }): RandomSource {
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
          buffer = stream.block(counter++);
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

/** Streams shared by sharedSeededRandom, by seed; blocks computed so far, each once. */
const shared = new Map<string, { readonly stream: SeededStream; readonly blocks: Uint8Array[] }>();
const SHARED_STREAMS = 256;
const SHARED_BLOCKS = 4096;

/**
 * The same bytes as seededRandom(seed), for draws that are public (nonces, transaction IDs):
 * every source of one seed reads one stream whose blocks are computed once per process. A
 * tester resets the same world with the same seed run after run, and every run's entities draw
 * the same nonces again; they cost one HMAC per block once, not per run. Never for keys: the
 * blocks stay in memory.
 */
export function sharedSeededRandom(seed: string | number): RandomSource {
  const id = `${typeof seed === 'number' ? 'n' : 's'}:${String(seed)}`;
  let s = shared.get(id);
  if (s === undefined) {
    if (shared.size >= SHARED_STREAMS) shared.clear();
    s = { stream: new SeededStream(seed), blocks: [] };
    shared.set(id, s);
  }
  const { stream, blocks } = s;
  return streamSource({
    block(counter: number): Uint8Array {
      const known = blocks[counter];
      if (known !== undefined) return known;
      const b = stream.block(counter);
      // Blocks are kept in order, up to a bound; past it they are computed again when asked.
      if (counter >= SHARED_BLOCKS || counter !== blocks.length) return b;
      blocks.push(b);
      return b;
    },
  });
}
