// A receiver that finds the transaction an answer belongs to by its tid, and takes a tid of
// another exchange it opened or relayed: the establishment the MN runs now, the MN's
// preregistration the SPoS relays. A random wrong tid meets such a tid once in 4,096, so only the
// `tid` tamper's odd choices, which borrow one (WireTester.otherExchangeTid), reach the mistake;
// the receiver-check runs' sweeps probe a copy of the answer with one after its delivery.
import type { MutantSpec } from '../catalogue.ts';
import { onlyDefault } from './only-default.ts';

export const BORROWED_TID_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'mn-prereg-answer-any-exchange',
    requirement: ['A-TLV', 'A-DISCARD'],
    file: 'entities/mn.ts',
    find: "    if (p === null || p.kind !== 'prereg' || pdu.src !== p.spos || pdu.tid !== p.tid) return this.#discard('unknown-transaction');",
    replace: "    if (p === null || !('spos' in p) || pdu.src !== p.spos || pdu.tid !== p.tid) return this.#discard('unknown-transaction');",
    description: 'The MN matches a MIS_Prereg_Xfer.response to its open transaction by sender and tid, whatever that transaction is: during the full establishment a FULL_AUTH_REQUIRED started, an answer from the SPoS with that establishment\'s tid is taken for a preregistration answer.',
    only: onlyDefault('only the lower tester borrows the tid of the establishment the MN runs now, and the standard run has no receiver-check sweeps'),
  },
  {
    name: 'spos-n2n-answer-takes-mn-tid',
    requirement: ['A-TLV', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: '    if (p === undefined || p.tpos !== pdu.src || p.n2nTid !== pdu.tid) return',
    replace: '    if (p === undefined || p.tpos !== pdu.src || (p.n2nTid !== pdu.tid && p.mnTid !== pdu.tid)) return',
    description: "The SPoS takes a MIS_N2N_Prereg_Xfer.response carrying either the tid of its N2N request or that of the MN's preregistration it relays.",
    only: onlyDefault("only the lower tester borrows the tid of the MN's preregistration, and the standard run has no receiver-check sweeps"),
  },
];
