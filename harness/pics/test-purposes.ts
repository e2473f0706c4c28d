// Test purposes (TTCN-3 sense): what one conformance run checks, which requirement IDs it
// judges, which SUT roles make it applicable, and how to tell from the recorded steps that the
// run actually exercised its decisive case at an SUT entity (pass needs that evidence; a
// reachable purpose never exercised is `inconc`, an unreachable one `none` with the reason).
import type { Observation, PduObservation, PduType, Reason, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { wireStats, type WireTesterStats } from '../tester/wire-tester.ts';
import { firstCommonSuite } from '../../properties/suite-agreement.ts';
import { REASON_REQUIREMENT } from '../requirement-map.ts';
import { decisionsOf, SPOS_ORDER, TPOS_ORDER, type Decision } from './causes.ts';
import type { Pics, Role } from './pics.ts';
import { answerOf, delivered, intact, viewRuns, type StepView, type TrackedPdu } from './run-history.ts';
import { missedCells, tamperCells, typesTakenAtSut } from './receiver-checks.ts';

/** One lockstep step as the CLI records it around the SUT adapter. */
export interface RecordedStep {
  readonly stimulus: Stimulus;
  readonly observation: Observation;
  /** Who the SUT played in this step's run (worlds and placements vary per run). */
  readonly placement?: SutPlacement;
  /** The run the step belongs to (its seed) and the run's world. */
  readonly run?: number;
  readonly world?: WorldConfig;
  /** What the tester's wire checks verified on the SUT's side in this step. */
  readonly wire?: WireTesterStats;
}

/** Who is played by the SUT in this run (the rest is played by the tester's reference entities). */
export interface SutPlacement {
  readonly roles: readonly Role[];
  /** Entity ids (MN ids, PoS/domain ids) hosted by the SUT. */
  readonly entities: readonly string[];
}

export interface TestPurpose {
  readonly id: string;
  readonly title: string;
  readonly requirements: readonly string[];
  /** Applicable iff the SUT implements at least one of these roles and `needs` holds. */
  readonly roles: readonly Role[];
  readonly needs?: (pics: Pics) => boolean;
  /** What `needs` asks the PICS to claim (for the `none` verdict). */
  readonly option?: string;
  /** Why the PICS's roles and options, or the worlds drawn from it, can never reach the decisive case. */
  readonly unreachable?: (pics: Pics) => string | undefined;
  /** The decisive case, as an `inconc` verdict names what was missing. */
  readonly decisive: string;
  /** True iff the recorded steps show the decisive case at an SUT entity. */
  readonly exercised: (steps: readonly RecordedStep[], sut: SutPlacement) => boolean;
  /**
   * Judged on the steps of every run at once, not per placement and world: the decisive case
   * adds up over runs (every handler met, in whichever run), and `exercised` reads each step's
   * own placement rather than `sut`.
   */
  readonly acrossRuns?: boolean;
}

type Sut = SutPlacement;
type Check = (steps: readonly RecordedStep[], sut: Sut) => boolean;

const atSut = (sut: Sut, id: string): boolean => sut.entities.includes(id);

/** A PDU an SUT entity emitted. */
function emittedBySut(pred: (p: PduObservation, v: StepView) => boolean): Check {
  return (steps, sut) => viewRuns(steps).some((v) => v.emitted.some((p) => atSut(sut, p.src) && pred(p, v)));
}

/** A PDU delivered to an SUT entity, with its history. */
function deliveredToSut(pred: (t: TrackedPdu, v: StepView) => boolean): Check {
  return (steps, sut) =>
    viewRuns(steps).some((v) => {
      const d = delivered(v);
      return d !== undefined && atSut(sut, d.pdu.dst) && pred(d, v);
    });
}

/** A decision an SUT PoS took in `role`. */
function decidedBySut(role: Decision['role'], pred: (d: Decision) => boolean): Check {
  return (steps, sut) => decisionsOf(viewRuns(steps)).some((d) => d.role === role && atSut(sut, d.entity) && pred(d));
}

/**
 * A decision an SUT PoS took in `role` in a run that placed that PoS at the SUT: the report's
 * placement is every entity the SUT played in some run, and a tester's PoS must not count.
 */
function decidedBySutInRun(role: Decision['role'], pred: (d: Decision) => boolean): Check {
  return (steps, sut) => decisionsOf(viewRuns(steps)).some((d) => d.role === role && decidedAtSutInRun(d, sut) && pred(d));
}

function decidedAtSutInRun(d: Decision, sut: Sut): boolean {
  return (d.view.step.placement?.entities ?? sut.entities).includes(d.entity) && atSut(sut, d.entity);
}

/** An SUT PoS answered with `reason` in a PDU of `type`. */
function answeredWith(reason: Reason, type: PduObservation['type']): Check {
  return emittedBySut((p) => p.type === type && p.reason === reason);
}

function any(...checks: Check[]): Check {
  return (steps, sut) => checks.some((c) => c(steps, sut));
}

function hasSa(steps: readonly RecordedStep[], sut: Sut, pred: (sa: Observation['mns'][number]['sas'][number]) => boolean): boolean {
  return steps.some((s) => s.observation.mns.some((m) => atSut(sut, m.id) && m.sas.some(pred)) || s.observation.poss.some((p) => atSut(sut, p.id) && p.sas.some(pred)));
}

/** The wire checks' counts on the SUT's side over the steps. */
export function wireTotals(steps: readonly RecordedStep[]): WireTesterStats | undefined {
  const withWire = steps.filter((s) => s.wire !== undefined);
  if (withWire.length === 0) return undefined;
  const sum = (k: keyof WireTesterStats): number => withWire.reduce((n, s) => n + s.wire![k], 0);
  return wireStats(sum);
}

/** The PDU types that, delivered again, no longer fit their receiver's state (docs/protocol.md §5.3). */
const STALE_AGAIN: readonly PduObservation['type'][] = ['MIS_Auth.response', 'MIS_Prereg_Xfer.response', 'MIS_N2N_Prereg_Xfer.response', 'MIS_HO_Complete.request', 'MIS_N2N_HO_Complete.indication'];

/** PoS `pos` held a prepared SA with `mn` in `o`. */
function preparedAt(o: Observation | null, pos: string, mn: string): boolean {
  return o?.poss.some((p) => p.id === pos && p.sas.some((sa) => sa.peer === mn && sa.state === 'prepared')) ?? false;
}

/**
 * A request or indication delivered intact to an SUT PoS after a spoilt copy of it (the
 * network's copy, tampered) was delivered there first (SpoilCopyCommand 'requests').
 */
const AFTER_SPOILT_COPY: Check = (steps, sut) => {
  let spoilt = new Set<string>();
  for (const v of viewRuns(steps)) {
    if (v.before === null) spoilt = new Set();
    const d = delivered(v);
    if (d === undefined || !atSut(sut, d.to) || ANSWER_TYPES.includes(d.pdu.type)) continue;
    const key = `${d.pdu.type} ${d.pdu.src} ${d.to} ${d.pdu.mn} ${d.pdu.nonceN ?? ''}`;
    if (d.copy && d.faults.some((f) => f.kind === 'tamper')) spoilt.add(key);
    else if (intact(d) && d.again !== true && spoilt.has(key)) return true;
  }
  return false;
};

/**
 * Answers delivered intact for an exchange its MN gave up, per receiver kind: at an MN an
 * MIS_Prereg_Xfer.response after the MN aborted that preparation; at an SPoS an
 * MIS_N2N_Prereg_Xfer.response after the MN's next MIS_Prereg_Xfer.request reached that SPoS.
 * Each as [run step, receiver] pairs, so that a purpose can ask for the kinds its SUT plays.
 */
function lateAnswers(steps: readonly RecordedStep[]): { readonly atMn: readonly StepView[]; readonly atSpos: readonly StepView[] } {
  const atMn: StepView[] = [];
  const atSpos: StepView[] = [];
  let asked = new Map<string, string>();
  let abandoned = new Set<string>();
  let takenUp = new Map<string, string>();
  let superseded = new Set<string>();
  for (const v of viewRuns(steps)) {
    if (v.before === null) {
      asked = new Map();
      abandoned = new Set();
      takenUp = new Map();
      superseded = new Set();
    }
    const s = v.step.stimulus;
    const d = delivered(v);
    if (s.kind === 'abort' && asked.has(s.mn)) abandoned.add(`${s.mn} ${asked.get(s.mn)}`);
    if (d !== undefined && intact(d)) {
      const p = d.pdu;
      if (p.type === 'MIS_Prereg_Xfer.request' && d.again !== true) {
        const key = `${d.to} ${p.mn}`;
        const before = takenUp.get(key);
        if (before !== undefined && before !== p.nonceN) superseded.add(`${key} ${before}`);
        takenUp.set(key, p.nonceN ?? '');
      }
      if (p.type === 'MIS_Prereg_Xfer.response' && abandoned.has(`${p.mn} ${p.nonceN}`)) atMn.push(v);
      // the MN took its answer: an abort after it gives up another exchange.
      if (p.type === 'MIS_Prereg_Xfer.response' && d.again !== true && asked.get(p.mn) === p.nonceN) asked.delete(p.mn);
      if (p.type === 'MIS_N2N_Prereg_Xfer.response' && superseded.has(`${d.to} ${p.mn} ${p.nonceN}`)) atSpos.push(v);
    }
    for (const e of v.emitted) if (e.type === 'MIS_Prereg_Xfer.request') asked.set(e.mn, e.nonceN ?? '');
  }
  return { atMn, atSpos };
}

/**
 * An answer for an exchange its MN gave up, at each kind of SUT receiver the SUT plays (MN,
 * SPoS), each in whichever run placed that receiver at the SUT (judged across runs).
 */
const LATE_ANSWER: Check = (steps, sut) => {
  const late = lateAnswers(steps);
  const met = (vs: readonly StepView[]): boolean => vs.some((v) => (v.step.placement?.entities ?? sut.entities).includes(delivered(v)!.to));
  return (sut.roles.includes('MN') || sut.roles.includes('SPoS')) && (!sut.roles.includes('MN') || met(late.atMn)) && (!sut.roles.includes('SPoS') || met(late.atSpos));
};

/** An MN request delivered again to an SUT PoS whose first delivery it answered (took up). */
const REDELIVERED_TAKEN_UP: Check = (steps, sut) => {
  const views = viewRuns(steps);
  return views.some((v) => {
    const t = delivered(v);
    if (t?.again !== true || !atSut(sut, t.pdu.dst) || (t.pdu.type !== 'MIS_Auth.request' && t.pdu.type !== 'MIS_Prereg_Xfer.request')) return false;
    return views.some((u) => u.at < v.at && u.step.run === v.step.run && u.step.stimulus.kind === 'deliver' && u.subject?.pdu === t.pdu && answerOf(u) !== undefined);
  });
};

/** The MN of `answer` sent the request it answers (the same Nonce-N, earlier in the same run) with the fallback flag set. */
function askedFallback(views: readonly StepView[], v: StepView, answer: PduObservation): boolean {
  for (let i = v.at - 1; i >= 0 && views[i]!.step.run === v.step.run && views[i]!.step.world === v.step.world; i--) {
    if (views[i]!.emitted.some((p) => p.type === 'MIS_Prereg_Xfer.request' && p.src === answer.mn && p.nonceN === answer.nonceN && p.fallback === true)) return true;
  }
  return false;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
//# or if any of the MN or TPoS requests so.
/** A SUCCESS answer delivered intact to an SUT MN, in a run that placed it at the SUT, to a request it flagged for fallback. */
const GRANTED_DESPITE_FALLBACK: Check = (steps, sut) => {
  const views = viewRuns(steps);
  return views.some((v) => {
    const t = delivered(v);
    if (t === undefined || t.pdu.type !== 'MIS_Prereg_Xfer.response' || t.pdu.status !== 'SUCCESS' || !intact(t)) return false;
    return atSut(sut, t.pdu.dst) && (v.step.placement?.entities ?? sut.entities).includes(t.pdu.dst) && askedFallback(views, v, t.pdu);
  });
};

const tampered = (t: TrackedPdu, hows: readonly string[]): boolean => t.faults.some((f) => f.kind === 'tamper' && hows.includes(f.how));

/** The PDU types that carry a MAC (docs/protocol.md §4.5): all but the MIS_Auth pair. */
const SEALED_TYPES: readonly PduType[] = ['MIS_Prereg_Xfer.request', 'MIS_Prereg_Xfer.response', 'MIS_N2N_Prereg_Xfer.request', 'MIS_N2N_Prereg_Xfer.response', 'MIS_HO_Complete.request', 'MIS_N2N_HO_Complete.indication'];
/** The answers, which echo a Nonce-N and a transaction. */
const ANSWER_TYPES: readonly PduType[] = ['MIS_Auth.response', 'MIS_Prereg_Xfer.response', 'MIS_N2N_Prereg_Xfer.response'];

/**
 * Each handler makes its receiver checks itself (docs/protocol.md §5.2: every PDU type verifies
 * its own MAC, echo and transaction), so a tamper at one says nothing of another: a tamper by one
 * of `ways` must meet every type of `types` some SUT entity took, delivered to the receiver its
 * sender addressed in a run that placed it at the SUT. A type no SUT entity took asks for nothing.
 */
function atEveryHandler(ways: readonly string[], types: readonly PduType[]): Check {
  return (steps) => {
    const taken = typesTakenAtSut(steps);
    const met = new Set<PduType>();
    for (const v of viewRuns(steps)) {
      const d = delivered(v);
      if (d !== undefined && tampered(d, ways) && (v.step.placement?.entities ?? []).includes(d.to)) met.add(d.pdu.type);
    }
    return met.size > 0 && types.every((t) => !taken.has(t) || met.has(t));
  };
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/** The answer names another sender than the peer it answers for, the tid kept: the `src` way. */
const forgedSender = (t: TrackedPdu): boolean => tampered(t, ['src']);

/**
 * The transaction check matches the sender as well as the tid (docs/protocol.md §5.1), and each
 * receiver of answers makes it on its own: a forged sender delivered to an SUT MN says nothing of
 * an SUT SPoS's match of an N2N answer, so every receiver role the SUT claims must meet one, in a
 * run that placed the receiver at the SUT.
 */
const FORGED_SENDER_AT_EVERY_RECEIVER: Check = (steps, sut) => {
  const met = (answers: readonly PduObservation['type'][]): boolean =>
    viewRuns(steps).some((v) => {
      const d = delivered(v);
      return d !== undefined && answers.includes(d.pdu.type) && forgedSender(d) && (v.step.placement?.entities ?? sut.entities).includes(d.pdu.dst) && atSut(sut, d.pdu.dst);
    });
  return (!sut.roles.includes('MN') || met(['MIS_Auth.response', 'MIS_Prereg_Xfer.response'])) && (!sut.roles.includes('SPoS') || met(['MIS_N2N_Prereg_Xfer.response']));
};
/** The PDU reached its receiver as the lie `what` made it: told, and spoilt by nothing after (a probe's copy is spoilt). */
const lied = (t: TrackedPdu, what: string): boolean => intact(t) && t.faults.some((f) => f.kind === 'lie' && f.what === what);
const optimizedClaimed = (p: Pics): boolean => p.optimized && p.chainLimitRange.max > 0;

//= SPEC_MAPPING.md#A-SUITES
//# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
//# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
/** The TPoS's choice for the offer it received would differ had its own preference order decided. */
function suiteOrdersDiffer(d: Decision): boolean {
  const offered = d.request.pdu.suites ?? [];
  const supported = d.view.step.world?.domains.find((x) => x.id === d.entity)?.suites ?? [];
  return firstCommonSuite(offered, supported) !== firstCommonSuite(supported, offered);
}
const SUCCESS_AT_MN: Check = deliveredToSut((t, v) => t.pdu.type === 'MIS_Prereg_Xfer.response' && t.pdu.status === 'SUCCESS' && intact(t) && v.step.observation.mns.some((m) => m.id === t.pdu.mn && m.sas.some((sa) => sa.idType === 3 && sa.state === 'prepared')));

/** An attachment of an MN with `method` answered SUCCESS, at an SUT PoS or an SUT MN. */
function attached(method: string): Check {
  return (steps, sut) =>
    viewRuns(steps).some((v) => {
      const d = delivered(v);
      if (d === undefined || !intact(d) || d.pdu.type !== 'MIS_Auth.request' || d.pdu.method !== method) return false;
      const answer = answerOf(v);
      return answer?.status === 'SUCCESS' && (atSut(sut, d.pdu.dst) || atSut(sut, d.pdu.src));
    });
}

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/** A-ERP-SEQ: an intact ERP request to an SUT PoS answered REJECTED (only a used-up SEQ refuses one). */
const erpRunRefusedAtSut: Check = (steps, sut) =>
  viewRuns(steps).some((v) => {
    const d = delivered(v);
    return d !== undefined && intact(d) && d.pdu.type === 'MIS_Auth.request' && d.pdu.method === 'ERP' && atSut(sut, d.pdu.dst) && answerOf(v)?.status === 'REJECTED';
  });

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/** A-ERP-SEQ: an SUT MN configured for ERP, in a world that provisioned its SEQ, asked for EAP. */
const erpMnRanEapAtSut: Check = emittedBySut(
  (p, v) => p.type === 'MIS_Auth.request' && p.method === 'EAP' && v.world?.mns.some((m) => m.id === p.mn && m.method === 'ERP' && m.erpSeqStart !== undefined) === true,
);

/**
 * harness/cli/sut.ts worlds: none near the SEQ end where the SUT plays one PoS role alone (it
 * then hosts some PoSs, the tester the others: harness/sut-process/hybrid.ts hostsNoneOrEveryPos).
 */
const erpSeqEndUnreachable = (p: Pics): string | undefined =>
  !p.roles.includes('MN') && p.roles.includes('SPoS') !== p.roles.includes('TPoS')
    ? 'an SUT that plays one PoS role alone shares the PoSs with the tester, whose HPoS SEQ counts it cannot see (no PDU carries them), so its worlds never start near the SEQ end'
    : undefined;

/**
 * harness/sut-process/hybrid.ts roleAllows: a TPoS-only SUT hands no MN over, so it is never
 * the old SPoS an indication goes to; an SPoS-only SUT is never a target, so it never sends one
 * and never holds a prepared SA. A PoS meets its own indication overtaken only where the SUT
 * plays both PoS roles.
 */
const indicationRaceUnreachable = (p: Pics): string | undefined =>
  p.roles.includes('SPoS') && p.roles.includes('TPoS')
    ? undefined
    : 'the decisive case needs one SUT PoS to be the TPoS of a handover and the SPoS of the next, and an SUT that plays one PoS role alone never is both (a TPoS-only SUT hands no MN over; an SPoS-only SUT is never a target)';

/** The last SEQ of RFC 6696's 16-bit space (docs/protocol.md §5.4). */
const ERP_SEQ_LAST = 65535;

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/**
 * A-ERP-SEQ: an intact ERP request delivered to an SUT PoS, in a run that placed it at the SUT,
 * when the MN's HPoS had no SEQ left: its world's start plus the ERP runs granted so far (each
 * SUCCESS answer to an ERP request, taken up by the MN or not) is past the last SEQ. Counted from
 * the world and the run, not from the answer, so a PoS that grants it anyway exercises it too.
 */
const erpAskedOfSpentHpos: Check = (steps, sut) => {
  let granted = new Map<string, number>();
  let run: StepView | undefined;
  return viewRuns(steps).some((v) => {
    if (run === undefined || run.step.run !== v.step.run || run.step.world !== v.step.world) granted = new Map();
    run = v;
    const d = delivered(v);
    if (d === undefined || !intact(d) || d.pdu.type !== 'MIS_Auth.request' || d.pdu.method !== 'ERP') return false;
    const start = v.world?.mns.find((m) => m.id === d.pdu.mn)?.erpSeqStart;
    const spent = start !== undefined && start + (granted.get(d.pdu.mn) ?? 0) > ERP_SEQ_LAST;
    if (answerOf(v)?.status === 'SUCCESS') granted.set(d.pdu.mn, (granted.get(d.pdu.mn) ?? 0) + 1);
    return spent && (v.step.placement?.entities ?? sut.entities).includes(d.pdu.dst) && atSut(sut, d.pdu.dst);
  });
};

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/**
 * A-ERP-SEQ: a refusal (REJECTED) of an ERP request delivered intact to an SUT MN, in a run that
 * placed it at the SUT. The refusal is matched to its request by MN and Nonce-N echo: only the
 * refusal of an ERP run tells the MN its SEQ space is used up.
 */
const erpRefusalAtSutMn: Check = (steps, sut) => {
  let erpRequests = new Set<string>();
  let run: StepView | undefined;
  const key = (p: PduObservation): string => `${p.mn}\u0000${String(p.nonceN)}`;
  return viewRuns(steps).some((v) => {
    if (run === undefined || run.step.run !== v.step.run || run.step.world !== v.step.world) erpRequests = new Set();
    run = v;
    for (const p of v.emitted) if (p.type === 'MIS_Auth.request' && p.method === 'ERP') erpRequests.add(key(p));
    const t = delivered(v);
    if (t === undefined || t.pdu.type !== 'MIS_Auth.response' || t.pdu.status !== 'REJECTED' || !intact(t)) return false;
    return erpRequests.has(key(t.pdu)) && atSut(sut, t.pdu.dst) && (v.step.placement?.entities ?? []).includes(t.pdu.dst);
  });
};

//= SPEC_MAPPING.md#A-STATUS
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
/**
 * Every two reasons of an order that can hold at once at one decision (A-STATUS): a check moved
 * to another place answers the later reason of some pair where both hold, and neighbouring
 * pairs alone miss a move across several checks. A pair that never holds at once (TLS_ROOT and
 * NOT_EAP_ROOT: one root) has no purpose.
 */
function pairs(order: readonly Reason[], exclusive: readonly (readonly [Reason, Reason])[]): [Reason, Reason][] {
  const apart = (a: Reason, b: Reason): boolean => exclusive.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
  return order.flatMap((a, i) => order.slice(i + 1).flatMap((b): [Reason, Reason][] => (apart(a, b) ? [] : [[a, b]])));
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S8
//# They also need to agree on a cipher suite coded as c.
//= SPEC_MAPPING.md#A-SUITES
//# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
//# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
/**
 * The requirement each refusal cause stands for: the reason's own (harness/requirement-map.ts),
 * but a missing common suite is the suite rule itself (A-SUITES) rather than 5.14.2-S8's need.
 */
const CAUSE_REQUIREMENT: Partial<Record<Reason, string | null>> = { ...REASON_REQUIREMENT, NO_COMMON_SUITE: 'A-SUITES' };

/** What the PICS must claim for a cause to be decided by `role`, and why a pair cannot be reached. */
function causeNeeds(role: Decision['role'], r: Reason): ((p: Pics) => boolean) | undefined {
  if (r === 'TLS_ROOT') return (p) => p.methods.includes('TLS');
  if (r === 'NOT_EAP_ROOT') return optimizedClaimed;
  if (r === 'CHAIN_LIMIT') return (p) => p.chainLimitEnforcedBy.includes(role);
  if (r === 'TPOS_REQUESTED') return (p) => p.fallback.tposPolicy;
  if (r === 'MN_REQUESTED') return (p) => p.fallback.mnRequest;
  return undefined;
}

const CAUSE_OPTION: Partial<Record<Reason, string>> = {
  TLS_ROOT: 'method TLS',
  NOT_EAP_ROOT: 'optimized establishment with a chain limit > 0',
  CHAIN_LIMIT: 'the chain limit enforced by this role',
  TPOS_REQUESTED: 'a TPoS fallback policy',
  MN_REQUESTED: 'MN-requested fallback',
};

function pairUnreachable(role: Decision['role'], a: Reason, b: Reason): ((p: Pics) => string | undefined) | undefined {
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
  //# If protocol of establishing SAs between an MN and a TPoS is
  // A TLS-rooted SA is never continued optimized (5.14.2-N3), so it stays at depth 0.
  if (a === 'TLS_ROOT' && b === 'CHAIN_LIMIT') return (p) => (p.chainLimitRange.min > 0 ? `a TLS-rooted SA always has depth 0, and CHAIN_LIMIT at the SPoS needs depth ≥ L ≥ ${p.chainLimitRange.min} (the PICS claims no L = 0)` : undefined);
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
  //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
  //# etsblishment applies.
  // a GKB lineage starts at a TPoS told a GKB root; the SPoS holding it is that TPoS.
  if (role === 'SPoS' && (a === 'NOT_EAP_ROOT' || b === 'NOT_EAP_ROOT')) return (p) => (p.roles.includes('TPoS') ? undefined : 'a GKB-rooted SA arises only at a TPoS, and an SPoS-only SUT never plays one');
  return undefined;
}

function orderPurposes(role: Decision['role'], order: readonly Reason[], exclusive: readonly (readonly [Reason, Reason])[]): TestPurpose[] {
  return pairs(order, exclusive).map(([a, b]): TestPurpose => {
    // Only an optimized establishment sends a TPoS an N2N request to decide on.
    const n2n = role === 'TPoS' ? optimizedClaimed : undefined;
    const needA = causeNeeds(role, a);
    const needB = causeNeeds(role, b);
    const options = [...(n2n === undefined ? [] : [CAUSE_OPTION.NOT_EAP_ROOT!]), ...[a, b].flatMap((r) => (causeNeeds(role, r) === undefined ? [] : [CAUSE_OPTION[r]!]))];
    const option = [...new Set(options)].join(' and ');
    const unreachable = pairUnreachable(role, a, b);
    return {
      id: `TP-ORDER-${a}-${b}`,
      title: `The ${role} answers ${a} when ${b} holds as well`,
      requirements: ['A-STATUS', ...new Set([CAUSE_REQUIREMENT[a]!, CAUSE_REQUIREMENT[b]!])],
      roles: [role],
      ...(needA === undefined && needB === undefined && n2n === undefined ? {} : { needs: (p: Pics) => (n2n?.(p) ?? true) && (needA?.(p) ?? true) && (needB?.(p) ?? true), option }),
      ...(unreachable === undefined ? {} : { unreachable }),
      decisive: `an SUT ${role} decided on a request while both ${a} and ${b} held and no cause before ${a}`,
      //= SPEC_MAPPING.md#A-STATUS
      //# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a
      //# fixed order at the SPoS and at the TPoS.
      // first match wins; only a decision where both hold, and nothing earlier in the
      // order does, tells the order of the two (an earlier cause answers the same either way).
      exercised: decidedBySutInRun(role, (d) => d.causes.has(a) && d.causes.has(b) && order.find((r) => d.causes.has(r)) === a),
    };
  });
}

export const TEST_PURPOSES: readonly TestPurpose[] = [
  {
    id: 'TP-ATTACH',
    title: 'Initial attachment installs a serving SA with the ID_TYPE of its method',
    requirements: ['5.14.1-S16', '5.14-T1'],
    roles: ['MN', 'SPoS', 'TPoS'],
    decisive: 'an MIS_Auth.request answered SUCCESS by an SUT PoS or sent by an SUT MN',
    exercised: any(attached('EAP'), attached('ERP'), attached('TLS')),
  },
  {
    id: 'TP-SERVING-SA',
    title: 'At all times the attached MN has an SA with the PoS of its current network',
    requirements: ['5.14.1-S17', '5.14.1-S19'],
    roles: ['MN', 'SPoS', 'TPoS'],
    decisive: 'an SUT MN completed a handover, or an SUT PoS took over an MN on its MIS_HO_Complete.request',
    exercised: any(
      emittedBySut((p, v) => p.type === 'MIS_HO_Complete.request' && v.step.stimulus.kind === 'complete'),
      deliveredToSut((t, v) => t.pdu.type === 'MIS_HO_Complete.request' && intact(t) && answerOf(v)?.type === 'MIS_N2N_HO_Complete.indication'),
    ),
  },
  {
    id: 'TP-OPTIMIZED',
    title: 'Optimized MIH SA establishment via the SPoS (K, Nonce-N, Nonce-T, c, MISK)',
    //= spec/clause-5.14-proposed-text.txt#5.14.2-S9
    //# With the information, MN and TPoS can derive the media independent session key (MISK) as
    //# specified in 9.2.1 of IEEE Std 802.21-XXXX.
    //= spec/clause-5.14-proposed-text.txt#5.14.1-S13
    //# For each newly visited network, this security relationship can be created on demand, enabled
    //# by signaling from another PoS.
    requirements: ['5.14.1-S12', '5.14.1-S13', '5.14.2-S6', '5.14.2-S7', '5.14.2-S8', '5.14.2-S9', '5.14.2-N2a'],
    roles: ['MN', 'SPoS', 'TPoS'],
    needs: optimizedClaimed,
    option: 'optimized establishment with a chain limit > 0',
    decisive: 'an N2N request accepted by an SUT TPoS, an SUCCESS relayed by an SUT SPoS, or an optimized SA installed by an SUT MN',
    exercised: any(
      decidedBySut('TPoS', (d) => d.answer.status === 'SUCCESS'),
      emittedBySut((p) => p.type === 'MIS_Prereg_Xfer.response' && p.status === 'SUCCESS'),
      SUCCESS_AT_MN,
    ),
  },
  {
    id: 'TP-KEY-DISTRIBUTION',
    title: 'K reaches the MN and the TPoS wrapped, bound to the TPoS, and both derive the same MISK',
    requirements: ['5.14.2-S6', 'A-K-BIND', 'A-MISK'],
    roles: ['MN', 'SPoS', 'TPoS'],
    needs: optimizedClaimed,
    option: 'optimized establishment with a chain limit > 0',
    decisive: 'the tester opened a K wrap and found K bound on PDUs of SUT entities, and matched an SUT optimized SA\'s key with a MISK it derived',
    //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
    //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
    //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
    //= SPEC_MAPPING.md#A-K-BIND
    //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K
    //# per (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
    //= SPEC_MAPPING.md#A-MISK
    //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full
    //# establishment: MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
    // silence of the wire checks counts only where they could check.
    exercised: (steps, sut) => {
      const w = wireTotals(steps);
      return w !== undefined && w.wrapsOpened > 0 && w.kBound > 0 && w.saKeysMatched > 0 && hasSa(steps, sut, (sa) => sa.idType === 3);
    },
  },
  {
    id: 'TP-NO-TRUST',
    title: 'No optimized establishment without trust between SPoS and TPoS domains',
    requirements: ['5.14.2-N1a', '5.14.3-S5'],
    roles: ['SPoS'],
    decisive: 'an SUT SPoS answered NO_TRUST',
    exercised: answeredWith('NO_TRUST', 'MIS_Prereg_Xfer.response'),
  },
  {
    id: 'TP-UNAUTHORIZED-SOURCE',
    title: 'The TPoS rejects N2N preregistration from an unauthorized source PoS',
    requirements: ['5.14.1-S6'],
    roles: ['TPoS'],
    decisive: 'an SUT TPoS answered UNAUTHORIZED_SOURCE',
    exercised: answeredWith('UNAUTHORIZED_SOURCE', 'MIS_N2N_Prereg_Xfer.response'),
  },
  {
    id: 'TP-MN-FALLBACK',
    title: 'Fall back to full establishment when the MN requests it',
    requirements: ['5.14.2-N1c'],
    roles: ['MN', 'SPoS'],
    needs: (p) => p.fallback.mnRequest,
    option: 'MN-requested fallback',
    decisive: 'an SUT SPoS answered MN_REQUESTED, or an SUT MN went on to a full establishment after it',
    exercised: any(
      answeredWith('MN_REQUESTED', 'MIS_Prereg_Xfer.response'),
      deliveredToSut((t, v) => t.pdu.reason === 'MN_REQUESTED' && intact(t) && answerOf(v)?.type === 'MIS_Auth.request'),
    ),
  },
  {
    id: 'TP-MN-FALLBACK-GRANTED',
    title: 'An MN that asked for fallback and is granted an optimized SA acts as the profile says',
    requirements: ['5.14.2-N1c', 'A-FALLBACK-PATH'],
    roles: ['MN'],
    needs: (p) => p.fallback.mnRequest && optimizedClaimed(p),
    option: 'MN-requested fallback and optimized establishment with a chain limit > 0',
    decisive: 'a SUCCESS MIS_Prereg_Xfer.response delivered intact to an SUT MN that had sent its request with the fallback flag set',
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
    //# or if any of the MN or TPoS requests so.
    //= SPEC_MAPPING.md#V-FALLBACK-ACCEPTS
    //# An MN that set the fallback flag still installs an optimized SA if the SPoS grants one.
    // an honest SPoS never grants a flagged request: only a grant after a fallback lie makes
    // the MN choose between its own flag and the SPoS's answer.
    exercised: GRANTED_DESPITE_FALLBACK,
  },
  {
    id: 'TP-TPOS-FALLBACK',
    title: 'Fall back to full establishment when the TPoS requests it',
    requirements: ['5.14.2-N1c'],
    roles: ['TPoS'],
    needs: (p) => p.fallback.tposPolicy,
    option: 'a TPoS fallback policy',
    decisive: 'an SUT TPoS answered TPOS_REQUESTED',
    exercised: answeredWith('TPOS_REQUESTED', 'MIS_N2N_Prereg_Xfer.response'),
  },
  {
    id: 'TP-TLS-ROOT',
    title: 'No optimized establishment from a TLS-rooted SA',
    requirements: ['5.14.2-N3'],
    roles: ['SPoS'],
    needs: (p) => p.methods.includes('TLS'),
    option: 'method TLS',
    decisive: 'an SUT SPoS answered TLS_ROOT',
    exercised: answeredWith('TLS_ROOT', 'MIS_Prereg_Xfer.response'),
  },
  {
    id: 'TP-CHAIN-SPOS',
    title: 'The SPoS forces a full establishment once the chain limit is reached',
    requirements: ['5.14.2-N4b', '5.14.2-N4c'],
    roles: ['SPoS'],
    needs: (p) => p.chainLimitEnforcedBy.includes('SPoS'),
    option: 'the chain limit enforced by the SPoS',
    decisive: 'an SUT SPoS answered CHAIN_LIMIT',
    exercised: answeredWith('CHAIN_LIMIT', 'MIS_Prereg_Xfer.response'),
  },
  {
    id: 'TP-CHAIN-TPOS',
    title: 'The TPoS refuses an optimized request beyond the chain limit',
    requirements: ['5.14.2-N4b', '5.14.2-N4c', 'A-DEPTH-WIRE'],
    roles: ['TPoS'],
    needs: (p) => p.chainLimitEnforcedBy.includes('TPoS') && p.optimized,
    option: 'optimized establishment with the chain limit enforced by the TPoS',
    decisive: 'an N2N request with depth > L delivered to an SUT TPoS and answered (the depth lie)',
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
    //# That is, after certain number of executions of the optimized SA establishment, it shall
    //# force an SA establishment through the methods specified in 21m.
    // only a request over the limit reaching the TPoS shows it enforces the limit.
    exercised: decidedBySut('TPoS', (d) => d.causes.has('CHAIN_LIMIT')),
  },
  {
    id: 'TP-LIE-DEPTH',
    title: 'The SPoS decides on its own SA, not on the depth the MN states',
    requirements: ['A-DEPTH-WIRE', '5.14.2-N4c'],
    roles: ['SPoS'],
    decisive: 'an MIS_Prereg_Xfer.request with a misstated depth delivered to an SUT SPoS and answered',
    exercised: decidedBySut('SPoS', (d) => lied(d.request, 'depth')),
  },
  {
    id: 'TP-REPLAY',
    title: 'A replayed N2N preregistration request is rejected',
    //= spec/clause-5.14-proposed-text.txt#5.14.1-S5
    //# MIS_Prereg_Xfer and MIS_N2N_Prereg_Xfer messages exchanged between the SPoS and the TPoS may
    //# require security protection.
    requirements: ['A-REPLAY', '5.14.1-S5'],
    roles: ['TPoS'],
    decisive: 'a copy of an N2N request from a partner delivered to an SUT TPoS that took up the first',
    exercised: decidedBySut('TPoS', (d) => d.causes.has('REPLAY') && !d.causes.has('UNAUTHORIZED_SOURCE')),
  },
  {
    id: 'TP-TARGET-SELECTION',
    title: 'The SPoS selects a trusted TPoS offering one of the MN\'s RATs',
    //= spec/clause-5.14-proposed-text.txt#5.14.3-S2
    //# When the MN determines the need for handover, but does not already
    requirements: ['5.14.3-S2', '5.14.3-S3', '5.14.3-S7'],
    roles: ['SPoS'],
    needs: (p) => p.targetSelection,
    option: 'target selection',
    decisive: 'a handover with target null answered by an SUT SPoS',
    exercised: decidedBySut('SPoS', (d) => d.request.pdu.target === undefined),
  },
  {
    id: 'TP-NO-TARGET',
    title: 'The SPoS answers NO_TARGET when no neighbour qualifies',
    requirements: ['5.14.3-S3'],
    roles: ['SPoS'],
    needs: (p) => p.targetSelection,
    option: 'target selection',
    decisive: 'an SUT SPoS answered NO_TARGET',
    exercised: emittedBySut((p) => p.type === 'MIS_Prereg_Xfer.response' && p.status === 'NO_TARGET'),
  },
  {
    id: 'TP-STRICT-DECODING',
    title: 'A malformed PDU is discarded without effect',
    requirements: ['A-TLV', '5.14.1-S20'],
    roles: ['MN', 'SPoS', 'TPoS'],
    decisive: 'a corrupted PDU delivered to an SUT entity',
    exercised: deliveredToSut((t) => t.faults.some((f) => f.kind === 'corrupt')),
  },
  {
    id: 'TP-DISCARD-BAD-MAC',
    title: 'A PDU whose MAC, a protected field or the wrapped K was altered is discarded',
    requirements: ['5.14.1-S20', 'A-DISCARD'],
    roles: ['MN', 'SPoS', 'TPoS'],
    decisive: 'a PDU tampered with (mac, field or key) delivered to an SUT entity, of every type with a MAC some SUT entity took',
    acrossRuns: true,
    exercised: atEveryHandler(['mac', 'field', 'key'], SEALED_TYPES),
  },
  {
    id: 'TP-DISCARD-UNEXPECTED-PDU',
    title: 'A well-formed, sealed PDU of a type the receiver never takes in its role is discarded',
    requirements: ['A-DISCARD', '5.14.1-S20'],
    roles: ['MN', 'SPoS', 'TPoS'],
    decisive: 'a request of the MN\'s exchanges retyped as its answer delivered to an SUT PoS, or an answer retyped as its request to an SUT MN',
    exercised: deliveredToSut((t) => tampered(t, ['unexpected'])),
  },
  {
    id: 'TP-DISCARD-WRONG-ECHO',
    title: 'An answer echoing another Nonce-N is discarded',
    requirements: ['A-DISCARD', 'A-NONCE'],
    roles: ['MN', 'SPoS', 'TPoS'],
    decisive: 'an answer with a wrong Nonce-N echo delivered to an SUT entity, of every answer type some SUT entity took',
    acrossRuns: true,
    exercised: atEveryHandler(['echo'], ANSWER_TYPES),
  },
  {
    id: 'TP-DISCARD-WRONG-TID',
    title: 'An answer with another transaction ID is discarded',
    requirements: ['A-TLV', 'A-DISCARD'],
    roles: ['MN', 'SPoS', 'TPoS'],
    decisive: 'an answer with a wrong transaction ID delivered to an SUT entity, of every answer type some SUT entity took',
    acrossRuns: true,
    exercised: atEveryHandler(['tid'], ANSWER_TYPES),
  },
  {
    id: 'TP-DISCARD-WRONG-SENDER',
    title: 'An answer from another PoS than the one the receiver asked is discarded',
    requirements: ['A-TLV', 'A-DISCARD'],
    roles: ['MN', 'SPoS'],
    decisive: 'an answer whose sender is a PoS other than the one asked (tid kept, sealed to the receiver) delivered to an SUT MN and, where the SUT plays the SPoS, an N2N answer so delivered to an SUT SPoS',
    exercised: FORGED_SENDER_AT_EVERY_RECEIVER,
  },
  {
    id: 'TP-DISCARD-RECEIVER-CHECKS',
    title: "A PDU that fails one of its receiver's checks (addressing, a field, the wrapped K, the MN) is discarded, at every handler",
    requirements: ['A-DISCARD'],
    roles: ['MN', 'SPoS', 'TPoS'],
    decisive: 'every check of docs/protocol.md §5.2 the lower tester can fail, on every PDU type it is made on that some SUT entity took, failed on a PDU delivered to an SUT entity',
    //= SPEC_MAPPING.md#A-DISCARD
    //# A PDU that does not fit the receiver's state (unknown transaction, no
    // each handler makes its own checks: one met at the SPoS's handler says nothing of the TPoS's.
    acrossRuns: true,
    exercised: (steps) => tamperCells(steps).size > 0 && missedCells(steps).length === 0,
  },
  {
    id: 'TP-DISCARD-UNKNOWN-MN',
    title: 'A full establishment request for an MN no HPoS knows is discarded',
    requirements: ['A-DISCARD'],
    roles: ['SPoS', 'TPoS'],
    decisive: 'an MIS_Auth.request from and about an MN the world does not have delivered to an SUT PoS',
    //= SPEC_MAPPING.md#A-DISCARD
    //# A PDU that does not fit the receiver's state (unknown transaction, no
    // every MN of a world has a home, so only the lower tester names one without.
    exercised: deliveredToSut((t) => tampered(t, ['unknown-mn'])),
  },
  {
    id: 'TP-LIE-ROOT',
    title: 'A GKB root stated to the TPoS is installed, and the SPoS refuses to continue a GKB lineage',
    requirements: ['5.14.2-N2a'],
    roles: ['TPoS'],
    needs: optimizedClaimed,
    option: 'optimized establishment with a chain limit > 0',
    decisive: 'an N2N request stating root GKB answered by an SUT TPoS, or an SUT SPoS answering NOT_EAP_ROOT on a GKB lineage',
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
    //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
    //# etsblishment applies.
    // the TPoS installs the root it is told; the SPoS it becomes refuses GKB. Both
    // halves in one run need a root lie on a hop that completes, too rare for the default budget.
    exercised: any(
      decidedBySut('TPoS', (d) => lied(d.request, 'root') && d.request.pdu.root === 'GKB'),
      answeredWith('NOT_EAP_ROOT', 'MIS_Prereg_Xfer.response'),
    ),
  },
  {
    id: 'TP-LIE-ROOT-TLS',
    title: 'A TLS root stated to the TPoS is installed as told',
    requirements: ['5.14.2-N3', 'A-IDTYPE'],
    roles: ['TPoS'],
    needs: optimizedClaimed,
    option: 'optimized establishment with a chain limit > 0',
    decisive: 'an N2N request stating root TLS answered by an SUT TPoS',
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
    //# If protocol of establishing SAs between an MN and a TPoS is TLS, then the optimized SA
    //# establishment method does not apply, because the MN and the TPoS cannot use key
    //# derivation key K in TLS.
    // the exclusion is the SPoS's (TLS_ROOT, on its own SA): no honest SPoS states TLS, so only
    // the lie shows whether a TPoS takes the root it is told.
    exercised: decidedBySut('TPoS', (d) => lied(d.request, 'root-tls')),
  },
  {
    id: 'TP-LIE-SENDER',
    title: 'One preparation from two partners: the TPoS keys its replay cache by (SPoS, Nonce-N)',
    requirements: ['A-REPLAY'],
    roles: ['TPoS'],
    needs: optimizedClaimed,
    option: 'optimized establishment with a chain limit > 0',
    decisive: 'an SUT TPoS answered an N2N request whose Nonce-N it had taken up from another partner in the run, one of the two resent by the sender lie',
    //= SPEC_MAPPING.md#A-REPLAY
    //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
    //# wrapped
    // honest SPoSs never share a Nonce-N: only a resent copy shows what the cache is keyed by.
    exercised: (steps, sut) => {
      // per run (its number and world, harness/pics/run-history.ts), TPoS and Nonce-N: the sources taken up.
      const taken = new Map<string, { readonly src: string; readonly lied: boolean }[]>();
      const worlds = new Map<WorldConfig | undefined, number>();
      return decisionsOf(viewRuns(steps)).some((d) => {
        if (d.role !== 'TPoS') return false;
        let world = worlds.get(d.view.step.world);
        if (world === undefined) worlds.set(d.view.step.world, (world = worlds.size));
        const key = JSON.stringify([world, d.view.step.run ?? null, d.entity, d.request.pdu.nonceN]);
        const here = { src: d.request.pdu.src, lied: lied(d.request, 'sender') };
        const before = taken.get(key) ?? [];
        taken.set(key, [...before, here]);
        return decidedAtSutInRun(d, sut) && before.some((b) => b.src !== here.src && (b.lied || here.lied));
      });
    },
  },
  {
    id: 'TP-LIE-DEPTH-LOW',
    title: 'The TPoS judges a depth below the range of an optimized SA as the profile says',
    requirements: ['A-DEPTH-WIRE', '5.14.2-N4c'],
    roles: ['TPoS'],
    needs: optimizedClaimed,
    option: 'optimized establishment with a chain limit > 0',
    decisive: 'an N2N request stating depth 0 answered by an SUT TPoS',
    //= SPEC_MAPPING.md#V-RANGE-UPPER
    //# A TPoS that enforces refuses only a counter above L; a lower counter, 0 included, is accepted.
    // no honest SPoS states 0: only the lie reaches the lower bound of the TPoS's depth check.
    exercised: decidedBySut('TPoS', (d) => lied(d.request, 'depth-low')),
  },
  {
    id: 'TP-LIE-STATUS',
    title: 'A REJECTED answer its sender never decided is taken as the profile says',
    requirements: ['A-STATUS', '5.14.1-S6'],
    roles: ['MN'],
    decisive: 'an MIS_Prereg_Xfer.response rewritten to REJECTED delivered to an SUT MN',
    //= SPEC_MAPPING.md#A-STATUS
    //# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a
    //# fixed order at the SPoS and at the TPoS.
    // no SPoS sends the MN a REJECTED: only the lie shows what the MN does with one.
    exercised: deliveredToSut((t) => lied(t, 'status')),
  },
  {
    id: 'TP-NO-COMMON-SUITE',
    title: 'The TPoS falls back when it supports none of the offered suites',
    requirements: ['5.14.2-S8', 'A-SUITES'],
    roles: ['TPoS'],
    decisive: 'an N2N request offering no suite the SUT TPoS supports, answered by it',
    exercised: decidedBySut('TPoS', (d) => d.causes.has('NO_COMMON_SUITE')),
  },
  {
    id: 'TP-SUITE-ORDER',
    title: "The TPoS chooses c by the MN's preference order where its own would choose another",
    //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
    //# They also need to agree on a cipher suite coded as c.
    requirements: ['5.14.2-S8', 'A-SUITES'],
    roles: ['TPoS'],
    needs: optimizedClaimed,
    option: 'optimized establishment with a chain limit > 0',
    unreachable: (p) => (p.suites.length < 2 ? 'the PICS claims one cipher suite, so no two preference orders differ' : undefined),
    decisive: 'an N2N request accepted by an SUT TPoS whose own preference order would choose another suite of the offer',
    exercised: decidedBySut('TPoS', (d) => d.answer.status === 'SUCCESS' && suiteOrdersDiffer(d)),
  },
  {
    id: 'TP-LIE-FALLBACK',
    title: 'The SPoS honours the fallback flag as it receives it',
    requirements: ['5.14.2-N1c'],
    roles: ['SPoS'],
    decisive: 'an MIS_Prereg_Xfer.request with a flipped fallback flag answered by an SUT SPoS',
    exercised: decidedBySut('SPoS', (d) => lied(d.request, 'fallback')),
  },
  {
    id: 'TP-ERP',
    title: 'An ERP run is a full establishment whose SA seeds optimized ones',
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N2b
    //# In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP
    //# or ERP execution.
    requirements: ['A-ERP-FULL', '5.14.2-N2b'],
    roles: ['MN', 'SPoS', 'TPoS'],
    needs: (p) => p.methods.includes('ERP') && optimizedClaimed(p),
    option: 'method ERP and optimized establishment',
    decisive: 'an ERP MN attached with an SUT entity and handed over optimized from the ERP-rooted SA with an SUT entity',
    exercised: (steps, sut) =>
      attached('ERP')(steps, sut) &&
      (hasSa(steps, sut, (sa) => sa.idType === 3 && sa.root === 'ERP') || decidedBySut('TPoS', (d) => d.request.pdu.root === 'ERP')(steps, sut) || emittedBySut((p) => p.type === 'MIS_N2N_Prereg_Xfer.request' && p.root === 'ERP')(steps, sut)),
  },
  //= SPEC_MAPPING.md#A-ERP-SEQ
  //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
  //# provision the start per MN (default 0)
  // the end of an ERP MN's SEQ space, reached in worlds that start near it.
  {
    id: 'TP-ERP-SEQ',
    title: 'ERP ends when the SEQ is used up: the HPoS refuses, the MN runs EAP',
    requirements: ['A-ERP-SEQ', 'A-ERP-FULL'],
    roles: ['MN', 'SPoS', 'TPoS'],
    needs: (p) => p.methods.includes('ERP'),
    option: 'method ERP',
    unreachable: erpSeqEndUnreachable,
    decisive: 'an SUT PoS answered REJECTED to an ERP request (no SEQ left at the HPoS), or an SUT ERP MN with no SEQ left ran EAP',
    exercised: any(erpRunRefusedAtSut, erpMnRanEapAtSut),
  },
  //= SPEC_MAPPING.md#A-ERP-SEQ
  //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
  //# provision the start per MN (default 0)
  // the counts part only after a lost answer: the end of the SEQ space as the HPoS sees it.
  {
    id: 'TP-ERP-SEQ-AHEAD',
    title: 'An MN that still counts a SEQ asks an HPoS that has none: the HPoS refuses, the MN gives up ERP',
    requirements: ['A-ERP-SEQ'],
    roles: ['MN', 'SPoS', 'TPoS'],
    needs: (p) => p.methods.includes('ERP'),
    option: 'method ERP',
    unreachable: erpSeqEndUnreachable,
    decisive: 'an intact ERP request delivered to an SUT PoS after the HPoS granted the last SEQ on a run whose answer was lost (where the SUT plays both PoS roles), and a refusal of an ERP request delivered to an SUT MN (where it plays the MN)',
    exercised: (steps, sut) =>
      (!sut.roles.includes('MN') || erpRefusalAtSutMn(steps, sut)) && (!(sut.roles.includes('SPoS') && sut.roles.includes('TPoS')) || erpAskedOfSpentHpos(steps, sut)),
  },
  {
    id: 'TP-LATE-INDICATION',
    title: 'A completion indication overtaken by the MN\'s next preparation at the old SPoS is discarded',
    requirements: ['A-HO-COMPLETE', 'A-DISCARD'],
    roles: ['SPoS', 'TPoS'],
    unreachable: indicationRaceUnreachable,
    decisive: 'an MIS_N2N_HO_Complete.indication delivered to an SUT PoS that held a prepared SA with its MN when it arrived',
    //= SPEC_MAPPING.md#A-HO-COMPLETE
    //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
    //# MIS_N2N_HO_Complete.indication (TPoS
    // the indication ends the SA the MN left, never one made for its next handover.
    // a forged indication is TP-LIE-INDICATION's: this one is the race of honest PDUs.
    exercised: deliveredToSut((t, v) => t.pdu.type === 'MIS_N2N_HO_Complete.indication' && intact(t) && !lied(t, 'indication') && t.again !== true && preparedAt(v.before, t.pdu.dst, t.pdu.mn)),
  },
  {
    id: 'TP-LIE-INDICATION',
    title: 'A completion indication for a preparation the TPoS holds itself is discarded, and the prepared SA stays',
    requirements: ['A-HO-COMPLETE', 'A-DISCARD'],
    roles: ['TPoS'],
    needs: optimizedClaimed,
    option: 'optimized establishment with a chain limit > 0',
    decisive: 'a forged MIS_N2N_HO_Complete.indication delivered to an SUT PoS that held a prepared SA with its MN when it arrived',
    //= SPEC_MAPPING.md#A-HO-COMPLETE
    //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
    //# MIS_N2N_HO_Complete.indication (TPoS
    // a PoS acts on an indication only with a serving SA (docs/protocol.md §5.2 row 8).
    exercised: deliveredToSut((t, v) => t.pdu.type === 'MIS_N2N_HO_Complete.indication' && lied(t, 'indication') && t.again !== true && preparedAt(v.before, t.pdu.dst, t.pdu.mn)),
  },
  {
    id: 'TP-OVERTAKEN-INDICATION',
    title: 'The new SPoS takes up the MN\'s next preregistration while its completion indication is in flight',
    requirements: ['5.14.1-S19', 'A-HO-COMPLETE'],
    roles: ['SPoS'],
    unreachable: indicationRaceUnreachable,
    decisive: 'an MIS_Prereg_Xfer.request answered or relayed by an SUT SPoS while its own indication about the MN was in flight',
    //= spec/clause-5.14-proposed-text.txt#5.14.1-S19
    //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving
    //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.
    // the TPoS is the MN's SPoS from the completion on, not from the old SPoS's delete.
    exercised: deliveredToSut((t, v) => t.pdu.type === 'MIS_Prereg_Xfer.request' && intact(t) && t.again !== true && answerOf(v) !== undefined
      && (v.before?.inFlight.some((p) => p.type === 'MIS_N2N_HO_Complete.indication' && p.src === t.pdu.dst && p.mn === t.pdu.mn) ?? false)),
  },
  {
    id: 'TP-REDELIVER-MN-REQUEST',
    title: 'An MN\'s request delivered again is discarded as a duplicate',
    requirements: ['A-REPLAY', 'A-DISCARD'],
    roles: ['SPoS', 'TPoS'],
    decisive: 'an MIS_Auth.request or MIS_Prereg_Xfer.request delivered again to an SUT PoS after it took the first up',
    //= SPEC_MAPPING.md#A-REPLAY
    //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
    // A-REPLAY (§5.3): the MN-request cache survives every SA change.
    exercised: REDELIVERED_TAKEN_UP,
  },
  {
    id: 'TP-REDELIVER-N2N',
    title: 'An N2N preregistration request delivered again is answered REJECTED/REPLAY',
    requirements: ['A-REPLAY', '5.14.1-S5'],
    roles: ['TPoS'],
    decisive: 'an N2N request from a partner delivered again to an SUT TPoS and answered',
    exercised: decidedBySut('TPoS', (d) => d.request.again === true && !d.causes.has('UNAUTHORIZED_SOURCE')),
  },
  {
    id: 'TP-REDELIVER-STALE',
    title: 'An old answer, completion or indication delivered again no longer fits and is discarded',
    requirements: ['A-DISCARD'],
    roles: ['MN', 'SPoS', 'TPoS'],
    decisive: 'an answer, MIS_HO_Complete.request or indication delivered again to an SUT entity',
    exercised: deliveredToSut((t) => t.again === true && STALE_AGAIN.includes(t.pdu.type)),
  },
  {
    id: 'TP-LATE-ANSWER',
    title: 'An answer for a preparation its MN gave up fits no transaction and is discarded',
    requirements: ['A-DISCARD', 'A-SEQUENTIAL'],
    roles: ['MN', 'SPoS'],
    decisive: 'an MIS_Prereg_Xfer.response delivered to an SUT MN after it aborted that preparation (where the SUT plays the MN), and an MIS_N2N_Prereg_Xfer.response delivered to an SUT SPoS after the MN\'s next request reached it (where it plays the SPoS)',
    //= SPEC_MAPPING.md#A-DISCARD
    //# A PDU that does not fit the receiver's state (unknown transaction, no
    // an abort ends the MN's transaction, the MN's next request the SPoS's.
    exercised: LATE_ANSWER,
    acrossRuns: true,
  },
  {
    id: 'TP-SPOILT-REQUEST-COPY',
    title: 'A spoilt copy of a request leaves no trace: the request after it is taken up',
    requirements: ['A-DISCARD', 'A-REPLAY'],
    roles: ['SPoS', 'TPoS'],
    decisive: 'a request or indication delivered intact to an SUT PoS after a spoilt copy of it was delivered there',
    //= SPEC_MAPPING.md#A-DISCARD
    //# A PDU that does not fit the receiver's state (unknown transaction, no
    // a discarded PDU never changes an SA, nor what the replay cache remembers (A-REPLAY).
    exercised: AFTER_SPOILT_COPY,
  },
  //= SPEC_MAPPING.md#A-STATUS
  //# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a
  //# fixed order at the SPoS and at the TPoS.
  // a TLS root and a GKB root never hold at once.
  ...orderPurposes('SPoS', SPOS_ORDER, [['TLS_ROOT', 'NOT_EAP_ROOT']]),
  ...orderPurposes('TPoS', TPOS_ORDER, []),
];

export interface Applicability {
  readonly purpose: TestPurpose;
  readonly applicable: boolean;
  /** Why not, when not applicable. */
  readonly because?: string;
}

/** Which test purposes a PICS makes applicable. */
export function applicability(pics: Pics): Applicability[] {
  return TEST_PURPOSES.map((purpose) => {
    if (!purpose.roles.some((r) => pics.roles.includes(r))) {
      return { purpose, applicable: false, because: `SUT implements ${pics.roles.join('+')}, purpose concerns ${purpose.roles.join('/')}` };
    }
    if (purpose.needs !== undefined && !purpose.needs(pics)) return { purpose, applicable: false, because: `the PICS does not claim ${purpose.option ?? 'the option it needs'}` };
    const unreachable = purpose.unreachable?.(pics);
    if (unreachable !== undefined) return { purpose, applicable: false, because: `unreachable: ${unreachable}` };
    return { purpose, applicable: true };
  });
}
