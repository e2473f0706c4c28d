//= SPEC_MAPPING.md#A-KDF
//# KDF in the style of RFC 5295 with HMAC-SHA-256: T1 = HMAC(key, label ‖ 0x00 ‖ seed ‖ 0x01), Tn =
//# HMAC(key, Tn-1 ‖ label ‖ 0x00 ‖ seed ‖ n).
//= spec/clause-5.14-proposed-text.txt#5.14.2-N2b
//# In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or
//# ERP execution.
//= SPEC_MAPPING.md#A-ERP-FULL
//# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0 and
//# yields ID_TYPE 1 (variant V-ERP-FULL).
//= SPEC_MAPPING.md#V-ERP-FULL
//# An ERP execution is a full establishment (A-ERP-FULL): root ERP, depth 0, ID_TYPE 1.
// ERP key hierarchy, RFC 6696 §4.1, with the RFC 5295 KDF instantiated as ours (A-KDF: prf+
// with HMAC-SHA-256 and S = label | "\0" | seed). ERP counts as a full establishment
// (A-ERP-FULL, V-ERP-FULL): the rMSK of a run (impl/entities/credentials.ts, erpRunRmsk, a
// stand-in for RFC 6696 §4.6's, which needs a SEQ MIS_Auth does not carry) is a root key for
// deriveFullMisk (5.14.2-N2b).
import { u16be } from '../bytes.ts';
import { CryptoError } from './errors.ts';
import { kdf } from './kdf.ts';

/** RFC 6696: rRK and rMSK are 64 bytes by default. */
export const ERP_KEY_LENGTH = 64;
/** RFC 6696 SEQ is 16 bits. */
export const ERP_SEQ_MAX = 0xffff;

/** rRK = KDF(EMSK, "EAP Re-authentication Root Key@ietf.org" | "\0" | length, 64) (RFC 6696 §4.1). */
export function erpRrk(emsk: Uint8Array): Uint8Array {
  // Stryker disable next-line ConditionalExpression,StringLiteral: outside conformance: a precondition impl's own callers always meet (the EMSK is a 64-byte stand-in, impl/entities/credentials.ts), so only impl/'s unit tests break it and read its error
  if (emsk.length === 0) throw new CryptoError('KEY_LENGTH', 'erpRrk: empty EMSK');
  return kdf(emsk, 'EAP Re-authentication Root Key@ietf.org', u16be(ERP_KEY_LENGTH), ERP_KEY_LENGTH);
}
