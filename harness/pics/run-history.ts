// The recorded steps of a check read back as runs: for every step, the observation before it,
// the PDU in flight it acted on together with what the network and the lower tester had done to
// that PDU, and the PDUs the entities emitted in answer. Test purposes and cause predicates
// judge these views; the observation alone cannot tell a tampered MAC from a corrupted TLV.
import type { Corruption, Lie, Observation, PduObservation, Tamper, WorldConfig } from '../../vocabulary/observation.ts';
import type { RecordedStep } from './test-purposes.ts';
import { REDELIVERY_HISTORY } from '../enabled.ts';

/** What happened to a PDU in flight before it was delivered. */
export type Fault = { readonly kind: 'corrupt'; readonly how: Corruption } | { readonly kind: 'tamper'; readonly how: Tamper } | { readonly kind: 'lie'; readonly what: Lie };

/** A PDU in flight with its history. */
export interface TrackedPdu {
  readonly pdu: PduObservation;
  readonly faults: readonly Fault[];
  /**
   * The receiver the sender addressed: the network delivers the PDU there whatever a tamper
   * wrote into its `dst` since (docs/protocol.md §5.2 [misaddressed]).
   */
  readonly to: string;
  /** A copy the network made (`duplicate`), not the PDU its sender emitted. */
  readonly copy: boolean;
  /** Delivered again by the lower tester (`redeliver`), after it was delivered once. */
  readonly again?: boolean;
}

export interface StepView {
  readonly step: RecordedStep;
  /** Position of the step in the recorded list. */
  readonly at: number;
  /** The observation before the stimulus; null at the start of a run. */
  readonly before: Observation | null;
  /** The PDU the stimulus acted on (deliver, drop, duplicate, corrupt, tamper, lie), as it was before; a probe's spoilt copy. */
  readonly subject?: TrackedPdu;
  /** The PDUs the entities emitted in this step (the network's copies excluded). */
  readonly emitted: readonly PduObservation[];
  /** Per domain, whether its PoS requested fallback as TPoS when the step began (Note 1). */
  readonly policy: ReadonlyMap<string, boolean>;
  readonly world?: WorldConfig;
}

/** Steps belong to one run while their `run` and `world` stay the same. */
function sameRun(a: RecordedStep, b: RecordedStep): boolean {
  return a.run === b.run && a.world === b.world;
}

function fresh(pdu: PduObservation): TrackedPdu {
  return { pdu, faults: [], copy: false, to: pdu.dst };
}

/** Reads recorded steps as runs (memoized per array: every purpose reads the same views). */
export function viewRuns(steps: readonly RecordedStep[]): readonly StepView[] {
  const memo = cache.get(steps);
  if (memo !== undefined) return memo;
  const out: StepView[] = [];
  let before: Observation | null = null;
  let tracked: TrackedPdu[] = [];
  /** The intact PDUs delivered so far, oldest first (harness/enabled.ts advanceHistory). */
  let history: TrackedPdu[] = [];
  let policy = new Map<string, boolean>();
  steps.forEach((step, at) => {
    if (at === 0 || !sameRun(steps[at - 1]!, step)) {
      before = null;
      tracked = [];
      history = [];
      policy = new Map((step.world?.domains ?? []).map((d) => [d.id, d.requestsFallback]));
    }
    const s = step.stimulus;
    const after = step.observation.inFlight;
    const acted = s.kind === 'redeliver' ? history[s.index] : 'index' in s ? tracked[s.index] : undefined;
    // a probe delivers a spoilt copy of the PDU at its index, which stays in flight as it was.
    const subject = s.kind === 'probe' && acted !== undefined ? { ...acted, copy: true, faults: [...acted.faults, { kind: 'tamper', how: s.how } as const], pdu: { ...acted.pdu, corrupted: true, spoilt: s.how } } : acted;
    let next = [...tracked];
    let emittedFrom = before === null ? 0 : (before as Observation).inFlight.length;
    switch (s.kind) {
      case 'deliver':
        if (subject !== undefined && subject.pdu.corrupted !== true) history = [...history, { ...subject, again: true }].slice(-REDELIVERY_HISTORY);
        next.splice(s.index, 1);
        emittedFrom = next.length;
        break;
      case 'drop':
        next.splice(s.index, 1);
        emittedFrom = next.length;
        break;
      case 'duplicate':
        if (subject !== undefined) next.push({ ...subject, copy: true });
        emittedFrom = next.length;
        break;
      case 'corrupt':
        if (subject !== undefined) next[s.index] = { ...subject, faults: [...subject.faults, { kind: 'corrupt', how: s.how }] };
        break;
      case 'tamper':
        if (subject !== undefined) next[s.index] = { ...subject, faults: [...subject.faults, { kind: 'tamper', how: s.how }] };
        break;
      case 'lie':
        if (subject !== undefined) next[s.index] = { ...subject, faults: [...subject.faults, { kind: 'lie', what: s.what }] };
        break;
      default:
        break;
    }
    const emitted = s.kind === 'duplicate' ? [] : after.slice(emittedFrom);
    // The PDUs keep their histories; the observation's fields (a lie's new depth) are the truth.
    next = after.map((pdu, i) => (i < next.length ? { ...next[i]!, pdu } : fresh(pdu)));
    out.push({ step, at, before, ...(subject === undefined ? {} : { subject }), emitted, policy, ...(step.world === undefined ? {} : { world: step.world }) });
    if (s.kind === 'setFallbackPolicy') policy = new Map([...policy, [s.domain, s.on]]);
    tracked = next;
    before = step.observation;
  });
  cache.set(steps, out);
  return out;
}

const cache = new WeakMap<readonly RecordedStep[], readonly StepView[]>();

/** The PDU reached its receiver as its sender emitted it or as a lie rewrote it (no spoiling fault). */
export function intact(t: TrackedPdu): boolean {
  return t.pdu.corrupted !== true && t.faults.every((f) => f.kind === 'lie');
}

/** The delivered PDU of a step, if the stimulus was a delivery (a re-delivery included: its `again` is set; a probe's spoilt copy). */
export function delivered(v: StepView): TrackedPdu | undefined {
  const k = v.step.stimulus.kind;
  return k === 'deliver' || k === 'redeliver' || k === 'probe' ? v.subject : undefined;
}

/** The answer the receiver of a delivered PDU emitted in the same step, if any. */
export function answerOf(v: StepView): PduObservation | undefined {
  const d = delivered(v);
  return d === undefined ? undefined : v.emitted.find((p) => p.src === d.pdu.dst);
}
