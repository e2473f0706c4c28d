//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
// impl/wire: the PDU records (messages.ts) and their 802.21-style codec (A-TLV).
export * from './messages.ts';
export { decode, encode, macInput, peekHeader, type Header } from './codec.ts';
export { DecodeError, EncodeError, type DecodeErrorCode, type EncodeErrorCode } from './errors.ts';
export {
  HEADER_LENGTH,
  MAX_PDU_LENGTH,
  MESSAGE_ID,
  METHOD_CODE,
  PDU_FIELDS,
  ROOT_CODE,
  SUITE,
  TLV,
  UNASSIGNED_TLV_TYPE,
  WIRE_VERSION,
} from './format.ts';
