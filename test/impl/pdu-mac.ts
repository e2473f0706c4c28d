// The PDU MAC of docs/protocol.md §4 in one call, for tests that seal or check a PDU by hand.
// impl/ itself never needs it: a SessionKey MACs under its SA's integrity key with a keyed HMAC
// state (impl/entities/sa.ts), so these live with the tests and are no part of what StrykerJS
// mutates in impl/.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { constantTimeEqual } from '../../impl/crypto/constant-time.ts';
import { MAC_LENGTH } from '../../impl/crypto/mac.ts';

/** HMAC-SHA-256(key, data) truncated to 16 bytes: the MAC of PDUs 3..8. */
export function mac(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(sha256, key, data).slice(0, MAC_LENGTH);
}

/** True iff tag is the MAC of data under key; compares in constant time, wrong length is false. */
export function verifyMac(key: Uint8Array, data: Uint8Array, tag: Uint8Array): boolean {
  return constantTimeEqual(mac(key, data), tag);
}
