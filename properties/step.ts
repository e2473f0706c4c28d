// What one step did, derived from (prev, stimulus, next) alone: which PDU the network delivered
// or lost, which PDUs the entities emitted, and which SAs came into being and by which exchange.
// Computed once per step and shared by every property.
import type { DomainId, MnId, Observation, PduObservation, RootKind, SaObservation, Stimulus, Tamper } from '../vocabulary/observation.ts';

/** How an SA came into being, judged from the PDU whose delivery created it. */
export type Provenance =
  /** Delivery of MIS_Prereg_Xfer.response (MN side) or MIS_N2N_Prereg_Xfer.request (TPoS side). */
  | 'optimized'
  /** Delivery of MIS_Auth.response (MN side) or MIS_Auth.request (PoS side). */
  | 'full'
  /** Anything else: no establishment exchange addressed to the owner was delivered. */
  | 'unexplained';

export interface NewSa {
  readonly side: 'mn' | 'pos';
  /** The MN the SA belongs to (the owner on the MN side, the peer on the PoS side). */
  readonly mn: MnId;
  /** The PoS of the SA (the peer on the MN side, the owner on the PoS side). */
  readonly pos: DomainId;
  readonly sa: SaObservation;
  readonly how: Provenance;
  /** For an optimized SA: the SPoS the hop came from (source of the delivered PDU). */
  readonly from: DomainId | null;
  /** Key of the MN's serving SA before the step: the SA an optimized hop derives from. */
  readonly parentKey: string | null;
  //= SPEC_MAPPING.md#A-DEPTH-WIRE
  //# The depth travels in MIS_Prereg_Xfer.request (the MN's view, informational) and in
  //# MIS_N2N_Prereg_Xfer.request
  /**
   * For an optimized SA at the TPoS: the depth and root the delivered N2N request stated
   * (A-DEPTH-WIRE). The TPoS can know its lineage only from them; whether the SPoS stated its
   * own lineage is judged where the request was sent.
   */
  readonly stated: { readonly depth: number; readonly root: RootKind } | null;
}

export interface StepAnalysis {
  /** The PDU the network delivered in this step (corrupted or not), if any. */
  readonly delivered: PduObservation | null;
  /** The PDU the network lost (drop) in this step, if any. */
  readonly dropped: PduObservation | null;
  /** The PDU the network corrupted (corrupt) in this step, if any. */
  readonly corrupted: PduObservation | null;
  /** PDUs the entities emitted in this step (a network duplicate is not an emission). */
  readonly emitted: readonly PduObservation[];
  /** SAs present after the step that were not before (same owner, peer and key). */
  readonly newSas: readonly NewSa[];
}

const EMPTY: StepAnalysis = { delivered: null, dropped: null, corrupted: null, emitted: [], newSas: [] };

/** The analysis of a step that did nothing: no PDU moved, none was emitted, no SA is new. */
export function isEmptyStep(a: StepAnalysis): boolean {
  return a === EMPTY;
}

const NO_SAS: readonly SaObservation[] = [];

function sasOf(o: Observation | null, side: 'mn' | 'pos', owner: string): readonly SaObservation[] {
  if (o === null) return NO_SAS;
  return (side === 'mn' ? o.mns.find((m) => m.id === owner)?.sas : o.poss.find((p) => p.id === owner)?.sas) ?? NO_SAS;
}

/** Whether `sa` (same peer and key) was already held before the step (lists are a few SAs long). */
const heldBefore = (before: readonly SaObservation[], sa: SaObservation): boolean => before.some((b) => b.peer === sa.peer && b.key === sa.key);

/** The MN's serving SA in an observation, if it has exactly one. */
export function servingSa(o: Observation, mn: MnId): SaObservation | null {
  const m = o.mns.find((x) => x.id === mn);
  if (m === undefined) return null;
  const serving = m.sas.filter((sa) => sa.state === 'serving');
  return serving.length === 1 ? serving[0]! : null;
}

