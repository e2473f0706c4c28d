// Mistakes that only some worlds show: the fixed DEFAULT_WORLD of the standard run has no ERP
// MN, no PoS whose fallback policy starts on, and suite orders that hide some choices; the
// default check draws its worlds from the PICS (harness/pics/pics-world.ts) and reaches them.
import type { MutantSpec } from '../catalogue.ts';

export const WORLD_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'tpos-own-suite-preference',
    requirement: ['5.14.2-S8', 'A-SUITES'],
    file: 'entities/policy.ts',
    find: '  for (const s of offered) if (supported.includes(s)) return s;',
    replace: '  for (const s of supported) if (offered.includes(s)) return s;',
    description: "The TPoS picks c by its own preference order instead of the MN's.",
  },
  {
    name: 'spos-forwards-own-suites',
    requirement: ['A-SUITES', '5.14.2-S8'],
    file: 'entities/pos.ts',
    find: "        //= spec/clause-5.14-proposed-text.txt#5.14.2-S8\n        //# They also need to agree on a cipher suite coded as c.\n        // the MN's offer, in its order\n        suites: pdu.suites,",
    replace: "        //= spec/clause-5.14-proposed-text.txt#5.14.2-S8\n        //# They also need to agree on a cipher suite coded as c.\n        // the MN's offer, in its order\n        suites: this.suites,",
    description: "The SPoS offers the TPoS its own cipher suites instead of the MN's.",
  },
  {
    name: 'selection-ignores-mn-rats',
    //= spec/clause-5.14-proposed-text.txt#5.14.3-S4
    //= type=test
    //# This also depends on the SPoS having access to location and configuration
    //= SPEC_MAPPING.md#A-SELECTION
    //= type=test
    //# 5.14.3 selection rule: the SPoS picks the first of its neighbours that is in its partners
    //# and offers one of the MN's RATs; none → NO_TARGET.
    requirement: ['5.14.3-S4', 'A-SELECTION', '5.14.3-S7'],
    file: 'entities/selection.ts',
    find: '    //= spec/clause-5.14-proposed-text.txt#5.14.3-S4\n    //# This also depends on the SPoS having access to location and configuration\n    if (!n.rats.some((rat) => mnRats.includes(rat))) continue;\n',
    replace: '',
    description: "The SPoS selects the first trusted neighbour whatever RATs the MN has.",
  },
  {
    name: 'no-target-answered-rejected',
    //= spec/clause-5.14-proposed-text.txt#5.14.3-S3
    //= type=test
    //# the SPoS can make a determination about which target network may best be able to provide
    //# connectivity and service to the MN
    requirement: '5.14.3-S3',
    file: 'entities/pos.ts',
    find: "    if (tpos === null) return reply('NO_TARGET', 'NONE', null);",
    replace: "    if (tpos === null) return reply('REJECTED', 'NONE', null);",
    description: 'The SPoS that finds no candidate target answers REJECTED instead of NO_TARGET.',
  },
  {
    name: 'erp-id-type-gkb',
    //= SPEC_MAPPING.md#A-IDTYPE
    //= type=test
    //# so an SA of ID_TYPE 3 whose root is EAP may seed the next hop
    requirement: ['5.14-T1', 'A-IDTYPE'],
    file: 'entities/sa.ts',
    find: "    case 'EAP':\n    case 'ERP':\n      //= spec/clause-5.14-proposed-text.txt#5.14-T1\n      //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;\n      //# 2: GKB-generated; 3: SPoS-generated\n      // 1 EAP-generated (an rMSK comes from an EAP run's EMSK)\n      return 1;",
    replace: "    case 'EAP':\n      return 1;\n    case 'ERP':\n      return 2;",
    description: "An SA from an ERP run is labelled GKB-generated (ID_TYPE 2) on both sides, not EAP-generated.",
    only: { check: 'default-check', why: 'the fixed world has no ERP MN' },
  },
  {
    name: 'fallback-policy-not-configured',
    requirement: '5.14.2-N1c',
    file: 'entities/pos.ts',
    find: '    this.#requestsFallback = config.requestsFallback;',
    replace: '    this.#requestsFallback = false;',
    description: "The PoS starts with its fallback policy off whatever its configuration says; only a later change of policy takes effect.",
    only: { check: 'default-check', why: "every PoS of the fixed world starts with its fallback policy off" },
  },
];
