import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, u8, utf8 } from '../bytes.ts';
import { CryptoError } from './errors.ts';

/** HMAC-SHA-256 output size: one KDF block. */
export const HASH_LEN = 32;
/** The block counter is one byte, so at most 255 blocks. */
export const KDF_MAX_LENGTH = 255 * HASH_LEN;

type HmacState = _HMAC<ReturnType<typeof sha256.create>>;

// Every KeyedHmacSha256 tag is finished into this scratch, then copied out and wiped. It is larger than the
// 64 bytes V8 keeps typed arrays inline on its heap, so the DataView noble's SHA-256 writes the
// digest through is cheap; a fresh 32-byte output would first be moved off the heap, which was
// measured to cost a quarter of a short HMAC.
const SCRATCH = new Uint8Array(128);

function finish(h: HmacState): Uint8Array {
  h.digestInto(SCRATCH);
  const out = SCRATCH.slice(0, HASH_LEN);
  SCRATCH.fill(0, 0, HASH_LEN);
  return out;
}

/**
 * The HMAC every KeyedHmacSha256 computes its tags in: `_cloneInto` overwrites all of its state
 * (both hashes' chaining values, lengths, buffered bytes and flags) with the keyed one, and a tag
 * is computed synchronously from there to the digest, so one scratch serves every key.
 */
let scratch: HmacState | undefined;

/**
 * HMAC-SHA-256 under one key used many times: the key's inner and outer pads are absorbed once,
 * and each tag starts from a copy of that state made into a reused scratch HMAC (noble's
 * `_cloneInto`), so a tag allocates no hash objects.
 */
export class KeyedHmacSha256 {
  readonly #keyed: HmacState;

  constructor(key: Uint8Array) {
    this.#keyed = hmac.create(sha256, key);
  }

  /** HMAC-SHA-256(key, parts[0] | parts[1] | ...): the same bytes as noble's hmac(sha256, key, concatBytes(...parts)). */
  of(...parts: Uint8Array[]): Uint8Array {
    const h = (scratch = this.#keyed._cloneInto(scratch));
    for (const p of parts) h.update(p);
    return finish(h);
  }
}

//= SPEC_MAPPING.md#A-KDF
//# KDF in the style of RFC 5295 with HMAC-SHA-256: T1 = HMAC(key, label ‖ 0x00 ‖ seed ‖ 0x01), Tn =
//# HMAC(key, Tn-1 ‖ label ‖ 0x00 ‖ seed ‖ n).
/**
 * A-KDF (docs/protocol.md §6): RFC 5295 prf+ with HMAC-SHA-256 and S = label | 0x00 | seed:
 *   T1 = HMAC(key, label | 0x00 | seed | 0x01)
 *   Tn = HMAC(key, Tn-1 | label | 0x00 | seed | n)      n = 2..255
 * and the output is the first `length` bytes of T1 | T2 | ...
 * Unlike an RFC 5295 USRK derivation the profile does not append the length to S; callers that
 * need RFC 5295/6696 semantics (erp.ts) put it in `seed` themselves.
 */
export function kdf(key: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  // Stryker disable next-line BlockStatement,ConditionalExpression,LogicalOperator,EqualityOperator: outside conformance: a precondition impl's own callers always meet (they pass only lengths, labels and nonces they built), so only impl/'s unit tests break it
  if (!Number.isInteger(length) || length < 0 || length > KDF_MAX_LENGTH) {
    // Stryker disable next-line StringLiteral: the text and code of an error impl's own callers never provoke (a precondition: the impl passes only values it checked or built), so no observation reads it
    throw new CryptoError('KDF_LENGTH', `kdf: length ${length} is not an integer in 0..${KDF_MAX_LENGTH} (the block counter is one byte)`);
  }
  // Stryker disable next-line BlockStatement,ConditionalExpression: outside conformance: a precondition impl's own callers always meet (they pass only lengths, labels and nonces they built), so only impl/'s unit tests break it
  if (label.includes('\u0000')) {
    // Stryker disable next-line StringLiteral: the text and code of an error impl's own callers never provoke (a precondition: the impl passes only values it checked or built), so no observation reads it
    throw new CryptoError('KDF_LABEL', 'kdf: label contains NUL, which would make label | 0x00 | seed ambiguous');
  }
  const s = concatBytes(utf8(label), u8(0), seed);
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  // One key, one HMAC per block: a keyed state pays off from the second block on. A single block
  // is noble's one-shot hmac; an RFC 2104 by hand over reused hash states was 1.35x faster per
  // call, but a lockstep step makes under one such call, so it bought no measurable steps/s.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a speed-up only: noble's hmac and KeyedHmacSha256 give the same bytes for every block (kdf.test.ts), so which one computes them cannot be observed
  const keyed = length > HASH_LEN ? new KeyedHmacSha256(key) : null;
  // Stryker disable next-line EqualityOperator: equivalent: a step at at = length copies Math.min(HASH_LEN, 0) = 0 bytes, one wasted HMAC
  for (let n = 1, at = 0; at < length; n++) {
    previous = keyed === null ? hmac(sha256, key, concatBytes(previous, s, u8(n))) : keyed.of(previous, s, u8(n));
    out.set(previous.subarray(0, Math.min(HASH_LEN, length - at)), at);
    at += HASH_LEN;
  }
  return out;
}
