// impl/crypto: the primitives and key schedule of docs/protocol.md §6, on @noble/hashes only.
export { CryptoError, type CryptoErrorCode } from './errors.ts';
export { constantTimeEqual } from './constant-time.ts';
export { HASH_LEN, KDF_MAX_LENGTH, KeyedHmacSha256, kdf } from './kdf.ts';
export { MAC_LENGTH } from './mac.ts';
export { WRAPPED_K_LENGTH, WRAP_NONCE_LENGTH, WRAP_OVERHEAD, WRAP_TAG_LENGTH, WrapKeys } from './wrap.ts';
export { fingerprint } from './fingerprint.ts';
export { type RandomSource, seededRandom, sharedSeededRandom } from './random.ts';
export { KEY_LENGTH, NONCE_LENGTH, deriveFullMisk, deriveK, deriveOptimizedMisk, eapEmsk, eapMsk, tlsExporter } from './keys.ts';
export { ERP_KEY_LENGTH, ERP_SEQ_MAX, erpRrk } from './erp.ts';
