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
    find: "        suites: pdu.suites, // 5.14.2-S8: the MN's offer, in its order",
    replace: "        suites: this.suites, // 5.14.2-S8: the MN's offer, in its order",
    description: "The SPoS offers the TPoS its own cipher suites instead of the MN's.",
  },
  {
    name: 'selection-ignores-mn-rats',
    requirement: ['5.14.3-S4', 'A-SELECTION', '5.14.3-S7'],
    file: 'entities/selection.ts',
    find: '    if (!n.rats.some((rat) => mnRats.includes(rat))) continue; // 5.14.3-S4\n',
    replace: '',
    description: "The SPoS selects the first trusted neighbour whatever RATs the MN has.",
  },
  {
    name: 'no-target-answered-rejected',
    requirement: '5.14.3-S3',
    file: 'entities/pos.ts',
    find: "    if (tpos === null) return reply('NO_TARGET', 'NONE', null);",
    replace: "    if (tpos === null) return reply('REJECTED', 'NONE', null);",
    description: 'The SPoS that finds no candidate target answers REJECTED instead of NO_TARGET.',
  },
  {
    name: 'erp-id-type-gkb',
    requirement: ['5.14-T1', 'A-IDTYPE'],
    file: 'entities/sa.ts',
    find: "    case 'EAP':\n    case 'ERP':\n      return 1;",
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
