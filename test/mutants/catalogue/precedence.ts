//= SPEC_MAPPING.md#A-STATUS
//= type=test
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
// Precedence mistakes (A-STATUS): every check is there, but one sits at another place of its
// order (docs/protocol.md §4), so where two causes hold at once the PoS answers the later one.
// Each shows only at a decision where the moved check's cause meets one it passes over, which
// is what the TP-ORDER-* purposes make the default check reach; moves over several checks are
// the ones neighbouring pairs alone never saw.
import type { MutantSpec } from '../catalogue.ts';

const MN = "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c\n  //# or if any of the MN or TPoS requests so.\n  // the MN asked for a full establishment\n  if (input.fallback) return 'MN_REQUESTED';\n";
const TRUST = "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1a\n  //# The optimized MIH SA establishment is allowed only when a trust relationship has established\n  //# between the network domains of SPoS and TPoS.\n  if (!trustAllows(input.partners, input.target)) return 'NO_TRUST';\n";
const TLS = "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3\n  //# If protocol of establishing SAs between an MN and a TPoS is\n  if (tlsExcluded(input.sa, input.policy.tlsExclusion)) return 'TLS_ROOT';\n";
const ROOT = "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a\n  //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA\n  //# etsblishment applies.\n  // NOT_EAP_ROOT is the GKB root (docs/protocol.md §4, reason 4); a TLS root is the TLS\n  // exclusion's to judge, by the root above or, under V-TLS-PROTOCOL, by the MN's method alone.\n  if (input.sa.root === 'GKB') return 'NOT_EAP_ROOT';\n";
const LIMIT =
  '  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c\n  //# That is, after certain number of executions of the optimized SA establishment, it shall force\n  //# an SA establishment through the methods specified in 21m.\n  // the SPoS enforces unless configured off (V-ENFORCE-*); the wire bound always holds.\n' +
  '  const limitReached = input.policy.enforcers.spos && !chainAllows(input.sa.depth, input.policy.chainLimit);\n' +
  "  if (limitReached || !depthEncodable(input.sa.depth + 1)) return 'CHAIN_LIMIT';\n";

const SOURCE = "  //= spec/clause-5.14-proposed-text.txt#5.14.1-S6\n  //# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.\n  if (!sourceAuthorized(input.partners, input.spos)) return { kind: 'refuse', status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE' };\n";
const REPLAY = "  //= SPEC_MAPPING.md#A-REPLAY\n  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped\n  if (input.replayed) return { kind: 'refuse', status: 'REJECTED', reason: 'REPLAY' };\n";
const TPOS_FALLBACK = "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c\n  //# or if any of the MN or TPoS requests so.\n  // the TPoS's own policy asks for a full establishment\n  if (input.requestsFallback) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' };\n";
const DEPTH =
  '  if (input.policy.enforcers.tpos && !requestDepthAllowed(input.requestDepth, input.policy.chainLimit)) {\n' +
  "    //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c\n    //# That is, after certain number of executions of the optimized SA establishment, it shall\n    //# force an SA establishment through the methods specified in 21m.\n    return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' };\n" +
  '  }\n';
const SUITE =
  '  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8\n  //# They also need to agree on a cipher suite coded as c.\n  const suite = selectSuite(input.offeredSuites, input.supportedSuites);\n' +
  "  if (suite === null) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'NO_COMMON_SUITE' };\n";

const policy = (m: Omit<MutantSpec, 'file'>): MutantSpec => ({ ...m, file: 'entities/policy.ts' });

