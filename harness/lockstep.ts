// The lockstep driver: every stimulus goes to the oracle (the model) and to the SUT; after every
// step both observations are judged by the whole property catalogue and compared with each
// other. The first failure stops the run with a ConformanceFailure that names the requirement.
import { PROPERTIES, initialFacts, judgeStep, type Property, type TraceFacts, type Violation } from '../properties/index.ts';
import type { JudgedProbe, JudgedRedelivery } from '../properties/step.ts';
import { AdapterError, type Adapter, type StepEvidence, type Oracle } from './adapter.ts';
import { ObservationComparator, type Divergence } from './compare.ts';
import { advanceHistory, describeStimulus } from './enabled.ts';
import type { Observation, PduObservation, Stimulus, WorldConfig } from '../vocabulary/observation.ts';
import { PDU_REQUIREMENT } from './requirement-map.ts';
import { recordStep, recordTransitions, type RunStats } from './stats.ts';

export type FailureKind =
  /** A property failed on the SUT's observations. */
  | 'property'
  /** The SUT's observation differs from the model's. */
  | 'divergence'
  /** The tester's own wire checks (harness/tester) found a MAC, a key or an encoding the profile forbids. */
  | 'wire'
  /** The SUT refused an enabled stimulus or produced something unobservable (e.g. undecodable bytes). */
  | 'sut-error'
  /** A property failed on the model itself: a model or specification finding, not the SUT's fault. */
  | 'model-property'
  /** The model refused a stimulus it had enabled. */
  | 'model-error';

export interface LockstepObservation {
  readonly model: Observation;
  readonly sut: Observation | null;
}

export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
  constructor(
    readonly kind: FailureKind,
    /** Requirement IDs, most specific first. */
    readonly requirements: readonly string[],
    /** Property id, "divergence", "sut-error" or "model-error". */
    readonly property: string,
    readonly detail: string,
    /** 1-based position of the failing stimulus in `trace` (0: the initial state). */
    readonly step: number,
    readonly trace: readonly Stimulus[],
    readonly observations: readonly LockstepObservation[],
    readonly violations: readonly Violation[] = [],
    readonly divergence: Divergence | null = null,
  ) {
    super(`${kind === 'divergence' ? `divergence from model at step ${step}` : `${property} at step ${step}`}: ${detail} [${requirements.join(', ')}]`);
  }

  get requirement(): string {
    return this.requirements[0] ?? 'unknown';
  }
}

/** The requirement an SUT's refusal of a stimulus bears on, when the adapter names none. */
function stimulusRequirements(s: Stimulus, prev: Observation): string[] {
  switch (s.kind) {
    case 'deliver':
    case 'drop':
    case 'duplicate':
    case 'corrupt':
    case 'tamper':
    case 'probe':
    case 'lie': {
      const p = prev.inFlight[s.index];
      return p === undefined ? ['5.14.1-S17'] : [PDU_REQUIREMENT[p.type]];
    }
    case 'attach':
      return ['5.14.1-S24'];
    case 'handover':
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S12
      //# Except for the initial network attachment, by the time an MN enters
      return ['5.14.1-S12'];
    case 'complete':
      return ['5.14.1-S19'];
    case 'abort':
    case 'setFallbackPolicy':
      return ['5.14.1-S17'];
    case 'redeliver':
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // an old PDU again must be taken as §5.3 says, never refused as a stimulus.
      return ['A-DISCARD'];
  }
}

export interface LockstepOptions {
  readonly config: WorldConfig;
  readonly seed: number;
  readonly oracle: Oracle;
  readonly sut: Adapter;
  readonly catalogue?: readonly Property[];
  /** Accumulates statistics (shared across runs); not touched while `shrinking`. */
  readonly stats?: RunStats;
  readonly shrinking?: boolean;
  /** Called with each requirement ID a step exercised. */
  readonly onExercised?: ((ids: readonly string[]) => void) | undefined;
  /**
   * Narrows the oracle's enabled stimuli, given the SUT's current observation (e.g. a
   * single-role SUT is never asked to act in a role it does not implement). Default: all.
   */
  readonly allow?: ((sut: Observation, s: Stimulus) => boolean) | undefined;
  /** Compare the SUT's observations with the oracle's (default true); false: properties only. */
  readonly compare?: boolean | undefined;
  /** Called after every applied stimulus with both observations, before they are judged. */
  readonly onStep?: ((s: Stimulus, o: LockstepObservation) => void) | undefined;
}

