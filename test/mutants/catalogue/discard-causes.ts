// A check skipped and made up for by a later one, or made out of the order of docs/protocol.md
// §5.2: the PDU is still discarded, with no effect, so only its cause tells (§7). The lower
// tester's PDUs fail one check alone, and a PDU delivered again fails the checks of the
// receiver's state in their order, so the model knows which check must reject them.
import type { MutantSpec } from '../catalogue.ts';
import { onlyDefault } from './only-default.ts';

export const DISCARD_CAUSE_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'mn-echo-left-to-unwrap',
    requirement: ['A-NONCE', 'A-DISCARD'],
    file: 'entities/mn.ts',
    find: "    if (!bytesEqual(pdu.nonceN, p.nonceN)) return this.#discard('nonce-mismatch');\n\n    switch (pdu.status) {",
    replace: "    if (pdu.wrappedK === null && !bytesEqual(pdu.nonceN, p.nonceN)) return this.#discard('nonce-mismatch');\n\n    switch (pdu.status) {",
    more: [
      {
        file: 'entities/mn.ts',
        find: 'wrappedKContext(pdu.type, pdu.src, this.id, this.id, tpos, p.nonceN)',
        replace: 'wrappedKContext(pdu.type, pdu.src, this.id, this.id, tpos, pdu.nonceN)',
      },
    ],
    description: 'The MN leaves the Nonce-N echo of a SUCCESS answer to the unwrapping of K, whose context names the echoed Nonce-N, so a wrong echo fails as a bad wrapped K instead of being rejected as a wrong echo.',
    only: onlyDefault('only the lower tester sends a SUCCESS answer with a wrong echo under the right MAC'),
  },
  {
    name: 'tpos-unwrap-failure-as-bad-mac',
    requirement: ['5.14.2-S6', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: "    if (!verifySealed(pdu, mis.key)) return this.#discard('bad-mac');\n    //= spec/clause-5.14-proposed-text.txt#5.14.2-S6\n    //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by\n    //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.\n    const k = mis.key.unwrap(pdu.wrappedK, wrappedKContext(pdu.type, pdu.src, this.id, pdu.mn, this.id, pdu.nonceN));\n    if (k === null) return this.#discard('bad-wrapped-key');",
    replace: "    //= spec/clause-5.14-proposed-text.txt#5.14.2-S6\n    //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by\n    //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.\n    const k = mis.key.unwrap(pdu.wrappedK, wrappedKContext(pdu.type, pdu.src, this.id, pdu.mn, this.id, pdu.nonceN));\n    if (!verifySealed(pdu, mis.key) || k === null) return this.#discard('bad-mac');",
    description: 'The TPoS checks the MAC and the wrapped K of an N2N request in one test, so a K that does not unwrap under a MAC that verifies is taken for a bad MAC.',
    only: onlyDefault('only the lower tester sends an N2N request whose wrapped K fails under a MAC that verifies'),
  },
  {
    name: 'spos-request-cache-before-sa-checks',
    requirement: ['A-DISCARD', 'A-REPLAY'],
    file: 'entities/pos.ts',
    find: "    const sa = this.#sas.get(pdu.mn);\n    if (sa === undefined) return this.#discard('no-sa');\n    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'serving') return this.#discard('wrong-state'); // only the MN's SPoS prepares its handover\n    if (this.#seenMnRequests.has(pdu.mn, pdu.nonceN)) return this.#discard('duplicate');\n",
    replace: "    if (this.#seenMnRequests.has(pdu.mn, pdu.nonceN)) return this.#discard('duplicate');\n    const sa = this.#sas.get(pdu.mn);\n    if (sa === undefined) return this.#discard('no-sa');\n    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'serving') return this.#discard('wrong-state'); // only the MN's SPoS prepares its handover\n",
    description: 'The SPoS looks an MIS_Prereg_Xfer.request up in its request cache before it checks the SA and the MAC, so a request delivered again after the SA changed is taken for a duplicate before its MAC is ever verified.',
    only: onlyDefault('only the lower tester delivers a preregistration request again after the SA it was sealed under changed'),
  },
];
