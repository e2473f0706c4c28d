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
  {
    name: 'codec-ascii-test-inverted',
    requirement: ['A-TLV', '5.14.1-S24'],
    file: 'wire/codec.ts',
    find: '    const c = s.charCodeAt(i);\n    if (c >= 0x80) return null;',
    replace: '    const c = s.charCodeAt(i);\n    if (c < 0x80) return null;',
    only: { check: 'default-check', why: 'the fixed world names every MN in ASCII' },
    description: "The encoder's ASCII fast path is left at the first ASCII character instead of the first non-ASCII one, so an identity with no ASCII character is written one byte per UTF-16 code unit.",
  },
  {
    name: 'codec-suite-range-short',
    // A PoS discards an MN's valid request as malformed: the run departs from the model at that discard.
    requirement: ['A-TLV', 'A-SUITES', 'A-DISCARD'],
    file: 'wire/codec.ts',
    find: '        if (s < MIN_SUITE || s > MAX_SUITE) throw new DecodeError(\'BAD_ENUM\', field, v + i,',
    replace: '        if (s < MIN_SUITE || s >= MAX_SUITE) throw new DecodeError(\'BAD_ENUM\', field, v + i,',
    only: { check: 'default-check', why: 'the fixed world offers only the suites its PoSs support, none of them 4' },
    description: 'The decoder rejects a suite list that offers suite 4 (NULL + CMAC-AES), the last code of A-SUITES.',
  },
  {
    name: 'codec-suite-list-bound-short',
    // The SPoS discards the MN's MIS_Prereg_Xfer.request, so the Nonce-N/Nonce-T exchange never happens.
    requirement: ['A-TLV', 'A-SUITES', '5.14.2-S7'],
    file: 'wire/codec.ts',
    find: "      if (length > 255) throw new DecodeError('BAD_LENGTH', field, pos + 1, `suite list",
    replace: "      if (length >= 255) throw new DecodeError('BAD_LENGTH', field, pos + 1, `suite list",
    only: { check: 'default-check', why: 'the fixed world offers a few suites per MN' },
    description: 'The decoder rejects a list of 255 suites, the longest docs/protocol.md §4.4 allows.',
  },
];
