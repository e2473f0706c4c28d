// A PDU as the tester's own codec read it, shown in the observation vocabulary (docs/protocol.md
// §7): the fields the model's view carries for the same PDU type, nonces as hex names. One
// function for every SUT-side observer, so the in-process adapter and the hybrid world cannot
// drift apart.
import type { PduObservation } from '../vocabulary/observation.ts';
import type { TesterPdu } from './tester/codec.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/**
 * The observation of `p` as emitted, addressed as the network carries it. Optional fields
 * appear exactly where the model's pduView (model/pdus.ts) shows them for the same type.
 */
export function observeDecoded(p: TesterPdu, names: (nonce: Uint8Array) => string = hex): PduObservation {
  const o: Mutable<PduObservation> = { type: p.type, src: p.src, dst: p.dst, mn: p.mn };
  switch (p.type) {
    case 'MIS_Auth.request':
      if (p.method !== undefined) o.method = p.method;
      break;
    case 'MIS_Auth.response':
      if (p.status !== undefined) o.status = p.status;
      if (p.idType !== undefined) o.idType = p.idType;
      break;
    case 'MIS_Prereg_Xfer.request':
      if (p.suites !== undefined) o.suites = p.suites;
      if (p.fallback !== undefined) o.fallback = p.fallback;
      if (p.depth !== undefined) o.depth = p.depth;
      if (p.target !== undefined) o.target = p.target;
      break;
    case 'MIS_N2N_Prereg_Xfer.request':
      if (p.suites !== undefined) o.suites = p.suites;
      if (p.depth !== undefined) o.depth = p.depth;
      if (p.root !== undefined) o.root = p.root;
      break;
    case 'MIS_N2N_Prereg_Xfer.response':
    case 'MIS_Prereg_Xfer.response':
      if (p.status !== undefined) o.status = p.status;
      if (p.reason !== undefined) o.reason = p.reason;
      if (p.type === 'MIS_Prereg_Xfer.response' && p.tpos !== undefined) o.tpos = p.tpos;
      if (p.suite !== undefined) o.suite = p.suite;
      break;
    case 'MIS_HO_Complete.request':
      if (p.previous !== undefined) o.previous = p.previous;
      break;
    case 'MIS_N2N_HO_Complete.indication':
      break;
  }
  if (p.nonceN !== undefined) o.nonceN = names(p.nonceN);
  if (p.nonceT !== undefined) o.nonceT = names(p.nonceT);
  return o;
}
