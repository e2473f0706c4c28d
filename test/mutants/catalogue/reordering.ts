//= SPEC_MAPPING.md#A-SEQUENTIAL
//= type=test
//# so the next preparation may overtake it
// Checks only a reordered network reaches: a completion indication overtaken by the MN's next
// preparation (A-SEQUENTIAL relaxed, docs/protocol.md §3) and an old PDU delivered again by the
// lower tester (`redeliver`, §5.3). With every PDU of an MN delivered before its next stimulus,
// and none coming back, these lines never matter.
import type { MutantSpec } from '../catalogue.ts';
import { onlyDefault } from './only-default.ts';

export const REORDERING_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'old-spos-deletes-prepared-on-late-indication',
    // The prepared SA it deletes is the one the MN holds for its handover back: where the check
    // first sees the MN with that key and the TPoS without it, key agreement (5.14.2-S9) is what
    // broke.
    requirement: ['A-HO-COMPLETE', 'A-DISCARD', '5.14.1-S17', '5.14.1-S19', '5.14.2-S9'],
    file: 'entities/pos.ts',
    find: "    if (sa.state !== 'serving') return this.#discard('wrong-state');\n    this.#sas.delete(pdu.mn);",
    replace: '    this.#sas.delete(pdu.mn);',
    description: 'The old SPoS deletes whatever SA it holds with the MN on a completion indication, also the prepared SA of the MN\'s next handover back to it that overtook the indication.',
    only: onlyDefault('the standard run never lets a handover overtake the completion indication of the previous one'),
  },
  {
    name: 'pos-forgets-mn-request-after-sa-change',
    //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
    //= type=test
    //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS so
    //# that TPoS can provide security service
    requirement: ['A-REPLAY', 'A-DISCARD', '5.14.1-S24', '5.14.1-S17'],
    file: 'entities/pos.ts',
    find: "    if (this.#seenMnRequests.has(pdu.mn, pdu.nonceN)) return this.#discard('duplicate');\n    const home = this.#homeOf(pdu.mn);",
    replace: "    if (this.#sas.get(pdu.mn)?.state === (link === 'access' ? 'serving' : 'prepared') && this.#seenMnRequests.has(pdu.mn, pdu.nonceN)) return this.#discard('duplicate');\n    const home = this.#homeOf(pdu.mn);",
    description: 'The PoS takes an MIS_Auth.request for a duplicate only while the SA it made is as it made it, so an old fallback request delivered again after the MN completed makes a new prepared SA over the serving one.',
    only: onlyDefault('only the lower tester delivers an MIS_Auth.request again after the SA it made has changed'),
  },
  {
    name: 'tpos-replay-cache-only-while-prepared',
    //= spec/clause-5.14-proposed-text.txt#5.14.1-S5
    //= type=test
    //# MIS_Prereg_Xfer and MIS_N2N_Prereg_Xfer messages exchanged between the SPoS and the TPoS may
    //# require security protection.
    requirement: ['A-REPLAY', '5.14.1-S5', '5.14.1-S24'],
    file: 'entities/pos.ts',
    find: '    const replayed = this.#seenN2nRequests.has(pdu.src, pdu.nonceN);',
    replace: "    const replayed = this.#seenN2nRequests.has(pdu.src, pdu.nonceN) && this.#sas.get(pdu.mn)?.state !== 'serving';",
    description: 'The TPoS answers an N2N request delivered again after the MN completed its handover there as a fresh one, and replaces the serving SA with a prepared one.',
    only: onlyDefault('a copy of an N2N request is delivered before the MN can complete; only re-delivery brings it after'),
  },
  {
    name: 'tpos-replay-cache-skips-no-common-suite',
    requirement: ['A-REPLAY', '5.14.2-S7'],
    file: 'entities/pos.ts',
    find: "    if (!(decision.kind === 'refuse' && decision.reason === 'UNAUTHORIZED_SOURCE')) this.#seenN2nRequests.add(pdu.src, pdu.nonceN);",
    replace: "    if (!(decision.kind === 'refuse' && (decision.reason === 'UNAUTHORIZED_SOURCE' || decision.reason === 'NO_COMMON_SUITE'))) this.#seenN2nRequests.add(pdu.src, pdu.nonceN);",
    description: 'The TPoS leaves a request it refused for want of a common suite out of its replay cache, so a copy of it is answered NO_COMMON_SUITE again instead of REJECTED/REPLAY (docs/protocol.md §5.3: whatever the answer).',
    only: onlyDefault('NO_COMMON_SUITE is rare and its request must then come back; the standard run gives re-delivery no weight'),
  },
  {
    name: 'tpos-replay-cache-success-only',
    requirement: ['A-REPLAY', '5.14.2-S7'],
    file: 'entities/pos.ts',
    find: "    if (!(decision.kind === 'refuse' && decision.reason === 'UNAUTHORIZED_SOURCE')) this.#seenN2nRequests.add(pdu.src, pdu.nonceN);",
    replace: "    if (decision.kind === 'accept') this.#seenN2nRequests.add(pdu.src, pdu.nonceN);",
    description: 'The TPoS records only the requests it accepted, so a copy of one it told to fall back (TPOS_REQUESTED, CHAIN_LIMIT, NO_COMMON_SUITE) is decided afresh instead of answered REJECTED/REPLAY.',
    only: onlyDefault('a refused request must come back to the TPoS; the standard run gives re-delivery no weight'),
  },
  // Each handler checks the state of the SA its PDU arrives on (docs/protocol.md §5.2): only a
  // copy, a late PDU or a lost completion brings a PDU to an SA in the other state.
  {
    name: 'spos-prereg-on-prepared-sa',
    requirement: 'A-DISCARD',
    file: 'entities/pos.ts',
    find: "    if (sa.state !== 'serving') return this.#discard('wrong-state'); // only the MN's SPoS prepares its handover\n",
    replace: '',
    description: "A PoS prepares a handover for an MN whose SA with it is only prepared (the MN's MIS_HO_Complete.request was lost), as if it served the MN.",
  },
  {
    name: 'tpos-completion-on-serving-sa',
    requirement: 'A-DISCARD',
    file: 'entities/pos.ts',
    find: "    if (sa.state !== 'prepared') return this.#discard('wrong-state');\n    if (pdu.previous === this.id) return this.#discard('bad-field');",
    replace: "    if (pdu.previous === this.id) return this.#discard('bad-field');",
    description: 'The TPoS takes an MIS_HO_Complete.request on an SA it already serves, and tells the old SPoS again.',
  },
  {
    name: 'pos-auth-cache-success-only',
    // the copy is answered again: the run names the §5.3 rule by A-REPLAY, as TP-REDELIVER-MN-REQUEST does
    requirement: ['A-REPLAY', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: "    if (home === undefined) return this.#discard('unknown-mn');\n    this.#seenMnRequests.add(pdu.mn, pdu.nonceN);\n",
    replace: "    if (home === undefined) return this.#discard('unknown-mn');\n",
    more: [{ file: 'entities/pos.ts', find: "      status = 'SUCCESS';\n", replace: "      status = 'SUCCESS';\n      this.#seenMnRequests.add(pdu.mn, pdu.nonceN);\n" }],
    description: "The PoS remembers an MN's MIS_Auth.request only when it grants it, so a copy of a refused one is answered again.",
    only: { check: 'default-check', why: "a PoS refuses a full establishment only once an ERP MN's SEQ is used up, and only the check's retry-after-lost-auth command copies such a request" },
  },
  {
    name: 'spos-caches-forwarded-requests-only',
    requirement: ['A-REPLAY', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: "    this.#seenMnRequests.add(pdu.mn, pdu.nonceN);\n    this.#dropPending(pdu.mn); // a new request supersedes an abandoned one\n",
    replace: "    this.#dropPending(pdu.mn); // a new request supersedes an abandoned one\n",
    more: [{ file: 'entities/pos.ts', find: '    const n2nTid = freshTid(this.#random);\n', replace: '    this.#seenMnRequests.add(pdu.mn, pdu.nonceN);\n    const n2nTid = freshTid(this.#random);\n' }],
    description: "The SPoS remembers an MN's MIS_Prereg_Xfer.request only when it forwards it to a TPoS, so a copy of one it refused itself is answered again.",
  },
];
