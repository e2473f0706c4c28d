// fast-check arbitraries for every PDU of messages.ts: each generates exactly the records the
// codec accepts (encode never throws on them, decode(encode(p)) deep-equals p). Shared with
// the harness (corpus generation) and the wire fuzz test.
import fc from 'fast-check';
import { WRAPPED_K_LENGTH } from '../crypto/wrap.ts';
import { IDENTITY_MAX_BYTES, MAC_LENGTH, MAX_SUITE, MAX_TID, MIN_SUITE, NONCE_LENGTH } from './format.ts';
import {
  REASON,
  STATUS,
  type AuthRequest,
  type AuthResponse,
  type HoCompleteRequest,
  type IdType,
  type Method,
  type N2NHoCompleteIndication,
  type N2NPreregXferRequest,
  type N2NPreregXferResponse,
  type Pdu,
  type PduType,
  type PreregXferRequest,
  type PreregXferResponse,
  type Reason,
  type RootKind,
  type Status,
} from './messages.ts';

const encoder = new TextEncoder();
const utf8Length = (s: string): number => encoder.encode(s).length;

/**
 * Identities: mostly short realistic ids, sometimes arbitrary Unicode (no lone surrogates)
 * of 1..253 UTF-8 bytes, including the 253-byte edge.
 */
export const identityArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('A', 'B', 'C', 'mn1', 'mn2', 'pos.example.org') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((s) => utf8Length(s) <= IDENTITY_MAX_BYTES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 200, maxLength: IDENTITY_MAX_BYTES }) },
  { weight: 1, arbitrary: fc.constant('é'.repeat(126) + 'x') }, // exactly 253 bytes
);

export const tidArb = fc.integer({ min: 0, max: MAX_TID });
export const nonceArb = fc.uint8Array({ minLength: NONCE_LENGTH, maxLength: NONCE_LENGTH });
export const macArb = fc.uint8Array({ minLength: MAC_LENGTH, maxLength: MAC_LENGTH });
export const wrappedKArb = fc.uint8Array({ minLength: WRAPPED_K_LENGTH, maxLength: WRAPPED_K_LENGTH });
export const suiteArb = fc.integer({ min: MIN_SUITE, max: MAX_SUITE });
export const suitesArb: fc.Arbitrary<number[]> = fc.oneof(
  { weight: 5, arbitrary: fc.array(suiteArb, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(suiteArb, { maxLength: 255 }) },
);
export const depthArb = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 255 }));
export const methodArb = fc.constantFrom<Method>('EAP', 'ERP', 'TLS');
export const rootArb = fc.constantFrom<RootKind>('EAP', 'ERP', 'TLS', 'GKB');
export const idTypeArb = fc.constantFrom<IdType>(0, 1, 2, 3);
export const statusArb = fc.constantFrom<Status>(...(Object.keys(STATUS) as Status[]));
export const reasonArb = fc.constantFrom<Reason>(...(Object.keys(REASON) as Reason[]));

/** fc.record builds null-prototype objects; PDUs are plain records like those the engines build. */
function plainRecord<T extends object>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model).map((r) => ({ ...r }) as T);
}

const envelope = { src: identityArb, dst: identityArb, mn: identityArb, tid: tidArb };

export const authRequestArb: fc.Arbitrary<AuthRequest> = plainRecord<AuthRequest>({
  type: fc.constant('MIS_Auth.request' as const),
  ...envelope,
  method: methodArb,
  nonceN: nonceArb,
});

export const authResponseArb: fc.Arbitrary<AuthResponse> = plainRecord<AuthResponse>({
  type: fc.constant('MIS_Auth.response' as const),
  ...envelope,
  status: statusArb,
  nonceN: nonceArb,
  nonceP: nonceArb,
  idType: idTypeArb,
});

export const preregXferRequestArb: fc.Arbitrary<PreregXferRequest> = plainRecord<PreregXferRequest>({
  type: fc.constant('MIS_Prereg_Xfer.request' as const),
  ...envelope,
  target: fc.option(identityArb, { nil: null }),
  nonceN: nonceArb,
  suites: suitesArb,
  fallback: fc.boolean(),
  depth: depthArb,
  mac: macArb,
});

export const n2nPreregXferRequestArb: fc.Arbitrary<N2NPreregXferRequest> = plainRecord<N2NPreregXferRequest>({
  type: fc.constant('MIS_N2N_Prereg_Xfer.request' as const),
  ...envelope,
  nonceN: nonceArb,
  suites: suitesArb,
  depth: depthArb,
  root: rootArb,
  wrappedK: wrappedKArb,
  mac: macArb,
});

export const n2nPreregXferResponseArb: fc.Arbitrary<N2NPreregXferResponse> = plainRecord<N2NPreregXferResponse>({
  type: fc.constant('MIS_N2N_Prereg_Xfer.response' as const),
  ...envelope,
  status: statusArb,
  reason: reasonArb,
  nonceN: nonceArb,
  nonceT: fc.option(nonceArb, { nil: null }),
  suite: fc.option(suiteArb, { nil: null }),
  mac: macArb,
});

export const preregXferResponseArb: fc.Arbitrary<PreregXferResponse> = plainRecord<PreregXferResponse>({
  type: fc.constant('MIS_Prereg_Xfer.response' as const),
  ...envelope,
  status: statusArb,
  reason: reasonArb,
  tpos: fc.option(identityArb, { nil: null }),
  nonceN: nonceArb,
  nonceT: fc.option(nonceArb, { nil: null }),
  suite: fc.option(suiteArb, { nil: null }),
  wrappedK: fc.option(wrappedKArb, { nil: null }),
  mac: macArb,
});

export const hoCompleteRequestArb: fc.Arbitrary<HoCompleteRequest> = plainRecord<HoCompleteRequest>({
  type: fc.constant('MIS_HO_Complete.request' as const),
  ...envelope,
  previous: identityArb,
  mac: macArb,
});

export const n2nHoCompleteIndicationArb: fc.Arbitrary<N2NHoCompleteIndication> = plainRecord<N2NHoCompleteIndication>({
  type: fc.constant('MIS_N2N_HO_Complete.indication' as const),
  ...envelope,
  mac: macArb,
});

/** One arbitrary per PDU type. */
export const pduArbs: { readonly [T in PduType]: fc.Arbitrary<Extract<Pdu, { type: T }>> } = {
  'MIS_Auth.request': authRequestArb,
  'MIS_Auth.response': authResponseArb,
  'MIS_Prereg_Xfer.request': preregXferRequestArb,
  'MIS_N2N_Prereg_Xfer.request': n2nPreregXferRequestArb,
  'MIS_N2N_Prereg_Xfer.response': n2nPreregXferResponseArb,
  'MIS_Prereg_Xfer.response': preregXferResponseArb,
  'MIS_HO_Complete.request': hoCompleteRequestArb,
  'MIS_N2N_HO_Complete.indication': n2nHoCompleteIndicationArb,
};

/** Any valid PDU, every type equally likely. */
export const pduArb: fc.Arbitrary<Pdu> = fc.oneof(...Object.values(pduArbs) as fc.Arbitrary<Pdu>[]);
