// A receiver that reads its state before it verifies the MAC (docs/protocol.md §5.2: at a PoS the
// MAC comes before the SA's state, the request cache and the open handover). The PDU is still
// discarded with no effect, so only the cause tells (§7), and only for a PDU that fails both: a
// spoilt copy of a PDU its receiver has already taken, delivered after it. The model names the
// MAC as the cause where every check the PDU as sent fails comes after the MAC
// (model/world/discard-cause.ts spoiltCause); the receiver-check runs deliver such copies.
import type { MutantSpec } from '../catalogue.ts';
import { onlyDefault } from './only-default.ts';

const AFTER_THE_ORIGINAL = onlyDefault('only the default check\'s receiver-check runs deliver a spoilt copy after the PDU it copies');

export const MAC_FIRST_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'spos-dup-before-mac',
    requirement: ['5.14.1-S20', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: "    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'serving') return this.#discard('wrong-state'); // only the MN's SPoS prepares its handover\n    if (this.#seenMnRequests.has(pdu.mn, pdu.nonceN)) return this.#discard('duplicate');\n",
    replace: "    if (this.#seenMnRequests.has(pdu.mn, pdu.nonceN)) return this.#discard('duplicate');\n    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'serving') return this.#discard('wrong-state'); // only the MN's SPoS prepares its handover\n",
    description: 'The SPoS looks a preregistration request up in its request cache before it verifies the MAC, so a copy with a broken MAC of a request it took is discarded as a duplicate.',
    only: AFTER_THE_ORIGINAL,
  },
  {
    name: 'spos-state-before-mac',
    requirement: ['5.14.1-S20', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: "    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'serving') return this.#discard('wrong-state'); // only the MN's SPoS prepares its handover\n",
    replace: "    if (sa.state !== 'serving') return this.#discard('wrong-state'); // only the MN's SPoS prepares its handover\n    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n",
    description: 'The SPoS checks that its SA with the MN is serving before it verifies the MAC of a preregistration request.',
    only: AFTER_THE_ORIGINAL,
  },
  {
    name: 'tpos-completion-state-before-mac',
    requirement: ['5.14.1-S20', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: "    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'prepared') return this.#discard('wrong-state');\n",
    replace: "    if (sa.state !== 'prepared') return this.#discard('wrong-state');\n    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n",
    description: 'The TPoS checks that its SA with the MN is prepared before it verifies the MAC of a completion, so a spoilt copy of a completion it took is discarded for the wrong state.',
    only: AFTER_THE_ORIGINAL,
  },
  {
    name: 'pos-indication-sa-before-mac',
    requirement: ['5.14.1-S20', 'A-DISCARD', '5.14.1-S19'],
    file: 'entities/pos.ts',
    find: "    if (!verifySealed(pdu, mis.key)) return this.#discard('bad-mac');\n    const sa = this.#sas.get(pdu.mn);\n    if (sa === undefined) return this.#discard('no-sa');\n    if (sa.state !== 'serving') return this.#discard('wrong-state');\n",
    replace: "    const sa = this.#sas.get(pdu.mn);\n    if (sa === undefined) return this.#discard('no-sa');\n    if (sa.state !== 'serving') return this.#discard('wrong-state');\n    if (!verifySealed(pdu, mis.key)) return this.#discard('bad-mac');\n",
    description: 'The old SPoS looks up its SA with the MN before it verifies the MAC of a completion indication, so a spoilt copy of an indication it acted on is discarded for the missing SA.',
    only: AFTER_THE_ORIGINAL,
  },
  {
    name: 'spos-n2n-transaction-before-mac',
    requirement: ['5.14.1-S20', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: "    if (!verifySealed(pdu, mis.key)) return this.#discard('bad-mac');\n    const p = this.#pending.get(pdu.mn);\n    if (p === undefined || p.tpos !== pdu.src || p.n2nTid !== pdu.tid) return this.#discard('unknown-transaction');\n",
    replace: "    const p = this.#pending.get(pdu.mn);\n    if (p === undefined || p.tpos !== pdu.src || p.n2nTid !== pdu.tid) return this.#discard('unknown-transaction');\n    if (!verifySealed(pdu, mis.key)) return this.#discard('bad-mac');\n",
    description: 'The SPoS looks up the open handover an N2N answer belongs to before it verifies the MAC, so a spoilt copy of an answer it relayed is discarded as an unknown transaction.',
    only: AFTER_THE_ORIGINAL,
  },
];
