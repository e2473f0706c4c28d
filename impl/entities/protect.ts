// Protecting PDUs with an SA: the MAC over macInput() (the canonical encoding without the MAC
// TLV) and the context a wrapped K is bound to.
import { concatBytes, lengthPrefixed } from '../bytes.ts';
import { appendMac, macInput } from '../wire/codec.ts';
import type { Pdu, PduType } from '../wire/messages.ts';
import type { SessionKey } from './sa.ts';

const MAC_PLACEHOLDER = new Uint8Array(16);

type MacPdu = Extract<Pdu, { readonly mac: Uint8Array }>;
/** A MAC-carrying PDU before it has its tag. */
export type Unsealed<P extends MacPdu> = Omit<P, 'mac'>;

/** Encodes `pdu` with its MAC under `key` (docs/protocol.md §4: "MAC under the … SA"). */
export function seal<P extends MacPdu>(pdu: Unsealed<P>, key: SessionKey): Uint8Array {
  // macInput() reads every field but the MAC; the placeholder only completes the record's type.
  const unsealed = macInput({ ...pdu, mac: MAC_PLACEHOLDER } as unknown as P);
  return appendMac(unsealed, key.sign(unsealed));
}

/** True iff the PDU's MAC verifies under `key` (constant-time compare). */
export function verifySealed(pdu: MacPdu, key: SessionKey): boolean {
  return key.verify(macInput(pdu), pdu.mac);
}

/**
 * The AAD of a wrapped K (impl/crypto/wrap.ts): the PDU type, its addressing, the MN, the TPoS
 * K is bound to and the handover's nonceN. A wrapped K lifted into any other PDU, transaction
 * or handover fails to unwrap.
 */
export function wrappedKContext(type: PduType, src: string, dst: string, mn: string, tpos: string, nonceN: Uint8Array): Uint8Array {
  return concatBytes(lengthPrefixed(type), lengthPrefixed(src), lengthPrefixed(dst), lengthPrefixed(mn), lengthPrefixed(tpos), nonceN);
}