export class Lockstep {
  readonly trace: Stimulus[] = [];
  readonly observations: LockstepObservation[] = [];
  readonly #o: LockstepOptions;
  readonly #cmp = new ObservationComparator();
  readonly #catalogue: readonly Property[];
  #modelFacts: TraceFacts;
  /** Each side's delivery history as it observed it (harness/enabled.ts advanceHistory): what a `redeliver` delivers. */
  #history: Record<'model' | 'sut', PduObservation[]> = { model: [], sut: [] };
  /**
   * The SUT's facts; null while the SUT's trace mirrors the model's (every observation so far
   * was the model's with its names renamed), when they are the model's renamed and never needed.
   */
  #sutFacts: TraceFacts | null;
  #model!: Observation;
  #sut!: Observation;
  /** What the SUT adapter's own wire checks saw in the last step. */
  #evidence: StepEvidence | null = null;

  private constructor(o: LockstepOptions) {
    this.#o = o;
    this.#catalogue = o.catalogue ?? PROPERTIES;
    this.#modelFacts = initialFacts(o.config);
    this.#sutFacts = o.compare === false ? initialFacts(o.config) : null;
  }

  /** Resets both sides and judges the initial state. */
  static async start(o: LockstepOptions): Promise<Lockstep> {
    const ls = new Lockstep(o);
    try {
      o.oracle.reset(o.config, o.seed);
    } catch (e) {
      throw ls.#fail('model-error', [], 'model-error', `the model refused the world: ${String(e)}`);
    }
    ls.#model = o.oracle.observe();
    if (o.stats !== undefined && o.stats.modelTransitionsDefined === 0) o.stats.modelTransitionsDefined = o.oracle.transitionsDefined?.() ?? 0;
    try {
      await o.sut.reset(o.config, o.seed);
      ls.#sut = await o.sut.observe();
      ls.#evidence = o.sut.evidence?.() ?? null;
    } catch (e) {
      ls.observations.push({ model: ls.#model, sut: null });
      throw ls.#fail('sut-error', e instanceof AdapterError ? e.requirements : [], 'sut-error', `the SUT refused the world: ${e instanceof Error ? e.message : String(e)}`);
    }
    ls.observations.push({ model: ls.#model, sut: ls.#sut });
    ls.#judge(null, null, null);
    return ls;
  }

  /** The stimuli the oracle enables now (that `allow` lets through); computed once per state. */
  enabled(): readonly Stimulus[] {
    if (this.#enabledAt === this.trace.length && this.#enabled !== null) return this.#enabled;
    const all = this.#o.oracle.enabled();
    const allow = this.#o.allow;
    this.#enabled = allow === undefined ? all : all.filter((s) => allow(this.#sut, s));
    this.#enabledAt = this.trace.length;
    return this.#enabled;
  }

  #enabled: readonly Stimulus[] | null = null;
  /** The trace length `#enabled` was computed at (each step lengthens the trace by one). */
  #enabledAt = -1;

  /** The deepest SA (depth) the model held at any point of this run. */
  deepest = 0;

  get model(): Observation {
    return this.#model;
  }

  get sut(): Observation {
    return this.#sut;
  }

  async step(s: Stimulus): Promise<void> {
    const prevModel = this.#model;
    const prevSut = this.#sut;
    this.trace.push(s);
    try {
      this.#o.oracle.apply(s);
    } catch (e) {
      this.observations.push({ model: prevModel, sut: null });
      throw this.#fail('model-error', [], 'model-error', `the model refused its own enabled stimulus ${describeStimulus(s)}: ${String(e)}`);
    }
    const model = this.#o.oracle.observe();
    let sut: Observation;
    try {
      // An in-process SUT answers synchronously: awaiting a plain value would still cost a turn.
      const applied = this.#o.sut.apply(s);
      if (applied instanceof Promise) await applied;
      const observed = this.#o.sut.observe();
      sut = observed instanceof Promise ? await observed : observed;
      this.#evidence = this.#o.sut.evidence?.() ?? null;
    } catch (e) {
      this.observations.push({ model, sut: null });
      const reqs = e instanceof AdapterError && e.requirements.length > 0 ? e.requirements : stimulusRequirements(s, prevModel);
      throw this.#fail('sut-error', reqs, 'sut-error', `${describeStimulus(s)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.#model = model;
    this.#sut = sut;
    for (const m of model.mns) for (const sa of m.sas) if (sa.depth > this.deepest) this.deepest = sa.depth;
    this.observations.push({ model, sut });
    this.#o.onStep?.(s, { model, sut });
    if (this.#o.stats !== undefined && this.#o.shrinking !== true) {
      recordStep(this.#o.stats, prevModel, s, model, model.inFlight.slice(emittedFrom(prevModel, s)));
      const fired = this.#o.oracle.lastTransitions?.();
      if (fired !== undefined) recordTransitions(this.#o.stats, fired);
    }
    this.#judge(prevModel, prevSut, s);
  }

  #judge(prevModel: Observation | null, prevSut: Observation | null, s: Stimulus | null): void {
    const { config } = this.#o;
    // Each side's judge reads a `redeliver` with the PDU from its own history; both histories
    // move past the step whether or not the SUT's side is judged on it.
    const modelStep = s === null ? null : resolved(s, this.#history.model);
    const sutStep = s === null ? null : probedAs(resolved(s, this.#history.sut), this.#evidence?.probed);
    if (s !== null && prevModel !== null) this.#history.model = advanceHistory(this.#history.model, s, prevModel);
    if (s !== null && prevSut !== null) this.#history.sut = advanceHistory(this.#history.sut, s, prevSut);
    const m = judgeStep(config, this.#modelFacts, prevModel, modelStep, this.#model, this.#catalogue);
    this.#modelFacts = m.facts;
    const first = m.violations[0];
    if (first !== undefined) throw this.#fail('model-property', first.requirements, first.property, `the model itself violates it: ${first.message}`, m.violations);
    this.#o.onExercised?.(m.exercised);
    //= SPEC_MAPPING.md#A-TLV
    //# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
    //# proauth's own type numbers; decoding is strict and canonical.
    //= SPEC_MAPPING.md#A-KDF
    //# KDF in the style of RFC 5295 with HMAC-SHA-256: T1 = HMAC(key, label ‖ 0x00 ‖ seed ‖ 0x01),
    //# Tn = HMAC(key, Tn-1 ‖ label ‖ 0x00 ‖ seed ‖ n).
    //= SPEC_MAPPING.md#A-MISK
    //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full
    //# establishment: MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
    //= spec/clause-5.14-proposed-text.txt#5.14.1-S20
    //# In order to enable a wider application of handovers and in particular preregistration
    //# signaling, security must be guaranteed for the control traffic.
    //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
    //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
    //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
    //= SPEC_MAPPING.md#A-K-BIND
    //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K
    //# per (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
    // The tester's own reading of the wire comes first: a wrong MAC or key is the SUT's fault
    // whatever its observation says, and names its requirement directly (A-TLV, A-KDF, A-MISK,
    // A-K-BIND, 5.14.1-S20, 5.14.2-S6).
    const finding = this.#evidence?.findings[0];
    if (finding !== undefined) throw this.#fail('wire', [finding.requirement], 'wire-check', finding.message);
    const compare = this.#o.compare !== false;
    const delivered = s !== null && s.kind === 'deliver' ? (prevModel?.inFlight[s.index] ?? null) : null;
    const request = delivered?.type === 'MIS_Prereg_Xfer.response' ? () => this.#sentRequest(delivered) : undefined;
    const d = compare ? this.#cmp.compare(this.#model, this.#sut, request === undefined ? { delivered } : { delivered, request }) : null;
    // A mirroring SUT is judged by the model's verdict: the catalogue tests names only for
    // equality (properties/types.ts), so it finds in the model's trace renamed what it found in
    // the model's, nothing. The first step that breaks the mirror is judged on the SUT's own
    // trace, and so is every step after it. A divergence is reported only after the properties
    // had their say, so a failure names the requirement the SUT broke, not just the field.
    if (this.#sutFacts === null && d === null && this.#cmp.isImage(this.#model, this.#sut)) return;
    const u = judgeStep(config, this.#sutFacts ?? this.#sutFactsBefore(), prevSut, sutStep, this.#sut, this.#catalogue);
    this.#sutFacts = u.facts;
    const v = u.violations[0];
    if (v !== undefined) throw this.#fail('property', v.requirements, v.property, v.message, u.violations);
    if (d !== null) {
      throw this.#fail('divergence', d.requirements, 'divergence', `${d.where}: model ${d.expected}, SUT ${d.actual}`, [], d);
    }
  }

  /** The MN's request `answer` answers, as the MN emitted it: its first appearance in flight (a lie rewrites it later). */
  #sentRequest(answer: PduObservation): PduObservation | null {
    for (const o of this.observations) {
      const p = o.model.inFlight.find((x) => x.type === 'MIS_Prereg_Xfer.request' && x.mn === answer.mn && x.nonceN === answer.nonceN && x.corrupted !== true);
      if (p !== undefined) return p;
    }
    return null;
  }

  /**
   * The SUT's facts before the current step, from its observations so far. Each of them mirrored
   * the model's, whose steps violated nothing, so neither may theirs: if one does, a property
   * tells names apart by more than equality, and the harness, not the SUT, is at fault.
   */
  #sutFactsBefore(): TraceFacts {
    const { config } = this.#o;
    let facts = initialFacts(config);
    let prev: Observation | null = null;
    let history: PduObservation[] = [];
    for (let i = 0; i + 1 < this.observations.length; i++) {
      const o = this.observations[i]!.sut!;
      const s = i === 0 ? null : this.trace[i - 1]!;
      const u = judgeStep(config, facts, prev, s === null ? null : resolved(s, history), o, this.#catalogue);
      if (s !== null && prev !== null) history = advanceHistory(history, s, prev);
      const v = u.violations[0];
      if (v !== undefined) throw new Error(`harness fault: ${v.property} fails on step ${i} of the SUT's trace, which mirrored the model's; the property must compare names only for equality`);
      facts = u.facts;
      prev = o;
    }
    return facts;
  }

  #fail(kind: FailureKind, requirements: readonly string[], property: string, detail: string, violations: readonly Violation[] = [], divergence: Divergence | null = null): ConformanceFailure {
    return new ConformanceFailure(kind, requirements, property, detail, this.trace.length, [...this.trace], [...this.observations], violations, divergence);
  }

  async close(): Promise<void> {
    // The adapters are reused across runs; nothing per run to release.
  }
}

/** Index in the new in-flight list from which PDUs were emitted by the step. */
function emittedFrom(prev: Observation, s: Stimulus): number {
  if (s.kind === 'deliver' || s.kind === 'drop') return Math.max(0, prev.inFlight.length - 1);
  if (s.kind === 'duplicate') return prev.inFlight.length + 1;
  return prev.inFlight.length;
}

/** A `probe` with what the SUT side's tester says it broke (StepEvidence.probed); any other stimulus as it is. */
function probedAs(s: Stimulus, probed: StepEvidence['probed']): Stimulus {
  if (s.kind !== 'probe' || probed === undefined) return s;
  const judged: JudgedProbe = { ...s, ...probed };
  return judged;
}

/** A `redeliver` with the PDU it delivers again, from the judged side's history; any other stimulus as it is. */
function resolved(s: Stimulus, history: readonly PduObservation[]): Stimulus {
  if (s.kind !== 'redeliver') return s;
  const pdu = history[s.index];
  if (pdu === undefined) return s;
  const judged: JudgedRedelivery = { ...s, pdu };
  return judged;
}
