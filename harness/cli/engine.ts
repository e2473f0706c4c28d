// How the CLI drives the one conformance engine (harness/conformance.ts, runConformance): one
// fast-check run per seed against the opened SUT, the model (or, with --no-model, the reference
// implementation) as oracle, and the results turned into what the CLI reports: the steps seen
// (test-purpose evidence), the counterexample with its replay token `<seed>:<path>`, or an error
// when the SUT process broke or the tester's own reference entities disagree with the model.
import type { Adapter, Oracle, OracleFactory, StepEvidence } from '../adapter.ts';
import { ReferenceOracle } from '../adapters/reference-oracle.ts';
import { DEFAULT_WEIGHTS, TAMPER_WAYS, type CommandWeights } from '../commands.ts';
import { CHECKED_TYPES, TO_MN } from '../tester/check-faults.ts';
import { runConformance, type ConformanceResult, type Counterexample as EngineCounterexample } from '../conformance.ts';
import { advanceDuplicated, advanceHistory, enabledStimuli } from '../enabled.ts';
import type { LockstepObservation } from '../lockstep.ts';
import type { Observation, PduObservation, PduType, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { formatReplayToken } from '../replay-token.ts';
import { DISCARD_CAUSE_REQUIREMENT } from '../requirement-map.ts';
import type { DiscardReason, DiscardRecord } from '../../impl/entities/discards.ts';
import type fc from 'fast-check';
import { withOptimizedPaths, withShortestChains } from '../pics/pics-world.ts';
import type { RecordedStep, SutPlacement } from '../pics/test-purposes.ts';
import { hostsEveryPos, hostsNoneOrEveryPos, type Delivery, type HybridWorld, type PlacementKind } from '../sut-process/hybrid.ts';
import type { Counterexample, TraceStep } from '../report/types.ts';
import { SutError } from '../sut-process/errors.ts';
import { Redactor } from '../report/redact.ts';
import type { OpenedSut } from './sut.ts';
import type { CliAdapter } from './world-adapter.ts';
import { proauthCommand } from './command-line.ts';
import { wireStats, type WireTesterStats } from '../tester/wire-tester.ts';

/**
 * Upper bound of stimuli per run (fast-check maxCommands; a run's length is drawn uniformly up
 * to it). Longer than the harness default so that, with CLI_WEIGHTS and the worlds drawn from
 * the PICS (mostly full trust, harness/pics/pics-world.ts), the default check (100 runs) exercises
 * every test purpose of the reference PICS: measured at base seeds 1, 2 and 3, all 14 purposes
 * pass, in 5 to 8 s (each run's world is new, so the model's per-world memos start empty).
 */
const NO_EVIDENCE: StepEvidence = { findings: [] };

/**
 * Runs (one seed each) of a default check. The alphabet is large (network faults, the lower
 * tester's tampers and lies, three placements, a world per run) and a decisive case often needs
 * two of them to meet; 500 runs take about 20 s and reach every purpose of the reference
 * PICS with room to spare (test/cli/purposes.test.ts, test/mutants/default-check.test.ts).
 */
export const DEFAULT_CHECK_RUNS = 500;

export const DEFAULT_STEPS = 150;

/**
 * Command weights of a check: the harness's, biased toward the procedures that chain (more
 * handovers, completions, deliveries; fewer re-attachments, which restart a chain) so that runs
 * reach the chain limit (TP-CHAIN-SPOS needs L optimized hops in a row), toward duplicates
 * so that a duplicated N2N request gets delivered (TP-REPLAY), and toward the lower tester so
 * that a lie reaches the TPoS's own checks behind an honest SPoS (a depth or suites lie on an
 * N2N request is in flight for few steps): at tamper 1, lie 1 the default check let a TPoS
 * without its chain-limit or suite check pass (test/mutants/default-check.test.ts).
 */
export const CLI_WEIGHTS: CommandWeights = {
  ...DEFAULT_WEIGHTS,
  attach: 2,
  handover: 12,
  //= SPEC_MAPPING.md#A-STATUS
  //# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a
  //# fixed order at the SPoS and at the TPoS.
  // the MN's own fallback flag must meet a chain at the limit (TP-ORDER-MN_REQUESTED-CHAIN_LIMIT).
  handoverFallback: 3,
  complete: 10,
  deliver: 30,
  duplicate: 4,
  // a way more (unexpected) takes a share from the others: five shares keep theirs.
  tamper: 5,
  lie: 10,
  redeliver: 3,
  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  // a retyped PDU (harness/tester/unexpected-pdu.ts) must meet an MN and a PoS alike, and any
  // way that applies is one of thirteen: the way gets a share of its own. So does the sender
  // half of the transaction check (`src`): an answer from a PoS the receiver has an SA with but
  // no transaction, which the `tid` way makes on half its choices only.
  tamperWays: [...TAMPER_WAYS, 'unexpected', 'src'],
  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  // the SPoS's checks of the TPoS's answer (echo, tid, sender) meet only a tamper of the one
  // PDU in seven that is in flight a step or two: those tampers get shares of their own.
  tamperN2nAnswer: 4,
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  // a copy of an N2N request must meet the replay cache after every kind of first
  // answer; NO_COMMON_SUITE and the TPoS's CHAIN_LIMIT are rare, so copies of requests get
  // their own share (at redeliver alone a TPoS caching only SUCCESS and CHAIN_LIMIT passed).
  redeliverRequest: 2,
  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  // a malformed copy of an answer must leave the receiver to take the intact answer after it:
  // a tamper alone leaves it none, so a decoder that acts on a PDU it then rejects shows only here.
  spoilCopyDecoding: 2,
  //= SPEC_MAPPING.md#A-STATUS
  //# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a
  //# fixed order at the SPoS and at the TPoS.
  // a root lie is told only on the hop that reaches L, so a GKB lineage, and the SPoS
  // decisions where NOT_EAP_ROOT meets another cause, are the rarest; root lies get two shares.
  lieMix: [
    { what: null, weight: 1 },
    { what: 'depth', weight: 1 },
    { what: 'root', weight: 2 },
    { what: 'suites', weight: 1 },
  ],
};

//= SPEC_MAPPING.md#A-STATUS
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
/**
 * A-STATUS: the weights of the even runs with an SUT PoS that chase nothing else (three in
 * eight), which chase a GKB lineage. A GKB-rooted SA arises
 * only from a root lie on the N2N request of the hop that reaches L, which the TPoS then takes
 * up and the MN completes to; NOT_EAP_ROOT meets MN_REQUESTED or NO_TRUST (TP-ORDER-*) only on
 * a later handover from it. At CLI_WEIGHTS alone 500 runs saw two such decisions or none.
 * Here every lie is a root lie, and the MN asks for fallback on almost half the handovers; the
 * other runs keep CLI_WEIGHTS and their depth, suites and fallback lies, and tampers keep the
 * four shares they had before the unexpected way (at five, 500 runs missed NO_TRUST meeting
 * NOT_EAP_ROOT). The tid tamper gets a second share: an N2N answer to an SUT SPoS is the
 * rarest of its draws; the `src` way, the sender half of the same check, gets one too.
 */
export const GKB_WEIGHTS: CommandWeights = { ...CLI_WEIGHTS, handoverFallback: 9, abort: 0, tamper: 4, lie: 20, lieMix: [{ what: 'root', weight: 1 }], tamperWays: [...TAMPER_WAYS, 'unexpected', 'tid', 'src'] };

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The share of a spoilt copy of a request delivered before the request (SpoilCopyCommand
 * 'requests') in the runs with an SUT PoS: the copy must leave no trace (A-DISCARD), so that
 * the request after it is taken up as if the copy had never come; a PoS that fills its replay
 * cache before the MAC or the wrapped K verified refuses the real request REPLAY. Only a PoS
 * receives requests, so the runs with the MNs alone at the SUT leave it out, and so do the runs
 * that chase a cell or a decision a change of their weights could take away (GKB_WEIGHTS,
 * TPOS_CHAIN_WEIGHTS, the receiver-check runs).
 */
const POS_SPOIL_REQUEST_COPY = 6;

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The share of a lost preparation answer and the MN's abort (AbandonPreparationCommand) in the
 * runs that chase nothing in particular: an answer the lower tester brings back for a
 * preparation the MN gave up must fit no transaction at the MN nor, once the MN asked again,
 * at the SPoS. A plain drop and abort meet that way by chance: an MN that took such an answer
 * survived 1,700 runs of a 2,000-run check.
 */
const ABANDON = 8;

/** The weights of the runs with an SUT PoS that chase nothing in particular. */
export const POS_WEIGHTS: CommandWeights = {
  ...CLI_WEIGHTS,
  spoilRequestCopy: POS_SPOIL_REQUEST_COPY,
  abandon: ABANDON,
  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  // the addressing checks are two per MN request (dst, and src against the MN): their way gets
  // a share of its own (TP-DISCARD-RECEIVER-CHECKS' cells; the receiver-check runs meet most).
  tamperWays: [...(CLI_WEIGHTS.tamperWays ?? TAMPER_WAYS), 'misaddressed'],
  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  // the MN-request cache keeps every request taken up, whatever the answer (docs/protocol.md
  // §5.3): a copy of a refused one must meet it too (RedeliverRequestCommand 'refused').
  redeliverRefused: 2,
  //= SPEC_MAPPING.md#A-HO-COMPLETE
  //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
  //# MIS_N2N_HO_Complete.indication (TPoS
  // a completion indication to a PoS that holds the MN's prepared SA: honest runs make one only
  // where one PoS plays both roles (harness/commands.ts ForgedIndicationCommand).
  forgedIndication: 2,
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
  //# wrapped
  // one Nonce-N from two partners: honest SPoSs never share one (ResendFromPartnerCommand, which
  // starts from a handover, so most of its draws prepare one). At 8 shares a 200-run check
  // resent three preparations.
  resendFromPartner: 16,
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
  //# If protocol of establishing SAs between an MN and a TPoS is TLS, then the optimized SA
  //# establishment method does not apply, because the MN and the TPoS cannot use key
  //# derivation key K in TLS.
  // a TLS root as well as a GKB one: a lie fixed to one alternative let a TPoS that refuses a
  // TLS root itself pass every run (model/world/lower-tester.ts).
  lieMix: [...(CLI_WEIGHTS.lieMix ?? []), { what: 'root-tls', weight: 1 }],
};

/** The weights of the runs with the MNs alone at the SUT that chase nothing in particular. */
export const MN_WEIGHTS: CommandWeights = { ...CLI_WEIGHTS, abandon: ABANDON };

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The weights of the runs that chase what a discarded or abandoned PDU must leave behind
 * (chasesLateAnswers): nothing. A spoilt copy of a request ahead of the request itself, and a
 * lost N2N answer with the MN's abort and the answer brought back later, each a few stimuli in
 * a row that the other runs draw a handful of times in 500: at those shares a TPoS that filled
 * its replay cache before the MAC verified, and an MN that took an answer after its abort, both
 * passed the default check. The MNs alone at the SUT receive no request, so their runs chase the
 * late answers only.
 */
export const LATE_WEIGHTS: CommandWeights = { ...CLI_WEIGHTS, spoilRequestCopy: 24, abandon: 12 };
export const MN_LATE_WEIGHTS: CommandWeights = { ...CLI_WEIGHTS, abandon: 12 };

/**
 * Whether run `seed` chases late answers and spoilt request copies (LATE_WEIGHTS): one run in
 * eight of every placement, taken from the even seeds that chase a GKB lineage or spoilt copies
 * of answers, neither of which the receiver-check runs (3 and 6 mod 8) take.
 */
export function chasesLateAnswers(seed: number): boolean {
  return mod(seed, 8) === 2;
}

//= SPEC_MAPPING.md#A-STATUS
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
/**
 * A-STATUS: the weights of one run in four with an SUT PoS, which chase the TPoS's chain limit.
 * An honest SPoS never asks beyond L, so CHAIN_LIMIT holds at a TPoS only after a depth lie; it
 * tells the TPoS's order only where no earlier cause holds and a later one (NO_COMMON_SUITE) or
 * the TPoS's own fallback policy (TPOS_REQUESTED) meets it. Here lies are depth lies or, one in
 * four, suites lies, and the fallback policy changes four times as often.
 */
export const TPOS_CHAIN_WEIGHTS: CommandWeights = {
  ...CLI_WEIGHTS,
  policy: 4,
  lie: 20,
  lieMix: [{ what: 'depth', weight: 3 }, { what: 'depth-low', weight: 1 }, { what: 'suites', weight: 2 }],
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  // a wrapped K that fails under a MAC that verifies is the one PDU only the `wrap`
  // way makes, and an N2N request is one PDU in seven: without a share of its own, a 500-run
  // check saw one or none (a receiver that takes it for a bad MAC differs only in the cause).
  // An MIS_Auth.request naming an unknown MN is the same: one PDU in seven, in flight one step;
  // and an N2N answer from another PoS than the TPoS asked (`src`), one PDU in seven as well.
  tamperWays: [...TAMPER_WAYS, 'unexpected', 'wrap', 'src', 'unknown-mn'],
  // these runs chase decisions of a TPoS; a malformed copy of an answer only takes their steps
  spoilCopyDecoding: 0,
};

//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
//# wrapped
/**
 * A-REPLAY: TPOS_CHAIN_WEIGHTS where the SUT hosts every PoS, with one Nonce-N from two partners,
 * a TPoS decision too. They are the only runs of that placement that may resend (its other runs
 * chase the ERP SEQ end, a GKB lineage or a receiver check): without them a TPoS keying its
 * replay cache by Nonce-N alone met no resend there in 500 runs. Where the SUT hosts one PoS,
 * POS_WEIGHTS resend, and a share here took a chain-limit cell from a TPoS-only SUT's check.
 */
export const TPOS_CHAIN_RESEND_WEIGHTS: CommandWeights = { ...TPOS_CHAIN_WEIGHTS, resendFromPartner: 8 };

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/**
 * A-ERP-SEQ: the weights of one run in eight where the SUT hosts no PoS or every PoS, whose
 * worlds all start their ERP MNs near the end of the SEQ space. The HPoS refuses an ERP run only
 * after an answer was lost (its count then runs ahead of the MN's, docs/protocol.md §5.4), and
 * the MN must give up and run again: losses and aborts get three shares, and the loss of an
 * MIS_Auth.response six of its own (LoseAuthAnswerCommand). With the plain losses alone 500 runs
 * met that refusal at an SUT PoS once, and a change of any other weight could take it away.
 */
export const ERP_SEQ_WEIGHTS: CommandWeights = {
  ...CLI_WEIGHTS,
  drop: 3,
  abort: 3,
  loseAuthAnswer: 6,
  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  // the only runs where a PoS refuses a full establishment: a copy of the refused request must be
  // discarded as a duplicate (docs/protocol.md §5.3). Two refusals in 500 runs, neither followed
  // by a copy, so a loss is also followed by the MN's retry and a copy of it.
  retryAfterLostAuth: 6,
};

/** Whether run `seed` chases the end of the ERP SEQ space (ERP_SEQ_WEIGHTS). */
export function chasesErpSeqEnd(sut: Pick<OpenedSut, 'pics'>, kind: PlacementKind, seed: number): boolean {
  return seed % 8 === 7 && sut.pics.methods.includes('ERP') && hostsNoneOrEveryPos(sut.pics.roles, kind);
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S8
//# They also need to agree on a cipher suite coded as c.
//= spec/clause-5.14-proposed-text.txt#5.14.3-S7
//# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
//# described above.
/**
 * The weights of the runs that chase spoilt copies (chasesSpoiltCopies): the MN's checks of a
 * SUCCESS MIS_Prereg_Xfer.response (the TPoS named, nonceT, the suite offered) are met only by
 * a spoilt copy of that answer (SpoilCopyCommand), and an optimized answer is one PDU in many.
 * Here spoilt copies get a share of their own (with none in flight the command delivers), and
 * lies and fallback requests, which end an optimized chain, fewer.
 */
export const SPOIL_COPY_WEIGHTS: CommandWeights = { ...CLI_WEIGHTS, handoverFallback: 1, lie: 2, spoilCopy: 60 };

/**
 * Whether run `seed` chases spoilt copies of answers (SPOIL_COPY_WEIGHTS, in a world with every
 * optimized path open, harness/pics/pics-world.ts withOptimizedPaths): every other run that
 * places the MNs alone at the SUT, but for the receiver checks' share. No test purpose needs a decision of a tester PoS, so these
 * runs take away none of the rare decisions the other runs chase.
 */
export function chasesSpoiltCopies(kind: PlacementKind, seed: number): boolean {
  return kind === 'mns' && seed % 2 === 0 && !chasesReceiverChecks(seed) && !chasesLateAnswers(seed);
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
//# or if any of the MN or TPoS requests so.
//= SPEC_MAPPING.md#V-FALLBACK-ACCEPTS
//# An MN that set the fallback flag still installs an optimized SA if the SPoS grants one.
/**
 * The weights of the runs that chase a grant despite the fallback flag (chasesFallbackGrants):
 * an honest SPoS answers a flagged request MN_REQUESTED, so what an MN does with a grant it did
 * not ask for (the profile's MN takes it, V-FALLBACK-ACCEPTS) is met only where a fallback lie
 * cleared the flag on the way. Here the MN asks for fallback on most handovers and every lie is
 * a fallback lie; spoilt copies, which other MN-alone runs chase, are left out.
 */
export const FALLBACK_GRANT_WEIGHTS: CommandWeights = { ...CLI_WEIGHTS, handover: 4, handoverFallback: 12, lie: 20, lieMix: [{ what: 'fallback', weight: 1 }] };

/**
 * Whether run `seed` chases a grant despite the fallback flag (FALLBACK_GRANT_WEIGHTS, in a world
 * with every optimized path open): one in four runs that place the MNs alone at the SUT, the odd
 * seeds that neither chase spoilt copies (even) nor the end of the ERP SEQ space (7 mod 8).
 */
export function chasesFallbackGrants(kind: PlacementKind, seed: number): boolean {
  return kind === 'mns' && seed % 4 === 1;
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The weights of the runs that chase the receiver checks of docs/protocol.md §5.2
 * (chasesReceiverChecks). Each check is made at every handler that takes a PDU of its kind
 * (each verifies its own MAC; a PoS matches the sender of an MN's request to the MN at three),
 * so a tamper way must meet every PDU type at an SUT receiver, not only every receiver; drawn
 * over every PDU in flight, a way on a type seldom in flight is rarer than 500 runs make sure of
 * (a TPoS that took an MIS_HO_Complete.request from any sender survived them). Each such run
 * spoils one PDU type alone (FocusedTamperCommand) whenever one is in flight, by every way that
 * applies, and lets every other PDU through; completions get twice the share, so that more are
 * in flight.
 */
export const RECEIVER_CHECK_WEIGHTS: CommandWeights = { ...CLI_WEIGHTS, complete: 20, tamper: 0, tamperN2nAnswer: 0, spoilCopyDecoding: 0, focusedTamper: 80, probeSweep: 20 };

/** The PDU types a receiver-check run of each placement spoils in turn: those its SUT entities receive. */
const RECEIVER_CHECK_FOCI: Readonly<Record<PlacementKind, readonly PduType[]>> = {
  all: CHECKED_TYPES,
  mns: CHECKED_TYPES.filter((t) => TO_MN.has(t)),
  pos: CHECKED_TYPES.filter((t) => !TO_MN.has(t)),
};

/**
 * Whether run `seed` chases the receiver checks (receiverCheckWeights): one in four, of every
 * placement, half taken from the runs with no chase and half from GKB_WEIGHTS' and
 * SPOIL_COPY_WEIGHTS' every other run (a focus on a late PDU type needs a run long enough to
 * send one: at one in eight, the five runs after MIS_HO_Complete.request were all too short).
 */
export function chasesReceiverChecks(seed: number): boolean {
  const r = mod(seed, 8);
  return r === 3 || r === 6;
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/**
 * Which of its placement's receiver-check runs `seed` is (0, 1, 2, …), the check's runs rotating
 * over `placements` placements by seed (placementOfSeed). Counted within the period of both
 * rotations, so that any base seed is counted in constant time.
 */
function receiverCheckRun(seed: number, placements: number): number {
  const period = 8 * placements;
  const start = seed - mod(seed, period);
  let before = 0;
  let perPeriod = 0;
  for (let s = start; s < start + period; s++) {
    if (!chasesReceiverChecks(s) || mod(s, placements) !== mod(seed, placements)) continue;
    perPeriod++;
    if (s < seed) before++;
  }
  return (start / period) * perPeriod + before;
}

/**
 * The weights of receiver-check run `seed` of placement `kind`, one of `placements` the runs
 * rotate over: RECEIVER_CHECK_WEIGHTS focused on one type its SUT receives, the placement's
 * chasing runs taking the types in turn.
 */
export function receiverCheckWeights(kind: PlacementKind, seed: number, placements = 1): CommandWeights {
  const foci = RECEIVER_CHECK_FOCI[kind];
  const run = receiverCheckRun(seed, placements);
  return { ...RECEIVER_CHECK_WEIGHTS, focus: foci[mod(run, foci.length)]!, focusRound: Math.floor(run / foci.length) };
}

/**
 * The weights a run draws its stimuli with: GKB_WEIGHTS for the even runs that place a PoS at
 * the SUT and chase nothing else (only a decision of an SUT PoS counts), TPOS_CHAIN_WEIGHTS for one in four,
 * SPOIL_COPY_WEIGHTS where the run chases spoilt copies, FALLBACK_GRANT_WEIGHTS where it chases
 * a grant despite the fallback flag, receiverCheckWeights where it chases receiver checks,
 * LATE_WEIGHTS or MN_LATE_WEIGHTS where it chases late answers and spoilt request copies,
 * and POS_WEIGHTS or MN_WEIGHTS for the rest. `placements`: how many placements the check's runs rotate over;
 * `hostsEveryPos`: the SUT hosts every PoS of the run (then TPOS_CHAIN_RESEND_WEIGHTS).
 */
export function weightsOfRun(kind: PlacementKind, seed: number, placements = 1, hostsEveryPos = false): CommandWeights {
  if (chasesFallbackGrants(kind, seed)) return FALLBACK_GRANT_WEIGHTS;
  if (chasesReceiverChecks(seed)) return receiverCheckWeights(kind, seed, placements);
  if (chasesLateAnswers(seed)) return kind === 'mns' ? MN_LATE_WEIGHTS : LATE_WEIGHTS;
  if (kind === 'mns') return chasesSpoiltCopies(kind, seed) ? SPOIL_COPY_WEIGHTS : MN_WEIGHTS;
  if (seed % 2 === 0) return GKB_WEIGHTS;
  if (seed % 4 === 1) return hostsEveryPos ? TPOS_CHAIN_RESEND_WEIGHTS : TPOS_CHAIN_WEIGHTS;
  return POS_WEIGHTS;
}

/**
 * The opened SUT as the engine's Adapter. It stays open across seeds (the CLI closes it once),
 * and a broken SUT process (SutError: crash, hang, garbage, wrong version) poisons it: every
 * later call rethrows the same error at once, so shrinking does not wait on a dead process and
 * the check ends with verdict `error`, not `fail`.
 */
export class CliSutAdapter implements Adapter {
  readonly name: string;
  /** The first SutError the SUT process raised, if any. */
  fault: SutError | null = null;
  /** The SUT's observation right after the last reset. */
  initial: Observation | null = null;
  /** Hides every secret provisioned so far, wherever a report or an error shows SUT output. */
  readonly redactor = new Redactor();
  #config: WorldConfig | null = null;

  /** The world of the current run. */
  get world(): WorldConfig | null {
    return this.#config;
  }

  #duplicated: boolean[] = [];
  /** The intact PDUs delivered so far (docs/protocol.md §3: what `redeliver` may pick). */
  #history: PduObservation[] = [];
  #last: Observation | null = null;
  #pending: Stimulus | null = null;
  #enabledMemo: { readonly o: Observation; readonly keys: ReadonlySet<string> } | null = null;

  constructor(
    readonly inner: CliAdapter,
    name: string,
  ) {
    this.name = name;
  }

  async #guard<T>(f: () => T | Promise<T>): Promise<T> {
    if (this.fault !== null) throw this.fault;
    try {
      return await f();
    } catch (e) {
      if (e instanceof SutError) this.fault = e;
      throw e;
    }
  }

  async reset(config: WorldConfig, seed: number): Promise<void> {
    this.#config = config;
    this.#duplicated = [];
    this.#history = [];
    this.#last = null;
    this.#pending = null;
    this.initial = null;
    // Before the SUT hears of them: it may print them while it fails on the configure itself.
    this.redactor.addWorld(config, seed);
    await this.#guard(() => this.inner.reset(config, seed));
  }

  async apply(s: Stimulus): Promise<void> {
    this.#pending = s;
    if (this.#last !== null) this.#history = advanceHistory(this.#history, s, this.#last);
    await this.#guard(() => this.inner.apply(s));
  }

  async observe(): Promise<Observation> {
    const o = await this.#guard(() => this.inner.observe());
    this.initial ??= o;
    if (this.#pending !== null) this.#duplicated = advanceDuplicated(this.#duplicated, this.#pending, o.inFlight.length);
    this.#pending = null;
    this.#last = o;
    return o;
  }

  /**
   * docs/protocol.md §3 on the SUT's own observation. With the model as oracle the two agree
   * while the run lasts (a difference ends it); with --no-model the oracle is the reference, and
   * this keeps every stimulus applicable to the SUT even where it behaves differently.
   */
  enabledHere(o: Observation, s: Stimulus): boolean {
    if (this.#config === null) return false;
    if (this.#enabledMemo?.o !== o) this.#enabledMemo = { o, keys: new Set(enabledStimuli(this.#config, o, this.#duplicated, { lowerTester: true, history: this.#history }).map((e) => JSON.stringify(e))) };
    return this.#enabledMemo.keys.has(JSON.stringify(s));
  }

  /** What the tester's wire checks verified on the SUT's side since the reset, if the world runs them. */
  wireStats(): WireTesterStats | undefined {
    return this.inner.wireStats?.();
  }

  /** The tester's own wire checks of the last step, when the inner world runs them (HybridWorld). */
  evidence(): StepEvidence {
    return this.inner.evidence?.() ?? NO_EVIDENCE;
  }

  close(): void {
    // The CLI closes the SUT once, after every seed (OpenedSut.close).
  }
}

export interface SeedOptions {
  /** Upper bound of stimuli per run. */
  readonly steps: number;
  /** The model as oracle with lockstep comparison (true), or the property catalogue alone. */
  readonly model: boolean;
  /** Replay: the path of a reported counterexample (the part of the token after the seed). */
  readonly path?: string;
  /** Shrink runs after a failure (default: the harness's); 0 when only the verdict counts (mutation testing). */
  readonly maxShrinkRuns?: number;
  /** Command weights (default weightsOfRun); tests switch a kind off to show what it alone reaches. */
  readonly weights?: CommandWeights;
  /** Shrinking progress, for the progress bar (harness/conformance.ts onShrinkRun). */
  readonly onShrinkRun?: (runs: number, budget: number) => void;
}

export interface SeedResult {
  readonly runs: number;
  readonly steps: number;
  /** Every step of the generated run (shrinking excluded): test-purpose evidence. */
  readonly recorded: readonly RecordedStep[];
  /** Observation after reset (for printing a replayed run). */
  readonly initial?: Observation;
  readonly counterexample?: EngineCounterexample;
  /** The seed's placement, and who the SUT played in the counterexample's world. */
  readonly placementKind: PlacementKind;
  readonly placement?: SutPlacement;
  /** The tester entity's discard of an SUT PDU the counterexample ends with, if any. */
  readonly discard?: DiscardRecord & { readonly requirement: string };
  /** Why no verdict on the SUT could be given (SUT process broken, tester disagreement, model finding). */
  readonly error?: string;
}

/** The oracle of a check: the model, or with --no-model the reference implementation (properties only). */
async function oracleFor(model: boolean): Promise<OracleFactory> {
  if (model) {
    const { modelOracleFactory } = await import('../adapters/model-adapter.ts');
    return modelOracleFactory;
  }
  const { ImplSystem } = await import('../../impl/system.ts');
  return (): Oracle => new ReferenceOracle({ ImplSystem }, 'reference');
}

/** The entity a divergence is at ("PoS B SA with mn1: depth" → B), if the field names one. */
function entityOf(where: string): string | undefined {
  return /^(?:MN|PoS) (\S+)/.exec(where)?.[1];
}

/** The placement of seed `seed`: the runs of a check rotate over the SUT's placements. */
export function placementOfSeed(sut: OpenedSut, seed: number): PlacementKind {
  const k = sut.placements.length;
  return sut.placements[((seed % k) + k) % k]!;
}

/**
 * The worlds run `seed` draws from: every optimized path open where it chases spoilt copies,
 * grants despite the fallback flag or receiver checks, and the least positive L where it chases
 * a GKB lineage (its root lie is told on the hop that reaches L: there, on every first hop).
 */
function worldsOfRun(sut: OpenedSut, kind: PlacementKind, seed: number, erpSeqEnd: boolean, weights: CommandWeights): fc.Arbitrary<WorldConfig> {
  const worlds = sut.worlds(kind, erpSeqEnd);
  if (chasesSpoiltCopies(kind, seed) || chasesFallbackGrants(kind, seed) || chasesReceiverChecks(seed)) return worlds.map(withOptimizedPaths(sut.pics));
  return weights === GKB_WEIGHTS ? worlds.map(withShortestChains(sut.pics)) : worlds;
}

/**
 * One seed: one fast-check run (shrunk on failure) of the lockstep harness against the SUT, in
 * a world drawn from the PICS and the seed's placement (so `<seed>:<path>` reproduces both).
 */
export async function runSeed(sut: OpenedSut, adapter: CliSutAdapter, seed: number, o: SeedOptions): Promise<SeedResult> {
  const recorded: RecordedStep[] = [];
  const kind = placementOfSeed(sut, seed);
  const erpSeqEnd = chasesErpSeqEnd(sut, kind, seed);
  sut.place(kind);
  let runPlacement: SutPlacement | null = null;
  let runWorld: WorldConfig | null = null;
  let wireBefore: WireTesterStats | undefined;
  const weights = o.weights ?? (erpSeqEnd ? ERP_SEQ_WEIGHTS : weightsOfRun(kind, seed, sut.placements.length, hostsEveryPos(sut.pics.roles, kind)));
  const r: ConformanceResult = await runConformance({
    sut: () => adapter,
    oracle: await oracleFor(o.model),
    worlds: worldsOfRun(sut, kind, seed, erpSeqEnd, weights),
    seed,
    runs: 1,
    maxCommands: o.steps,
    weights,
    ...(o.path === undefined ? {} : { path: o.path }),
    ...(o.maxShrinkRuns === undefined ? {} : { maxShrinkRuns: o.maxShrinkRuns }),
    ...(o.onShrinkRun === undefined ? {} : { onShrinkRun: o.onShrinkRun }),
    compare: o.model,
    allow: (obs, s, config) => sut.allow(kind, obs, s, config) && (o.model || adapter.enabledHere(obs, s)),
    onStep: (s, obs) => {
      const world = adapter.world;
      if (world !== null && world !== runWorld) {
        runWorld = world;
        runPlacement = sut.placement(kind, world);
        wireBefore = undefined;
      }
      const wireNow = adapter.wireStats();
      const wire = wireNow === undefined ? undefined : wireDelta(wireNow, wireBefore);
      wireBefore = wireNow;
      if (obs.sut !== null) {
        recorded.push({
          stimulus: s,
          observation: obs.sut,
          run: seed,
          ...(runWorld === null ? {} : { world: runWorld }),
          ...(runPlacement === null ? {} : { placement: runPlacement }),
          ...(wire === undefined ? {} : { wire }),
        });
      }
    },
  });
  const base = { runs: r.runs, steps: r.steps, recorded, placementKind: kind };
  const cx = r.counterexample;
  const initial = cx?.observations[0]?.sut ?? adapter.initial ?? undefined;
  if (adapter.fault !== null) return { ...base, error: `SUT ${adapter.fault.kind}: ${adapter.fault.message}` };
  if (r.verdict === 'error') return { ...base, error: r.error ?? 'harness error' };
  if (cx === undefined) return { ...base, ...(initial === undefined ? {} : { initial }) };
  const placement = sut.placement(kind, cx.config);
  const withCx = { ...base, placement, ...(initial === undefined ? {} : { initial }) };
  const delivery = await failingDelivery(adapter, cx, seed);
  const discard = delivery?.discards[0];
  // Interop: a tester entity threw away a PDU the SUT sent, where the model took it.
  if (delivery !== null && delivery.fromSut && delivery.toTester && discard !== undefined && modelTookEffect(cx)) {
    const requirement = DISCARD_REQUIREMENT[discard.reason];
    if (requirement !== undefined) {
      const message = `the tester's ${discard.entity} discarded ${delivery.type} ${delivery.src}→${delivery.dst} from the SUT (${discard.reason}), which the model accepts`;
      return { ...withCx, counterexample: { ...cx, requirement, requirements: [requirement, ...cx.requirements.filter((x) => x !== requirement)], property: `interop-discard:${discard.reason}`, message, violations: [] }, discard: { ...discard, requirement } };
    }
  }
  // The SUT (in process) threw away a correct PDU of the tester's, where the model took it: the
  // check it failed names the rule better than what followed from the loss.
  const own = delivery?.sutDiscards[0];
  if (delivery !== null && !delivery.fromSut && !delivery.toTester && own !== undefined && modelTookEffect(cx)) {
    const requirement = own.reason === 'bad-field' ? badFieldRequirement(delivery.type, deliveredStatus(cx)) : DISCARD_REQUIREMENT[own.reason];
    if (requirement !== undefined) {
      const message = `the SUT's ${own.entity} discarded ${delivery.type} ${delivery.src}→${delivery.dst} from the tester (${own.reason}), which the model accepts`;
      return { ...withCx, counterexample: { ...cx, requirement, requirements: [requirement, ...cx.requirements.filter((x) => x !== requirement)], property: `sut-discard:${own.reason}`, message, violations: [] } };
    }
  }
  const entity = cx.divergence === undefined ? undefined : entityOf(cx.divergence.where);
  // The tester is at fault only when its own entity went wrong on PDUs no SUT entity sent.
  const sutCaused = delivery !== null && delivery.fromSut;
  if (entity !== undefined && !placement.entities.includes(entity) && !sutCaused) {
    const d = cx.divergence!;
    return { ...base, error: `tester: the tester's reference entity ${entity} disagrees with the model (${d.where}: model ${d.expected}, reference ${d.actual}); no verdict on the SUT` };
  }
  return { ...withCx, counterexample: cx };
}

/** What one step added to the wire checks' counts (the counts restart with every run's reset). */
function wireDelta(now: WireTesterStats, before: WireTesterStats | undefined): WireTesterStats {
  const d = (k: keyof WireTesterStats): number => now[k] - (before?.[k] ?? 0);
  return wireStats(d);
}

/** The status of the PDU the counterexample's last step delivered, if it delivered one that has one. */
function deliveredStatus(cx: EngineCounterexample): PduObservation['status'] {
  const last = cx.trace.at(-1);
  return last?.kind === 'deliver' ? cx.observations[cx.trace.length - 1]?.model.inFlight[last.index]?.status : undefined;
}

//= SPEC_MAPPING.md#A-STATUS
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
/**
 * The requirement of a bad-field discard of a correct PDU: the field's, except where the
 * profile's receiver checks no field at all for the PDU's status (an MN's answer that is neither
 * SUCCESS nor, for a preparation, FULL_AUTH_REQUIRED: docs/protocol.md §5.2). A receiver that
 * found a bad field there read the status as another one (A-STATUS).
 */
function badFieldRequirement(type: PduObservation['type'], status: PduObservation['status']): string | undefined {
  const checked = type === 'MIS_Auth.response' ? status === 'SUCCESS' : type === 'MIS_Prereg_Xfer.response' ? status === 'SUCCESS' || status === 'FULL_AUTH_REQUIRED' : true;
  return checked ? BAD_FIELD_REQUIREMENT[type] : 'A-STATUS';
}

/** A field the receiver could not accept, by the PDU that carried it (impl/entities/discards.ts `bad-field`). */
const BAD_FIELD_REQUIREMENT: Partial<Record<PduObservation['type'], string>> = {
  //= spec/clause-5.14-proposed-text.txt#5.14-T1
  //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
  //# GKB-generated; 3: SPoS-generated
  // the ID_TYPE of the SA it makes
  'MIS_Auth.response': '5.14-T1',
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
  //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
  //# described above.
  // the suite c, or the TPoS named (5.14.3-S7)
  'MIS_Prereg_Xfer.response': '5.14.2-S8',
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  // the suite c
  'MIS_N2N_Prereg_Xfer.response': '5.14.2-S8',
  //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
  //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
  //# described above.
  // the target
  'MIS_Prereg_Xfer.request': '5.14.3-S7',
  //= SPEC_MAPPING.md#A-HO-COMPLETE
  //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
  //# MIS_N2N_HO_Complete.indication (TPoS
  // the previous PoS
  'MIS_HO_Complete.request': 'A-HO-COMPLETE',
};

//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
//= SPEC_MAPPING.md#A-NONCE
//# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every response
//# echoes nonceN and a wrong echo is discarded.
/**
 * A tester entity's discard of an SUT PDU breaks the requirement the check it failed stands
 * for (harness/requirement-map.ts): strict decoding and transaction matching (A-TLV), the MIH
 * SA's integrity protection (5.14.1-S20), the protected distribution of K (5.14.2-S6), the
 * echoed nonce (A-NONCE). The other causes name a state the peers disagree on, not a PDU the
 * SUT got wrong: the divergence that follows says more.
 */
const INTEROP_CAUSES: ReadonlySet<DiscardReason> = new Set(['malformed', 'bad-mac', 'bad-wrapped-key', 'unknown-transaction', 'nonce-mismatch']);
const DISCARD_REQUIREMENT: Partial<Record<DiscardReason, string>> = Object.fromEntries([...INTEROP_CAUSES].map((c) => [c, DISCARD_CAUSE_REQUIREMENT[c]]));

/** The model's SAs or PDUs in flight changed on the failing step (it did not discard the PDU). */
function modelTookEffect(cx: EngineCounterexample): boolean {
  const n = cx.trace.length;
  const before = cx.observations[n - 1]?.model;
  const after = cx.observations[n]?.model;
  if (before === undefined || after === undefined) return false;
  // The entities' state, not their discard counts (which a discard moves by design).
  const sas = (o: Observation): string => JSON.stringify([o.mns.map(({ discards: _d, ...m }) => m), o.poss.map(({ discards: _d, ...p }) => p)]);
  // A discarded delivery only removes the PDU from the network.
  return sas(before) !== sas(after) || after.inFlight.length >= before.inFlight.length;
}

/** Re-runs a counterexample's trace (deterministic) to see what its last stimulus delivered. */
async function failingDelivery(adapter: CliSutAdapter, cx: EngineCounterexample, seed: number): Promise<Delivery | null> {
  const world = adapter.inner as Partial<Pick<HybridWorld, 'lastDelivery'>>;
  if (typeof world.lastDelivery !== 'function' || cx.trace.length === 0 || adapter.fault !== null) return null;
  try {
    await adapter.reset(cx.config, seed);
    for (const s of cx.trace) await adapter.apply(s);
    return world.lastDelivery();
  } catch {
    return null; // the failing step itself may be one the SUT refuses; the counterexample stands
  }
}

/** The SUT's side of a lockstep observation (the model's where the SUT gave none). */
function sutSide(o: LockstepObservation | undefined, before: Observation): Observation {
  return o?.sut ?? before;
}

/** The engine's counterexample as the reports show it; `replay` is the full command line. */
export function reportCounterexample(
  cx: EngineCounterexample,
  seed: number,
  replayFlags: readonly string[],
  placement?: SutPlacement,
  placementKind?: PlacementKind,
  discard?: SeedResult['discard'],
): Counterexample {
  const initial = sutSide(cx.observations[0], cx.observations[0]?.model ?? { mns: [], poss: [], inFlight: [] });
  const trace: TraceStep[] = [];
  let prev = initial;
  cx.trace.forEach((stimulus, i) => {
    const o = cx.observations[i + 1];
    const observation = sutSide(o, prev);
    const last = i === cx.trace.length - 1;
    trace.push({ stimulus, observation, ...(last && o !== undefined ? { expected: o.model } : {}) });
    prev = observation;
  });
  const token = formatReplayToken(seed, cx.replayOptions.path);
  return {
    requirement: cx.requirement,
    property: cx.property,
    message: cx.violations[0]?.message ?? cx.message,
    seed,
    path: cx.replayOptions.path,
    length: cx.length,
    initial,
    replay: proauthCommand(['replay', token, ...replayFlags]),
    trace,
    world: cx.config,
    ...(placement === undefined ? {} : { placement: { kind: placementKind ?? 'all', roles: placement.roles, entities: placement.entities } }),
    ...(discard === undefined ? {} : { discard: { entity: discard.entity, reason: discard.reason, requirement: discard.requirement } }),
  };
}
