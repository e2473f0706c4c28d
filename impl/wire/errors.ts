// Typed errors of the wire codec. decode() throws DecodeError and nothing else; encode()
// throws EncodeError when handed a record no valid PDU can carry.

export type DecodeErrorCode =
  | 'TRUNCATED_HEADER' // fewer than 8 bytes
  | 'OVERSIZE' // more than MAX_PDU_LENGTH bytes
  | 'BAD_VERSION' // MIS header version is not WIRE_VERSION
  | 'BAD_FLAGS' // ACK-Req, ACK-Rsp, UIR, More-fragment or fragment number set (unsupported)
  | 'RESERVED_BITS' // a reserved header bit is set
  | 'UNKNOWN_MESSAGE' // (SID, opcode, AID) names no PDU of docs/protocol.md §4
  | 'PAYLOAD_LENGTH' // header announces more payload than the PDU holds
  | 'TRAILING_BYTES' // bytes after the payload the header announces
  | 'TRUNCATED_TLV' // a TLV header or value runs past the end of the payload
  | 'UNKNOWN_TLV' // TLV type not in the table
  | 'DUPLICATE_TLV' // a TLV type appears twice
  | 'TLV_ORDER' // TLVs not in increasing type order (the one canonical order)
  | 'TLV_NOT_ALLOWED' // a known TLV this PDU type does not carry
  | 'MISSING_TLV' // a mandatory TLV of this PDU type is absent
  | 'BAD_LENGTH' // TLV value length wrong for its field (nonce ≠ 32, mac ≠ 16, identity ∉ 1..253, ...)
  | 'BAD_ENUM' // value outside its enumeration (ID_TYPE 4..255, status, reason, method, root, suite)
  | 'BAD_BOOLEAN' // a flag byte other than 0 or 1
  | 'BAD_UTF8' // identity bytes are not well-formed UTF-8
  | 'INTERNAL'; // an unexpected exception inside decode, wrapped so callers see one error type

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  readonly code: DecodeErrorCode;
  /** The header field or PDU field at fault (e.g. 'payloadLength', 'nonceN', 'tlv#200'). */
  readonly field: string;
  /** Byte offset in the decoded buffer where the fault is. */
  readonly offset: number;

  constructor(code: DecodeErrorCode, field: string, offset: number, detail: string) {
    super(`${code} at offset ${offset} (${field}): ${detail}`);
    this.code = code;
    this.field = field;
    this.offset = offset;
  }
}

export type EncodeErrorCode = 'BAD_FIELD';

export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  readonly code: EncodeErrorCode;
  readonly field: string;

  constructor(code: EncodeErrorCode, field: string, detail: string) {
    super(`${code} (${field}): ${detail}`);
    this.code = code;
    this.field = field;
  }
}