function provenance(delivered: PduObservation | null, side: 'mn' | 'pos', owner: string, peer: string): { how: Provenance; from: DomainId | null } {
  if (delivered === null || delivered.corrupted === true || delivered.dst !== owner) return { how: 'unexplained', from: null };
  if (side === 'mn') {
    if (delivered.type === 'MIS_Auth.response' && delivered.src === peer) return { how: 'full', from: null };
    // The SPoS hands the MN the SA with the TPoS: source and peer differ.
    if (delivered.type === 'MIS_Prereg_Xfer.response' && delivered.src !== peer) return { how: 'optimized', from: delivered.src };
    return { how: 'unexplained', from: null };
  }
  if (delivered.mn !== peer) return { how: 'unexplained', from: null };
  if (delivered.type === 'MIS_Auth.request') return { how: 'full', from: null };
  if (delivered.type === 'MIS_N2N_Prereg_Xfer.request') return { how: 'optimized', from: delivered.src };
  return { how: 'unexplained', from: null };
}

/** PDUs that were in flight before the step and remain after it, in order. */
function carriedOver(prev: Observation, stimulus: Stimulus): number {
  switch (stimulus.kind) {
    case 'deliver':
    case 'drop':
      return Math.max(0, prev.inFlight.length - 1);
    case 'duplicate':
      return prev.inFlight.length + 1;
    default:
      return prev.inFlight.length;
  }
}

/**
 * A stimulus that moves no PDU, with the very same observation before and after (the model
 * shares its view object across a fallback-policy change): nothing was delivered, lost,
 * corrupted or emitted (the in-flight list kept its length), and no SA is new, since each
 * owner's list before the step is the list after it (checked: owner ids may repeat in an
 * observation, and then the first owner's list is the one compared against).
 */
function unchangedIsEmpty(stimulus: Stimulus, o: Observation): boolean {
  switch (stimulus.kind) {
    case 'deliver':
    case 'drop':
    case 'duplicate':
    case 'corrupt':
    case 'tamper':
    case 'probe':
    case 'lie':
    case 'redeliver':
      return false;
    default:
      break;
  }
  return o.mns.every((m) => sasOf(o, 'mn', m.id) === m.sas) && o.poss.every((p) => sasOf(o, 'pos', p.id) === p.sas);
}

/**
 * A `redeliver` as the judge reads it: the lockstep adds the PDU delivered again, as the judged
 * side observed it at its first delivery (an observation keeps no delivery history).
 */
export interface JudgedRedelivery {
  readonly kind: 'redeliver';
  readonly index: number;
  readonly pdu?: PduObservation;
}

/**
 * A `probe` as the judge reads it: the lockstep adds what the SUT side's tester says the spoilt
 * copy broke (its rule and the requirements the rule stands for); the model's side has none.
 */
export interface JudgedProbe extends Pick<PduObservation, 'spoiltRule' | 'spoiltRequirements'> {
  readonly kind: 'probe';
  readonly index: number;
  readonly how: Tamper;
  readonly choice?: number;
}

/** The PDU a stimulus of kind `k` acted on, if the stimulus is of that kind. */
function pduAt(prev: Observation | null, stimulus: Stimulus | null, k: 'deliver' | 'drop' | 'corrupt'): PduObservation | null {
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  // docs/protocol.md §3: a PDU delivered again is a delivery of that PDU (A-REPLAY, A-DISCARD).
  if (stimulus?.kind === 'redeliver') return k === 'deliver' ? ((stimulus as JudgedRedelivery).pdu ?? null) : null;
  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  // A probe delivers a spoilt copy of the PDU at its index (§3), shown as a spoilt PDU in flight is.
  if (stimulus?.kind === 'probe') {
    const p = k === 'deliver' ? prev?.inFlight[stimulus.index] : undefined;
    const { spoiltRule, spoiltRequirements } = stimulus as JudgedProbe;
    const evidence = { ...(spoiltRule === undefined ? {} : { spoiltRule }), ...(spoiltRequirements === undefined ? {} : { spoiltRequirements }) };
    return p === undefined ? null : { type: p.type, src: p.src, dst: p.dst, mn: p.mn, corrupted: true, spoilt: stimulus.how, ...evidence };
  }
  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  // A tampered PDU is spoilt in flight like a corrupted one (A-DISCARD).
  const kind = stimulus?.kind === 'tamper' ? 'corrupt' : stimulus?.kind;
  return prev !== null && stimulus !== null && kind === k && 'index' in stimulus ? (prev.inFlight[stimulus.index] ?? null) : null;
}

