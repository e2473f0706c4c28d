// The one error type of impl/crypto. Messages name the operation and the offending length or
// number, never key bytes (brief: keys are secrets even here).

export type CryptoErrorCode =
  | 'KDF_LENGTH' // requested output length outside 0..255*32 or not an integer
  | 'KDF_LABEL' // label contains NUL, which would make label|0x00|seed ambiguous
  //= SPEC_MAPPING.md#A-NONCE
  //# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every
  //# response echoes nonceN and a wrong echo is discarded.
  | 'NONCE_LENGTH' // a protocol nonce that is not exactly 32 bytes (A-NONCE)
  | 'WRAP_NONCE_LENGTH' // a wrap nonce that is not exactly 16 bytes
  | 'KEY_LENGTH' // empty or malformed key material
  | 'SUITE' // a cipher suite code outside 0..255
  | 'RANDOM'; // bad argument to a RandomSource

export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
