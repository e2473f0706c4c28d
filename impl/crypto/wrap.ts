//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
// Key wrapping: how K travels "protected" (5.14.2-S6) inside MIS_N2N_Prereg_Xfer.request
// (under the SPoS–TPoS MIS SA) and MIS_Prereg_Xfer.response (under the MN–SPoS SA).
//
// Format (project-assigned, encrypt-then-MAC built only from HMAC-SHA-256):
//   encKey = KDF(kek, "proauth wrap enc", "", 32)      macKey = KDF(kek, "proauth wrap mac", "", 32)
//   keystream block i (i = 0, 1, ...) = HMAC-SHA-256(encKey, nonce | u32be(i))
//   ciphertext = key XOR keystream
//   tag = HMAC-SHA-256(macKey, u32be(|aad|) | aad | nonce | ciphertext) truncated to 16 bytes
//   wrapped = nonce (16) | ciphertext (|key|) | tag (16)          => |wrapped| = |key| + 32
// The AAD binds the wrapped key to its context (callers pass e.g. the PDU's addressing), so a
// wrapped K cannot be moved to another PDU. The nonce must be fresh per (kek, wrap).
import { concatBytes, u32be } from '../bytes.ts';
import { constantTimeEqual } from './constant-time.ts';
import { CryptoError } from './errors.ts';
import { HASH_LEN, KeyedHmacSha256, kdf } from './kdf.ts';

export const WRAP_NONCE_LENGTH = 16;
export const WRAP_TAG_LENGTH = 16;
/** Bytes a wrap adds to the key: nonce + tag. */
export const WRAP_OVERHEAD = WRAP_NONCE_LENGTH + WRAP_TAG_LENGTH;
/** Length of K (docs/protocol.md §6: 32 bytes) once wrapped: what the wire carries. */
export const WRAPPED_K_LENGTH = 32 + WRAP_OVERHEAD;

const EMPTY = new Uint8Array(0);

/** The two subkeys of a kek, derived once: wrap and unwrap under the same kek reuse them. */
export class WrapKeys {
  readonly #enc: KeyedHmacSha256;
  readonly #mac: KeyedHmacSha256;

  constructor(kek: Uint8Array) {
    const enc = kdf(kek, 'proauth wrap enc', EMPTY, 32);
    const mac = kdf(kek, 'proauth wrap mac', EMPTY, 32);
    this.#enc = new KeyedHmacSha256(enc);
    this.#mac = new KeyedHmacSha256(mac);
    enc.fill(0);
    mac.fill(0);
  }

  /** Encrypts and authenticates `key`; see the format above. */
  wrap(key: Uint8Array, aad: Uint8Array, nonce: Uint8Array): Uint8Array {
    // Stryker disable next-line BlockStatement: outside conformance: a precondition impl's own callers always meet (they pass only lengths, labels and nonces they built), so only impl/'s unit tests break it
    if (nonce.length !== WRAP_NONCE_LENGTH) {
      // Stryker disable next-line StringLiteral: the text and code of an error impl's own callers never provoke (a precondition: the impl passes only values it checked or built), so no observation reads it
      throw new CryptoError('WRAP_NONCE_LENGTH', `wrapKey: nonce is ${nonce.length} bytes, expected ${WRAP_NONCE_LENGTH}`);
    }
    // Stryker disable next-line StringLiteral: the text and code of an error impl's own callers never provoke (a precondition: the impl passes only values it checked or built), so no observation reads it
    if (key.length === 0) throw new CryptoError('KEY_LENGTH', 'wrapKey: empty key');
    const ciphertext = this.#xorKeystream(nonce, key);
    return concatBytes(nonce, ciphertext, this.#tagOf(aad, nonce, ciphertext));
  }

  /**
   * The key wrapped by `wrap(key, aad, nonce)` under the same kek, or null if `wrapped` is
   * malformed, was made under another kek or aad, or was altered in any bit. The tag is checked
   * (in constant time) before anything is decrypted.
   */
  unwrap(wrapped: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (wrapped.length <= WRAP_OVERHEAD) return null;
    const nonce = wrapped.subarray(0, WRAP_NONCE_LENGTH);
    const ciphertext = wrapped.subarray(WRAP_NONCE_LENGTH, wrapped.length - WRAP_TAG_LENGTH);
    const tag = wrapped.subarray(wrapped.length - WRAP_TAG_LENGTH);
    if (!constantTimeEqual(this.#tagOf(aad, nonce, ciphertext), tag)) return null;
    return this.#xorKeystream(nonce, ciphertext);
  }

  #xorKeystream(nonce: Uint8Array, data: Uint8Array): Uint8Array {
    const out = new Uint8Array(data.length);
    for (let block = 0; block * HASH_LEN < data.length; block++) {
      const ks = this.#enc.of(nonce, u32be(block));
      for (let j = 0; j < HASH_LEN && block * HASH_LEN + j < data.length; j++) {
        const i = block * HASH_LEN + j;
        out[i] = data[i]! ^ ks[j]!;
      }
    }
    return out;
  }

  #tagOf(aad: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    return this.#mac.of(u32be(aad.length), aad, nonce, ciphertext).slice(0, WRAP_TAG_LENGTH);
  }
}
