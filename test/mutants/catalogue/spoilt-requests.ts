// A receiver that remembers a request before its checks pass: the copy the lower tester spoilt
// is discarded, but it filled the replay cache, so the real request after it is refused or
// dropped as a replay. A plain tamper, with nothing after it, never shows it; only a spoilt copy
// delivered before the request itself (harness/commands.ts SpoilCopyCommand 'requests').
import type { MutantSpec } from '../catalogue.ts';

const only = { check: 'default-check', why: "only a spoilt copy of a request delivered before it shows it, which the check's runs with an SUT PoS draw and the standard run's weights do not" } as const;

export const SPOILT_REQUEST_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'tpos-caches-before-unwrap',
    requirement: ['A-REPLAY', 'A-DISCARD', '5.14.2-S6'],
    file: 'entities/pos.ts',
    find: "    if (k === null) return this.#discard('bad-wrapped-key');\n\n    const replayed = this.#seenN2nRequests.has(pdu.src, pdu.nonceN);",
    replace:
      "    const replayed = this.#seenN2nRequests.has(pdu.src, pdu.nonceN);\n    if (this.partners.includes(pdu.src)) this.#seenN2nRequests.add(pdu.src, pdu.nonceN);\n    if (k === null) return this.#discard('bad-wrapped-key');\n",
    description: 'The TPoS remembers an N2N request from a partner before it unwrapped K: a copy with a spoilt wrapped K makes the real request a replay.',
    only,
  },
  {
    name: 'tpos-caches-before-mac',
    requirement: ['A-REPLAY', 'A-DISCARD', '5.14.1-S20'],
    file: 'entities/pos.ts',
    find: "    if (!verifySealed(pdu, mis.key)) return this.#discard('bad-mac');\n    //= spec/clause-5.14-proposed-text.txt#5.14.2-S6\n    //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by\n    //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.\n    const k = mis.key.unwrap(",
    replace:
      "    const replayedEarly = this.#seenN2nRequests.has(pdu.src, pdu.nonceN);\n    if (this.partners.includes(pdu.src)) this.#seenN2nRequests.add(pdu.src, pdu.nonceN);\n    if (!verifySealed(pdu, mis.key)) return this.#discard('bad-mac');\n    const k = mis.key.unwrap(",
    more: [
      { file: 'entities/pos.ts', find: '    const replayed = this.#seenN2nRequests.has(pdu.src, pdu.nonceN);', replace: '    const replayed = replayedEarly;' },
    ],
    description: 'The TPoS remembers an N2N request from a partner before it verified the MAC: a copy with a spoilt MAC makes the real request a replay.',
    only,
  },
  {
    name: 'spos-caches-before-mac',
    requirement: ['A-REPLAY', 'A-DISCARD', '5.14.1-S20'],
    file: 'entities/pos.ts',
    find: "    if (pdu.src !== pdu.mn) return this.#discard('misaddressed');\n    const sa = this.#sas.get(pdu.mn);\n    if (sa === undefined) return this.#discard('no-sa');\n    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'serving')",
    replace:
      "    if (pdu.src !== pdu.mn) return this.#discard('misaddressed');\n    const sa = this.#sas.get(pdu.mn);\n    if (sa === undefined) return this.#discard('no-sa');\n    const seenEarly = this.#seenMnRequests.has(pdu.mn, pdu.nonceN);\n    this.#seenMnRequests.add(pdu.mn, pdu.nonceN);\n    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'serving')",
    more: [
      { file: 'entities/pos.ts', find: "    if (this.#seenMnRequests.has(pdu.mn, pdu.nonceN)) return this.#discard('duplicate');\n    if (pdu.target === this.id)", replace: "    if (seenEarly) return this.#discard('duplicate');\n    if (pdu.target === this.id)" },
    ],
    description: "The SPoS remembers the MN's MIS_Prereg_Xfer.request before it verified the MAC: a copy with a spoilt MAC makes the real request a duplicate.",
  },
];
