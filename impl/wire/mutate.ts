// Byte-level surgery on encoded PDUs: the building blocks of the wire fuzzer, the spec vectors'
// edits and the codec tests. These helpers never validate: they produce malformed PDUs on
// purpose. The network's `corrupt` fault is `corrupted` in ../system.ts.
import { HEADER_LENGTH, TLV_HEADER_LENGTH } from './format.ts';

export interface RawTlv {
  readonly type: number;
  readonly value: Uint8Array;
}

/**
 * Splits a PDU into its 8-byte header and TLVs, best effort: stops at the first TLV whose
 * header or value does not fit, returning the unparsed rest separately.
 */
export function splitTlvs(bytes: Uint8Array): { header: Uint8Array; tlvs: RawTlv[]; rest: Uint8Array } {
  const header = bytes.slice(0, Math.min(HEADER_LENGTH, bytes.length));
  const tlvs: RawTlv[] = [];
  let pos = HEADER_LENGTH;
  while (pos + TLV_HEADER_LENGTH <= bytes.length) {
    const length = (bytes[pos + 1]! << 8) | bytes[pos + 2]!;
    if (pos + TLV_HEADER_LENGTH + length > bytes.length) break;
    tlvs.push({ type: bytes[pos]!, value: bytes.slice(pos + TLV_HEADER_LENGTH, pos + TLV_HEADER_LENGTH + length) });
    pos += TLV_HEADER_LENGTH + length;
  }
  return { header, tlvs, rest: bytes.slice(Math.min(pos, bytes.length)) };
}

/** Reassembles header and TLVs, setting the header's payload length to the TLVs' total (mod 2^16). */
export function joinTlvs(header: Uint8Array, tlvs: readonly RawTlv[]): Uint8Array {
  let payload = 0;
  for (const t of tlvs) payload += TLV_HEADER_LENGTH + t.value.length;
  const out = new Uint8Array(HEADER_LENGTH + payload);
  out.set(header.subarray(0, HEADER_LENGTH));
  out[6] = (payload >>> 8) & 0xff;
  out[7] = payload & 0xff;
  let at = HEADER_LENGTH;
  for (const t of tlvs) {
    out[at] = t.type;
    out[at + 1] = (t.value.length >>> 8) & 0xff;
    out[at + 2] = t.value.length & 0xff;
    out.set(t.value, at + TLV_HEADER_LENGTH);
    at += TLV_HEADER_LENGTH + t.value.length;
  }
  return out;
}
