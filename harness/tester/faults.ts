//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
// Byte-level network faults the lower tester applies to a PDU in flight (docs/protocol.md §3).
// The malformed ones must be discarded by strict decoding (A-TLV); the well-formed ones still
// decode but no longer verify, so a receiver that acts on them ignores its MAC (5.14.1-S20).
import type { PduType } from '../../vocabulary/observation.ts';
import { MAC_TLV_TYPE, UNASSIGNED_TLV_TYPE, carriesMac, decodePdu, tlvSpans } from './codec.ts';

export type MalformedFault = 'trailing' | 'truncate' | 'unknown-tlv';
export type WellFormedFault = 'mac' | 'field';
export type ByteFault = MalformedFault | WellFormedFault;

export class FaultError extends Error {
  override readonly name = 'FaultError';
}

/** docs/protocol.md §3 `corrupt`: one byte appended, the last byte cut, or an empty unassigned TLV appended. */
export function malformed(bytes: Uint8Array, how: MalformedFault): Uint8Array {
  switch (how) {
    case 'trailing': {
      const out = new Uint8Array(bytes.length + 1);
      out.set(bytes);
      return out;
    }
    case 'truncate':
      return bytes.slice(0, Math.max(0, bytes.length - 1));
    case 'unknown-tlv': {
      // Payload length fixed up, so the unknown type is the only fault.
      const out = new Uint8Array(bytes.length + 3);
      out.set(bytes);
      out.set([UNASSIGNED_TLV_TYPE, 0, 0], bytes.length);
      if (out.length >= 8) {
        const payload = ((out[6]! << 8) | out[7]!) + 3;
        out[6] = (payload >>> 8) & 0xff;
        out[7] = payload & 0xff;
      }
      return out;
    }
  }
}

/** A copy of `bytes` with bit `bit` (modulo its length in bits; 0 is the first byte's high bit) flipped. */
export function flipped(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const at = bit % (bytes.length * 8);
  out[at >>> 3] = out[at >>> 3]! ^ (0x80 >>> (at & 7));
  return out;
}

const SRC = 1;
const DST = 2;
const MN = 3;
const ADDRESSING: ReadonlySet<number> = new Set([SRC, DST]);
const ADDRESSING_AND_MN: ReadonlySet<number> = new Set([SRC, DST, MN]);

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * A-DISCARD: the TLVs a receiver reads before it verifies the MAC (docs/protocol.md §5.2): `dst`
 * and the sender always (the MIS SA or the open transaction is the sender's), and `mn` where it
 * is matched first, in an MN's request (`src = mn`) and in the answer to the MN. A bit flipped
 * anywhere else in a sealed PDU meets the MAC check before any check that reads it, so the one
 * right cause is [bad-mac]: a receiver that checks an echo, the wrapped K or a field first gives
 * another (model/world/discard-cause.ts).
 */
function readBeforeMac(type: PduType): ReadonlySet<number> {
  switch (type) {
    case 'MIS_Prereg_Xfer.request':
    case 'MIS_HO_Complete.request':
    case 'MIS_Prereg_Xfer.response':
      return ADDRESSING_AND_MN;
    default:
      return ADDRESSING;
  }
}

/**
 * A well-formed fault, or null when the PDU carries no MAC. `choice` (any non-negative integer,
 * from the run's seeded source) picks the bit: `mac` flips a bit of the MAC TLV value; `field`
 * flips a bit inside another TLV value that the receiver reads only after the MAC
 * (readBeforeMac), the first from `choice` on whose result still decodes, and leaves the MAC as
 * it was.
 */
export function wellFormed(bytes: Uint8Array, how: WellFormedFault, choice: number): Uint8Array | null {
  if (!Number.isInteger(choice) || choice < 0) throw new FaultError(`choice ${choice} is not a non-negative integer`);
  const type = decodePdu(bytes).type;
  if (!carriesMac(type)) return null;
  const early = readBeforeMac(type);
  const spans = tlvSpans(bytes).filter((s) => (how === 'mac' ? s.type === MAC_TLV_TYPE : s.type !== MAC_TLV_TYPE && !early.has(s.type)));
  const bits = spans.flatMap((s) => Array.from({ length: s.length * 8 }, (_, i) => s.valueAt * 8 + i));
  for (let k = 0; k < bits.length; k++) {
    const candidate = flipped(bytes, bits[(choice + k) % bits.length]!);
    try {
      decodePdu(candidate);
      return candidate;
    } catch {
      // this bit breaks the encoding (e.g. an enum code or UTF-8): try the next
    }
  }
  return null;
}

/** Any fault of §3 or of the active lower tester; null when a well-formed fault does not apply. */
export function applyFault(bytes: Uint8Array, how: ByteFault, choice = 0): Uint8Array | null {
  return how === 'mac' || how === 'field' ? wellFormed(bytes, how, choice) : malformed(bytes, how);
}
