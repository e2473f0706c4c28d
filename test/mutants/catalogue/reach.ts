// The MN's checks of an optimized answer (a SUCCESS MIS_Prereg_Xfer.response, docs/protocol.md
// §5.2 PDU 6): the TPoS named, Nonce-T, the suite c and the wrapped K. Only the active lower tester sends such
// an answer with a field the MN must refuse, and a SUCCESS is one answer in many; the runs that
// chase spoilt copies (harness/cli/engine.ts chasesSpoiltCopies, harness/commands.ts
// SpoilCopyCommand) deliver a spoilt copy of it before the answer itself.
import type { MutantSpec } from '../catalogue.ts';
import { onlyDefault } from './only-default.ts';

export const REACH_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'mn-optimized-suite-unchecked',
    requirement: ['5.14.2-S8', 'A-SUITES', 'A-DISCARD'],
    file: 'entities/mn.ts',
    find: "    if (!this.suites.includes(suite)) return this.#discard('bad-field');\n",
    replace: '',
    description: 'The MN takes up an optimized answer whatever suite c the SPoS names, one it never offered included.',
    only: onlyDefault('only the lower tester names a suite the MN did not offer, and the fixed world of the standard run has no SUCCESS answer spoilt that way'),
  },
  {
    name: 'mn-optimized-tpos-unchecked',
    requirement: ['5.14.3-S7', 'A-DISCARD'],
    file: 'entities/mn.ts',
    find: "    if (tpos === this.#attachedTo || (p.target !== null && tpos !== p.target)) return this.#discard('bad-field');\n",
    replace: '',
    description: 'The MN takes the TPoS an optimized answer names without checking it is neither its current SPoS nor another than the one it asked for.',
    only: onlyDefault('only the lower tester names the SPoS itself as the TPoS of a SUCCESS answer'),
  },
  {
    name: 'mn-optimized-nonce-t-unchecked',
    requirement: ['5.14.2-S7', 'A-DISCARD'],
    file: 'entities/mn.ts',
    find: 'if (tpos === null || nonceT === null || suite === null || wrappedK === null)',
    replace: 'if (tpos === null || suite === null || wrappedK === null)',
    description: 'The MN does not check that an optimized answer carries Nonce-T, and fails inside the key derivation instead of discarding the answer for the missing field.',
    only: onlyDefault('only the lower tester leaves Nonce-T out of a SUCCESS answer'),
  },
  {
    name: 'mn-optimized-unwrap-failure-zero-k',
    requirement: ['5.14.2-S6', 'A-MISK', 'A-DISCARD'],
    file: 'entities/mn.ts',
    find: "    if (k === null) return this.#discard('bad-wrapped-key');\n    //= spec/clause-5.14-proposed-text.txt#5.14.2-S9",
    replace: "    //= spec/clause-5.14-proposed-text.txt#5.14.2-S9",
    more: [
      { file: 'entities/mn.ts', find: 'const misk = deriveOptimizedMisk(k, p.nonceN', replace: 'const misk = deriveOptimizedMisk(k ?? new Uint8Array(32), p.nonceN' },
      { file: 'entities/mn.ts', find: '    k.fill(0);\n    this.#pending = null;', replace: '    k?.fill(0);\n    this.#pending = null;' },
    ],
    description: 'The MN takes a K that does not unwrap for a zero K and installs the prepared SA, instead of discarding the answer.',
    only: onlyDefault('only the lower tester spoils the wrapped K of a SUCCESS answer under a MAC that verifies'),
  },
  {
    name: 'mn-closes-transaction-on-malformed',
    // The run departs from the model at the exchange whose answer it loses: an attaching MN's
    // MIS_Auth.response (the full establishment, 5.14.1-S24) or a MIS_Prereg_Xfer.response (5.14.2-S7).
    requirement: ['A-DISCARD', 'A-TLV', '5.14.1-S24', '5.14.2-S7'],
    file: 'entities/mn.ts',
    find: "      return this.#discard(e instanceof DecodeError ? 'malformed' : 'internal');\n    }\n    if (pdu.dst !== this.id || pdu.mn !== this.id)",
    replace:
      "      if (this.#pending !== null && bytes.length >= 6 && (((bytes[4]! & 0x0f) << 8) | bytes[5]!) === this.#pending.tid) this.#pending = { ...this.#pending, tid: -1 };\n      return this.#discard(e instanceof DecodeError ? 'malformed' : 'internal');\n    }\n    if (pdu.dst !== this.id || pdu.mn !== this.id)",
    description: 'The MN closes its pending transaction on the first PDU whose header carries its transaction id, before decoding it, so a malformed copy of the answer makes it lose the answer itself.',
    only: onlyDefault('only a malformed copy of an answer delivered before the answer (the spoilt-copy `decoding` way) leaves the MN an answer to lose, and the standard run has no such command'),
  },
];