/**
 * Everything a step's analysis or its facts read of the stimulus: its kind, its MN, the
 * handover's target and flag, the PDU it acts on and how. Two stimuli with the same key are
 * judged alike from the same objects (a field read and not named here would merge steps that
 * differ: keep the two in step), so a caller may keep analyses and facts by it. A policy
 * change's domain and value are left out: the facts take them apart from the rest.
 */
export function stimulusKey(s: Stimulus | null): string {
  if (s === null) return '-';
  switch (s.kind) {
    case 'attach':
      return `a${s.mn}\u0000${s.domain}`;
    case 'handover':
      return `h${s.mn}\u0000${s.target ?? '\u0001'}\u0000${s.fallback ? 1 : 0}`;
    case 'complete':
      return `c${s.mn}`;
    case 'abort':
      return `x${s.mn}`;
    case 'setFallbackPolicy':
      return 'p';
    case 'deliver':
    case 'drop':
    case 'duplicate':
      return `${s.kind}${s.index}`;
    case 'corrupt':
      return `corrupt${s.index}${s.how}`;
    case 'tamper':
      return `tamper${s.index}${s.how}`;
    case 'probe':
      // what the copy broke is part of what the analysis reads (JudgedProbe).
      return `probe${s.index}${s.how}\u0000${(s as JudgedProbe).spoiltRule ?? ''}`;
    case 'lie':
      return `lie${s.index}${s.what}`;
    case 'redeliver': {
      // The PDU delivered again is part of what the analysis reads (JudgedRedelivery).
      const pdu = (s as JudgedRedelivery).pdu;
      return `redeliver${s.index}\u0000${pdu === undefined ? '' : `${pdu.type}\u0000${pdu.src}\u0000${pdu.dst}\u0000${pdu.nonceN ?? ''}`}`;
    }
  }
}

/** What the step (prev, stimulus, next) did. */
export function analyseStep(prev: Observation | null, stimulus: Stimulus | null, next: Observation): StepAnalysis {
  if (prev === null || stimulus === null) {
    // The initial observation: everything in it "appeared", but nothing was made by an exchange.
    if (next.mns.every((m) => m.sas.length === 0) && next.poss.every((p) => p.sas.length === 0)) return EMPTY;
    return analyse(prev, stimulus, next);
  }
  if (prev === next && unchangedIsEmpty(stimulus, next)) return EMPTY;
  return analyse(prev, stimulus, next);
}

function analyse(prev: Observation | null, stimulus: Stimulus | null, next: Observation): StepAnalysis {
  const delivered = pduAt(prev, stimulus, 'deliver');
  const emitted = prev !== null && stimulus !== null ? next.inFlight.slice(carriedOver(prev, stimulus)) : [];
  const newSas: NewSa[] = [];
  for (const m of next.mns) {
    const before = sasOf(prev, 'mn', m.id);
    for (const sa of m.sas) {
      if (heldBefore(before, sa)) continue;
      const { how, from } = provenance(delivered, 'mn', m.id, sa.peer);
      newSas.push({ side: 'mn', mn: m.id, pos: sa.peer, sa, how, from, parentKey: prev === null ? null : (servingSa(prev, m.id)?.key ?? null), stated: null });
    }
  }
  for (const p of next.poss) {
    const before = sasOf(prev, 'pos', p.id);
    for (const sa of p.sas) {
      if (heldBefore(before, sa)) continue;
      const { how, from } = provenance(delivered, 'pos', p.id, sa.peer);
      const stated = how === 'optimized' && delivered?.depth !== undefined && delivered.root !== undefined ? { depth: delivered.depth, root: delivered.root } : null;
      newSas.push({ side: 'pos', mn: sa.peer, pos: p.id, sa, how, from, parentKey: prev === null ? null : (servingSa(prev, sa.peer)?.key ?? null), stated });
    }
  }
  return { delivered, dropped: pduAt(prev, stimulus, 'drop'), corrupted: pduAt(prev, stimulus, 'corrupt'), emitted, newSas };
}
