import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, toHex, utf8 } from '../bytes.ts';

const FP_PREFIX = utf8('proauth-fp');

/**
 * docs/protocol.md §6: hex of the first 8 bytes of SHA-256("proauth-fp" | key). The only form
 * in which a key may appear in logs, errors, observations and reports.
 */
export function fingerprint(key: Uint8Array): string {
  return toHex(sha256(concatBytes(FP_PREFIX, key)).subarray(0, 8));
}
