//= SPEC_MAPPING.md#A-NONCE
//# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every response
//# echoes nonceN and a wrong echo is discarded.
// The protocol key schedule of docs/protocol.md §6. Identities enter every seed
// length-prefixed (2-byte big-endian length + UTF-8), nonces raw (exactly 32 bytes, A-NONCE).
import { concatBytes, lengthPrefixed, u8 } from '../bytes.ts';
import { CryptoError } from './errors.ts';
import { kdf } from './kdf.ts';

export const NONCE_LENGTH = 32;
export const KEY_LENGTH = 32;

function checkNonce(name: string, nonce: Uint8Array): void {
  if (nonce.length !== NONCE_LENGTH) {
    // Stryker disable next-line StringLiteral: the text and code of an error impl's own callers never provoke (a precondition: the impl passes only values it checked or built), so no observation reads it
    throw new CryptoError('NONCE_LENGTH', `${name} is ${nonce.length} bytes, expected ${NONCE_LENGTH} (A-NONCE)`);
  }
}

function checkKey(name: string, key: Uint8Array): void {
  // Stryker disable next-line StringLiteral: the text and code of an error impl's own callers never provoke (a precondition: the impl passes only values it checked or built), so no observation reads it
  if (key.length === 0) throw new CryptoError('KEY_LENGTH', `${name} is empty`);
}

//= SPEC_MAPPING.md#A-K-BIND
//# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
//# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
//= SPEC_MAPPING.md#V-K-SPOS
//# The SPoS derives K from its SA with the MN (A-K-BIND) and sends it to the MN and the TPoS; the
//# SA made is SPoS-generated (ID_TYPE 3).
//= SPEC_MAPPING.md#V-K-PER-TPOS
//# One K per (MN, SPoS, TPoS, Nonce-N): K is bound to one TPoS (A-K-BIND).
/**
 * A-K-BIND, V-K-SPOS, V-K-PER-TPOS: the key derivation key the SPoS hands to the MN and to one
 * TPoS. K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn | spos | tpos | nonceN, 32).
 * TPoS is in the seed, so K made for one TPoS is useless at another.
 */
export function deriveK(spMisk: Uint8Array, mn: string, spos: string, tpos: string, nonceN: Uint8Array): Uint8Array {
  checkKey('deriveK: MN–SPoS MISK', spMisk);
  checkNonce('deriveK: nonceN', nonceN);
  return kdf(spMisk, 'proauth 5.14.2 K', concatBytes(lengthPrefixed(mn), lengthPrefixed(spos), lengthPrefixed(tpos), nonceN), KEY_LENGTH);
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S9
//# With the information, MN and TPoS can derive the media independent session key (MISK) as
//# specified in 9.2.1 of IEEE Std 802.21-XXXX.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N2b
//# In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or
//# ERP execution.
//= SPEC_MAPPING.md#A-MISK
//# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
//# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
/**
 * A-MISK, 5.14.2-S9, 5.14.2-N2b: MN and TPoS derive the MISK of the new SA from K.
 * MISK = KDF(K, "proauth 5.14.2 MISK", nonceN | nonceT | c | mn | tpos, 32), c one byte.
 */
export function deriveOptimizedMisk(k: Uint8Array, nonceN: Uint8Array, nonceT: Uint8Array, suite: number, mn: string, tpos: string): Uint8Array {
  checkKey('deriveOptimizedMisk: K', k);
  checkNonce('deriveOptimizedMisk: nonceN', nonceN);
  checkNonce('deriveOptimizedMisk: nonceT', nonceT);
  // Stryker disable next-line StringLiteral: the text and code of an error impl's own callers never provoke (a precondition: the impl passes only values it checked or built), so no observation reads it
  if (!Number.isInteger(suite) || suite < 0 || suite > 0xff) throw new CryptoError('SUITE', `deriveOptimizedMisk: suite ${suite} is not one byte`);
  return kdf(k, 'proauth 5.14.2 MISK', concatBytes(nonceN, nonceT, u8(suite), lengthPrefixed(mn), lengthPrefixed(tpos)), KEY_LENGTH);
}

/**
 * Full establishment (docs/protocol.md §6): MISK = KDF(root key, "proauth full MISK",
 * nonceN | nonceP | mn | pos, 32); root key = MSK (EAP), rMSK (ERP) or TLS exporter secret.
 */
export function deriveFullMisk(rootKey: Uint8Array, nonceN: Uint8Array, nonceP: Uint8Array, mn: string, pos: string): Uint8Array {
  checkKey('deriveFullMisk: root key', rootKey);
  checkNonce('deriveFullMisk: nonceN', nonceN);
  checkNonce('deriveFullMisk: nonceP', nonceP);
  return kdf(rootKey, 'proauth full MISK', concatBytes(nonceN, nonceP, lengthPrefixed(mn), lengthPrefixed(pos)), KEY_LENGTH);
}

// --- Stand-ins for the full exchanges --------------------------------------------------------
// The AAA/EAP and TLS exchanges are not on the wire (docs/protocol.md §5): the profile
// abstracts them as "the exchange yields keys". These functions are that abstraction: both
// ends that hold the MN's long-term credential compute the same secret from the public
// exchange values. They are NOT EAP methods or TLS; they only give each full establishment a
// fresh, credential-bound root key.

/** Stand-in for the MSK an EAP method exports (RFC 5247: 64 bytes). */
export function eapMsk(longTermCredential: Uint8Array, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
  return standIn(longTermCredential, 'proauth stand-in EAP MSK', mn, pos, nonceN, nonceP, 64);
}

/** Stand-in for the EMSK of the same EAP run (RFC 5247: 64 bytes): the root of ERP's rRK. */
export function eapEmsk(longTermCredential: Uint8Array, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
  return standIn(longTermCredential, 'proauth stand-in EAP EMSK', mn, pos, nonceN, nonceP, 64);
}

/** Stand-in for a TLS exporter secret (RFC 5705) of a handshake between mn and pos. */
export function tlsExporter(longTermCredential: Uint8Array, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
  return standIn(longTermCredential, 'proauth stand-in TLS exporter', mn, pos, nonceN, nonceP, 32);
}

function standIn(credential: Uint8Array, label: string, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array, length: number): Uint8Array {
  checkKey(`${label}: long-term credential`, credential);
  checkNonce(`${label}: nonceN`, nonceN);
  checkNonce(`${label}: nonceP`, nonceP);
  return kdf(credential, label, concatBytes(lengthPrefixed(mn), lengthPrefixed(pos), nonceN, nonceP), length);
}

// ERP (RFC 6696) lives in erp.ts; re-exported so the whole schedule is importable from here.
export { ERP_KEY_LENGTH, ERP_SEQ_MAX, erpRrk } from './erp.ts';