export const PRECEDENCE_MUTANTS: readonly MutantSpec[] = [
  policy({
    name: 'spos-tls-root-first',
    requirement: ['A-STATUS', '5.14.2-N1c', '5.14.2-N3', '5.14.2-N1a'],
    find: MN + TRUST + TLS,
    replace: TLS + MN + TRUST,
    description: "The SPoS refuses a TLS-rooted SA before it looks at the MN's fallback flag or the trust in the target.",
  }),
  policy({
    name: 'spos-chain-limit-first',
    requirement: ['A-STATUS', '5.14.2-N1c', '5.14.2-N1a', '5.14.2-N2a', '5.14.2-N4c', '5.14.2-N4b'],
    find: MN + TRUST + TLS + ROOT + LIMIT,
    replace: LIMIT + MN + TRUST + TLS + ROOT,
    description: 'The SPoS checks the chain limit before everything else, so an MN at the limit that asked for fallback, or an untrusted target, is answered CHAIN_LIMIT.',
  }),
  policy({
    name: 'spos-trust-last',
    requirement: ['A-STATUS', '5.14.2-N1a', '5.14.2-N3', '5.14.2-N2a', '5.14.2-N4c', '5.14.2-N4b'],
    find: TRUST + TLS + ROOT + LIMIT,
    replace: TLS + ROOT + LIMIT + TRUST,
    description: 'The SPoS checks the roaming agreement only after the root and the chain limit.',
  }),
  policy({
    name: 'spos-gkb-root-first',
    requirement: ['A-STATUS', '5.14.2-N1c', '5.14.2-N1a', '5.14.2-N2a'],
    // A GKB root written as its own test ahead of the others; the EAP-root test stays in place
    // for the roots the TLS check lets through, so a TLS root is still answered TLS_ROOT.
    find: MN + TRUST,
    replace: "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a\n  //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA\n  //# etsblishment applies.\n  if (input.sa.root === 'GKB') return 'NOT_EAP_ROOT';\n" + MN + TRUST,
    description: "The SPoS refuses a GKB-rooted SA before it looks at the MN's fallback flag or the trust in the target.",
    only: { check: 'default-check', why: "a GKB lineage needs a root lie on the hop that reaches L, which the standard run's budget draws too rarely to meet the MN's fallback flag or an untrusted target; the default check's GKB_WEIGHTS runs do" },
  }),
  policy({
    name: 'tpos-source-after-chain-limit',
    requirement: ['A-STATUS', '5.14.1-S6', 'A-REPLAY', '5.14.2-N1c', '5.14.2-N4c', '5.14.2-N4b'],
    find: SOURCE + REPLAY + TPOS_FALLBACK + DEPTH,
    replace: REPLAY + TPOS_FALLBACK + DEPTH + SOURCE,
    description: 'The TPoS answers a replay, its own fallback policy or the chain limit before it rejects an unauthorized source.',
  }),
  policy({
    name: 'tpos-replay-last',
    requirement: ['A-STATUS', 'A-REPLAY', '5.14.2-N1c', '5.14.2-N4c', '5.14.2-N4b', 'A-SUITES', '5.14.2-S8'],
    find: REPLAY + TPOS_FALLBACK + DEPTH + SUITE,
    replace: TPOS_FALLBACK + DEPTH + SUITE + REPLAY,
    description: 'The TPoS looks for a replay only after its fallback policy, the chain limit and the suites, so a replayed request is told to fall back instead of rejected.',
  }),
  policy({
    name: 'tpos-chain-limit-before-fallback-policy',
    requirement: ['A-STATUS', '5.14.2-N1c', '5.14.2-N4c', '5.14.2-N4b'],
    find: TPOS_FALLBACK + DEPTH,
    replace: DEPTH + TPOS_FALLBACK,
    description: 'The TPoS checks the chain limit before its own fallback policy.',
    only: { check: 'default-check', why: "it needs a depth lie on an N2N request to a TPoS whose fallback policy is on; the standard run's lies are spread over every lie that applies, and since the TLS-root and indication lies joined them its budget meets that pair in no run. The default check's TPOS_CHAIN_WEIGHTS runs chase it" },
  }),
  policy({
    name: 'tpos-suites-before-replay',
    requirement: ['A-STATUS', 'A-REPLAY', '5.14.2-N1c', '5.14.2-N4c', 'A-SUITES', '5.14.2-S8'],
    find: REPLAY + TPOS_FALLBACK + DEPTH + SUITE,
    replace: SUITE + REPLAY + TPOS_FALLBACK + DEPTH,
    description: 'The TPoS selects the suite first and answers NO_COMMON_SUITE before it checks for a replay, its fallback policy or the chain limit.',
    only: { check: 'default-check', why: 'in the fixed world every TPoS supports every suite the MNs offer, so only a suites lie on a request that is also replayed, asked to fall back or over the limit shows it; the generated worlds have TPoS with fewer suites' },
  }),
];
