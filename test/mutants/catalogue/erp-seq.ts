//= SPEC_MAPPING.md#A-ERP-SEQ
//= type=test
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
// Mistakes at the end of an ERP MN's SEQ space (A-ERP-SEQ, docs/protocol.md §5.4): no world
// with SEQs starting at 0 reaches them, only the generated worlds that start near the end
// (harness/pics/pics-world.ts, ERP_SEQ_NEAR_END).
import type { MutantSpec } from '../catalogue.ts';

const why = 'the fixed world has no ERP MN and starts every SEQ at 0; only generated worlds start near the end of the SEQ space';

export const ERP_SEQ_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'hpos-erp-seq-wraps',
    requirement: 'A-ERP-SEQ',
    file: 'entities/home.ts',
    find: "      if (!sub.erp.available) return { ok: false, refusal: 'ERP_SEQ_EXHAUSTED' }; // RFC 6696: SEQ never wraps\n",
    replace: '',
    // The run itself would refuse too; the wrap takes both lines.
    more: [{ file: 'entities/credentials.ts', find: "    if (!this.available) throw new RangeError('ERP SEQ would wrap');\n", replace: '' }],
    description: 'The HPoS lets the SEQ wrap and grants an ERP run with no SEQ left instead of refusing it.',
    only: { check: 'default-check', why },
  },
  {
    name: 'hpos-erp-seq-last-refused',
    requirement: 'A-ERP-SEQ',
    file: 'entities/home.ts',
    find: "      if (!sub.erp.available) return { ok: false, refusal: 'ERP_SEQ_EXHAUSTED' }; // RFC 6696: SEQ never wraps\n",
    replace: "      if (sub.erp.nextSeq >= 65535) return { ok: false, refusal: 'ERP_SEQ_EXHAUSTED' };\n",
    description: 'Off by one at the HPoS alone: it refuses the last SEQ, 65535, which the MN still counts as its own.',
    only: { check: 'default-check', why },
  },
  {
    name: 'pos-erp-refusal-full-auth',
    requirement: 'A-ERP-SEQ',
    file: 'entities/pos.ts',
    find: "    let status: Status = 'REJECTED';\n",
    replace: "    let status: Status = 'FULL_AUTH_REQUIRED';\n",
    description: 'A PoS whose HPoS has no SEQ left answers the ERP request FULL_AUTH_REQUIRED, not REJECTED: only an MN that still counts a SEQ, after a lost answer, asks it.',
    only: { check: 'default-check', why },
  },
  {
    name: 'mn-erp-without-seq',
    requirement: 'A-ERP-SEQ',
    file: 'entities/policy.ts',
    find: "  if (!erpAvailable) return 'EAP';\n",
    replace: '',
    description: 'An ERP MN whose SEQ is used up keeps asking for ERP instead of running EAP.',
    only: { check: 'default-check', why },
  },
  {
    name: 'erp-seq-last-unused',
    requirement: 'A-ERP-SEQ',
    file: 'entities/credentials.ts',
    find: '    return this.#nextSeq <= ERP_SEQ_MAX;',
    replace: '    return this.#nextSeq < ERP_SEQ_MAX;',
    description: 'Off by one at the end: SEQ 65535 is never used, so ERP ends one run early at the MN and the HPoS.',
    only: { check: 'default-check', why },
  },
  {
    name: 'mn-ignores-erp-refusal',
    requirement: 'A-ERP-SEQ',
    file: 'entities/mn.ts',
    find: "      if (p.method === 'ERP') this.#erp.exhaust();\n",
    replace: '',
    description: 'An MN whose ERP request was refused does not treat its SEQ as used up, so it asks for ERP again.',
    only: { check: 'default-check', why },
  },
];
