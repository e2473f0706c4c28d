//= SPEC_MAPPING.md#A-NONCE
//= type=test
//# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every response
// A sender that reuses a value it must draw fresh (docs/protocol.md §4 nonces, §6.7 the wrap
// nonce). Every receiver still verifies what it gets, and the keys still agree at both ends, so
// no peer notices; only the tester's wire check of fresh draws does
// (harness/tester/wire-tester.ts), at the first repeat in a run.
import type { MutantSpec } from '../catalogue.ts';

export const FRESH_DRAW_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'spos-wrap-nonce-zero',
    requirement: '5.14.2-S6',
    file: 'entities/pos.ts',
    find: 'wrappedK: mis.key.wrap(k, wrappedKContext(type, this.id, tpos, pdu.mn, tpos, pdu.nonceN), this.#random.bytes(16)),',
    replace: 'wrappedK: mis.key.wrap(k, wrappedKContext(type, this.id, tpos, pdu.mn, tpos, pdu.nonceN), new Uint8Array(16)),',
    description: 'The SPoS wraps K for the TPoS under an all-zero wrap nonce, trusting the AAD to make each wrap unique: every K under one MIS SA shares a keystream.',
  },
  {
    name: 'pos-nonce-p-per-mn',
    requirement: 'A-NONCE',
    file: 'entities/pos.ts',
    find: '  readonly #seenN2nRequests: ReplayCache;\n',
    replace: '  readonly #seenN2nRequests: ReplayCache;\n  readonly #nonceP = new Map<string, Uint8Array>();\n',
    more: [{ file: 'entities/pos.ts', find: '    const nonceP = freshNonce(this.#random);\n', replace: '    const nonceP = this.#nonceP.get(pdu.mn) ?? freshNonce(this.#random);\n    this.#nonceP.set(pdu.mn, nonceP);\n' }],
    description: "A PoS draws one Nonce-P per MN and sends it again in every later full establishment of that MN.",
  },
];
