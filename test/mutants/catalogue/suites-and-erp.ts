// Mistakes in the suite c the TPoS chooses (5.14.2-S8, A-SUITES) and in the key hierarchy of
// Note 2 (5.14.2-N2b, A-ERP-FULL). Each shows only where a generated world has what the fixed
// DEFAULT_WORLD lacks: a TPoS that supports a later suite of an MN's offer but not its first,
// or an ERP MN. properties/suite-agreement.ts and properties/k-from-eap-or-erp.ts name them.
import type { MutantSpec } from '../catalogue.ts';

export const SUITES_AND_ERP_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'tpos-first-choice-only',
    //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
    //= type=test
    //# They also need to agree on a cipher suite coded as c.
    requirement: ['5.14.2-S8', 'A-SUITES'],
    file: 'entities/policy.ts',
    find: '  for (const s of offered) if (supported.includes(s)) return s;\n  return null;',
    replace: '  const first = offered[0];\n  return first !== undefined && supported.includes(first) ? first : null;',
    description: "The TPoS takes the MN's first choice or nothing: it answers NO_COMMON_SUITE although it supports a later suite of the offer.",
    only: { check: 'default-check', why: "every TPoS of the fixed world supports every suite the MNs offer; only a generated world's TPoS lacks an MN's first choice" },
  },
  {
    name: 'spos-refuses-erp-root',
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N2b
    //= type=test
    //# In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or
    //# ERP execution.
    requirement: ['5.14.2-N2b', 'A-ERP-FULL'],
    file: 'entities/policy.ts',
    find: "  if (input.sa.root === 'GKB') return 'NOT_EAP_ROOT';",
    replace: "  if (input.sa.root === 'GKB' || input.sa.root === 'ERP') return 'NOT_EAP_ROOT';",
    description: 'The SPoS reads Note 2 as EAP alone and answers NOT_EAP_ROOT for an SA an ERP run made, so an ERP MN never hands over optimized.',
    only: { check: 'default-check', why: 'the fixed world has no ERP MN' },
  },
  {
    name: 'mn-erp-continues-chain',
    //= SPEC_MAPPING.md#A-ERP-FULL
    //= type=test
    //# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0 and
    //# yields ID_TYPE 1 (variant V-ERP-FULL).
    requirement: ['5.14.2-N2b', 'A-ERP-FULL'],
    file: 'entities/mn.ts',
    find: "      this.#prepared = new SecurityAssociation({ peer: pos, idType, root: p.method, depth: 0, state: 'prepared', suite: null, misk });",
    replace: "      this.#prepared = new SecurityAssociation({ peer: pos, idType, root: p.method, depth: p.method === 'ERP' ? (this.#serving?.depth ?? 0) + 1 : 0, state: 'prepared', suite: null, misk });",
    description: "The MN counts an ERP run during a handover as one more hop of the chain it re-authenticates, not as a full establishment that resets the depth to 0.",
    only: { check: 'default-check', why: 'the fixed world has no ERP MN' },
  },
];
