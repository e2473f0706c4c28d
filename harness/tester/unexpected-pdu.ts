// The lower tester's unexpected PDU (docs/protocol.md §3 `unexpected`): a PDU of one of the MN's
// exchanges turned into the other half of that exchange, same sender, receiver, transaction and
// Nonce-N, well-formed and sealed as its new type. Its receiver never takes that type in its role
// (an MN takes only answers, a PoS none of an MN's answers), so only the type check of §5.2
// [unexpected-pdu] stands between it and a handler that would act on it.
import type { PduType } from '../../vocabulary/observation.ts';
import type { TesterPdu } from './codec.ts';
import type { TesterEdit } from './wire-tester.ts';

/** The other half of each exchange of the MN's whose halves go one to the MN and one to a PoS. */
const OTHER_HALF: Readonly<Partial<Record<PduType, PduType>>> = {
  'MIS_Auth.request': 'MIS_Auth.response',
  'MIS_Auth.response': 'MIS_Auth.request',
  'MIS_Prereg_Xfer.request': 'MIS_Prereg_Xfer.response',
  'MIS_Prereg_Xfer.response': 'MIS_Prereg_Xfer.request',
};

/** Whether the lower tester can retype `type` (the model's `tamperable` says the same). */
export function retypable(type: PduType): boolean {
  return OTHER_HALF[type] !== undefined;
}

const withoutAnswerFields = { status: undefined, reason: undefined, nonceP: undefined, idType: undefined, tpos: undefined, nonceT: undefined, suite: undefined, wrappedK: undefined } as const;
const withoutRequestFields = { method: undefined, suites: undefined, fallback: undefined, depth: undefined, target: undefined } as const;

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
/**
 * The edit that makes `pdu` the other half of its exchange, with the fields that type must carry
 * taken from what `pdu` says (a grant's suite offered back, a request's target named as the
 * TPoS) and the rest fixed; null for a type that has no such half. The nonce a retyped request
 * lacks is its own Nonce-N reversed: the receiver must discard the PDU before it reads one.
 */
export function unexpectedEdit(pdu: TesterPdu): TesterEdit | null {
  const type = OTHER_HALF[pdu.type];
  switch (type) {
    case undefined:
      return null;
    case 'MIS_Auth.request':
      return { ...withoutAnswerFields, type, method: pdu.idType === 0 ? 'TLS' : 'EAP' };
    case 'MIS_Auth.response':
      return { ...withoutRequestFields, type, status: 'SUCCESS', nonceP: pdu.nonceN?.slice().reverse(), idType: pdu.method === 'TLS' ? 0 : 1 };
    case 'MIS_Prereg_Xfer.request':
      return { ...withoutAnswerFields, type, suites: pdu.suite === undefined ? [] : [pdu.suite], fallback: false, depth: 0, target: pdu.tpos };
    case 'MIS_Prereg_Xfer.response':
      return { ...withoutRequestFields, type, status: 'FULL_AUTH_REQUIRED', reason: 'MN_REQUESTED', tpos: pdu.target };
    default:
      return null;
  }
}
