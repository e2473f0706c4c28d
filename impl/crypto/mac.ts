import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { constantTimeEqual } from './constant-time.ts';

/** Tag length of every PDU MAC: HMAC-SHA-256 truncated to 128 bits. */
export const MAC_LENGTH = 16;

/** HMAC-SHA-256(key, data) truncated to 16 bytes: the MAC of PDUs 3..8 (docs/protocol.md §4). */
export function mac(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(sha256, key, data).slice(0, MAC_LENGTH);
}

/** True iff tag is the MAC of data under key; compares in constant time, wrong length is false. */
export function verifyMac(key: Uint8Array, data: Uint8Array, tag: Uint8Array): boolean {
  return constantTimeEqual(mac(key, data), tag);
}
