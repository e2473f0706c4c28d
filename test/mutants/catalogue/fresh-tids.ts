//= SPEC_MAPPING.md#A-TLV
//= type=test
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
// A sender that reuses a tid it should not (docs/protocol.md §5.1: the sender of a request or
// indication picks a fresh one, the SPoS "not the MN's"). Every receiver still matches its
// answers by (sender, tid) and Nonce-N, so no peer notices; only the tester's wire check of
// fresh tids does (harness/tester/wire-tester.ts), at the second reuse by one sender in a run.
import type { MutantSpec } from '../catalogue.ts';

export const FRESH_TID_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'spos-n2n-tid-is-mn-tid',
    requirement: 'A-TLV',
    file: 'entities/pos.ts',
    find: '    const n2nTid = freshTid(this.#random);',
    replace: '    const n2nTid = pdu.tid;',
    description: "The SPoS sends the N2N request under the tid of the MN's MIS_Prereg_Xfer.request it relays.",
  },
  {
    name: 'tpos-indication-tid-is-mn-tid',
    requirement: 'A-TLV',
    file: 'entities/pos.ts',
    find: "mn: pdu.mn, tid: freshTid(this.#random) }, mis.key);",
    replace: 'mn: pdu.mn, tid: pdu.tid }, mis.key);',
    description: "The TPoS sends its completion indication under the tid of the MN's MIS_HO_Complete.request.",
  },
  {
    name: 'mn-fallback-tid-is-prereg-tid',
    requirement: 'A-TLV',
    file: 'entities/mn.ts',
    find: "const full = { kind: 'full', spos: p.spos, tpos, tid: freshTid(this.#random),",
    replace: "const full = { kind: 'full', spos: p.spos, tpos, tid: p.tid,",
    description: 'The MN falls back to a full establishment with the TPoS under the tid of the preregistration it was refused.',
  },
];
