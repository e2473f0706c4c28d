// Precedence mistakes (A-STATUS): every check is there, but one sits at another place of its
// order (docs/protocol.md §4), so where two causes hold at once the PoS answers the later one.
// Each shows only at a decision where the moved check's cause meets one it passes over, which
// is what the TP-ORDER-* purposes make the default check reach; moves over several checks are
// the ones neighbouring pairs alone never saw.
import type { MutantSpec } from '../catalogue.ts';

const MN = "  if (input.fallback) return 'MN_REQUESTED'; // 5.14.2-N1c: the MN asked for a full establishment\n";
const TRUST = "  if (!trustAllows(input.partners, input.target)) return 'NO_TRUST'; // 5.14.2-N1a\n";
const TLS = "  if (tlsExcluded(input.sa, input.policy.tlsExclusion)) return 'TLS_ROOT'; // 5.14.2-N3\n";
const ROOT = "  if (!eapRooted(input.sa.root)) return 'NOT_EAP_ROOT'; // 5.14.2-N2a\n";
const LIMIT =
  '  // 5.14.2-N4c: the SPoS enforces unless configured off (V-ENFORCE-*); the wire bound always holds.\n' +
  '  const limitReached = input.policy.enforcers.spos && !chainAllows(input.sa.depth, input.policy.chainLimit);\n' +
  "  if (limitReached || !depthEncodable(input.sa.depth + 1)) return 'CHAIN_LIMIT';\n";

const SOURCE = "  if (!sourceAuthorized(input.partners, input.spos)) return { kind: 'refuse', status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE' }; // 5.14.1-S6\n";
const REPLAY = "  if (input.replayed) return { kind: 'refuse', status: 'REJECTED', reason: 'REPLAY' }; // A-REPLAY\n";
const TPOS_FALLBACK = "  if (input.requestsFallback) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' }; // 5.14.2-N1c: the TPoS's own policy asks for a full establishment\n";
const DEPTH =
  '  if (input.policy.enforcers.tpos && !requestDepthAllowed(input.requestDepth, input.policy.chainLimit)) {\n' +
  "    return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' }; // 5.14.2-N4c\n" +
  '  }\n';
const SUITE =
  '  const suite = selectSuite(input.offeredSuites, input.supportedSuites); // 5.14.2-S8\n' +
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
    replace: "  if (input.sa.root === 'GKB') return 'NOT_EAP_ROOT'; // 5.14.2-N2a\n" + MN + TRUST,
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
