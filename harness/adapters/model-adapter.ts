//= SPEC_MAPPING.md#A-K-BIND
//# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
//# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
// The model as the oracle of a conformance run: a pure world (model/world/world.ts) stepped by
// the same stimuli as the SUT and read back through its view. The model's alphabet is the
// conformance alphabet of docs/protocol.md §3 including the network faults (drop, duplicate
// once, corrupt once), so this adapter only translates. It adds to the view what the model's
// PDUs carry and the view leaves out: the K evidence (the key class of K and whether its term is
// bound to the TPoS it travels to, A-K-BIND) and the TPoS a MIS_Prereg_Xfer.response names.
// The oracle reads the clause the profile's way (DEFAULT_VARIANT) unless it is given another
// interpretation variant: a remedy is then judged by lockstep against an implementation policy
// (harness/remedy/lockstep-variants.ts).
import { keyClass } from '../../model/keys.ts';
import { ALL_FAULT_KINDS } from '../../model/world/events.ts';
import { machinesFor } from '../../model/world/machines.ts';
import { discardCauseOf, enabled as modelEnabled, initialWorld, stepWithRecord, type ModelView, type World, type WorldEvent } from '../../model/world/world.ts';
import { allTransitionIds, installMachineMemo } from '../explore/machine-memo.ts';
import { cachedView, cachedViewAfter } from '../explore/view-cache.ts';
import { resolveVariant, type Variant } from '../../model/variants.ts';
import type { Oracle, OracleFactory } from '../adapter.ts';
import type { MnObservation, Observation, OutcomeSummary, PduObservation, PosObservation, SaObservation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { DiscardSummaries } from '../discards.ts';
import { NO_OUTCOMES, withOutcome } from '../outcomes.ts';

type InFlightPdu = World['inFlight'][number];

/**
 * The observation of each model PDU. The model's PDUs are immutable and shared between worlds
 * (and, through its memo, between runs), so a PDU in flight over several steps is observed as
 * the same object every time.
 */
const pduObservations = new WeakMap<InFlightPdu, PduObservation>();

/**
 * The initial world of each configuration under each variant (by its JSON: a resolved variant
 * lists its axes in one order), and its observation. Worlds are immutable values.
 */
const initialWorlds = new Map<string, WeakMap<WorldConfig, World>>();
const initialObserved = new WeakMap<World, Observed>();

/** A world, its view and its observation. */
interface Observed {
  readonly world: World;
  readonly view: ModelView;
  readonly observation: Observation;
}

/** `next`, or `prev` itself when it holds the very same elements (so unchanged parts keep their identity). */
function sameOr<T>(prev: readonly T[] | undefined, next: readonly T[]): readonly T[] {
  if (prev === undefined || prev.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) if (prev[i] !== next[i]) return next;
  return prev;
}

function sameSas(a: readonly SaObservation[], b: readonly SaObservation[]): boolean {
  return sameOr(a, b) === a;
}

export class ModelOracle implements Oracle {
  readonly name = 'model';
  /** The reading of the clause this oracle runs (docs/protocol.md's unless given another). */
  readonly variant: Variant;
  #world: World | null = null;
  #enabled: readonly Stimulus[] | null = null;
  #observation: Observation | null = null;
  /** The last world observed, its view and its observation: what did not change is reused. */
  #observed: Observed | null = null;
  #fired: readonly string[] = [];
  /**
   * Each MN's outcomes (docs/protocol.md §7), by MN index. The world keeps none (a counter would
   * make its state space infinite): the oracle sums the steps' records.
   */
  #outcomes: OutcomeSummary[] = [];
  /** Each entity's discards (docs/protocol.md §7), summed from the steps' records like the outcomes. */
  readonly #discards = new DiscardSummaries();
  /** This variant's initial worlds, by configuration. */
  readonly #initialWorlds: WeakMap<WorldConfig, World>;

  /** `variant`: the axes that differ from DEFAULT_VARIANT (model/variants.ts); default none. */
  constructor(variant: Partial<Variant> = {}) {
    this.variant = resolveVariant(variant);
    const key = JSON.stringify(this.variant);
    let worlds = initialWorlds.get(key);
    if (worlds === undefined) {
      worlds = new WeakMap();
      initialWorlds.set(key, worlds);
    }
    this.#initialWorlds = worlds;
  }

  reset(config: WorldConfig, _seed: number): void {
    installMachineMemo();
    this.#outcomes = config.mns.map(() => NO_OUTCOMES);
    this.#discards.clear();
    // The model is symbolic: fresh values are tokens, so the seed changes nothing. Worlds are
    // immutable, so every run of a world starts from the one initial world.
    let initial = this.#initialWorlds.get(config);
    if (initial === undefined) {
      // docs/protocol.md §3: a conformance run's alphabet has every fault, the lower tester's too.
      initial = initialWorld(config, this.variant, { faults: ALL_FAULT_KINDS });
      this.#initialWorlds.set(config, initial);
    }
    this.#world = initial;
    this.#enabled = null;
    this.#observation = null;
    this.#observed = initialObserved.get(initial) ?? null;
  }

  #w(): World {
    if (this.#world === null) throw new Error('model oracle used before reset');
    return this.#world;
  }

  /** The model's enabled events (memoized per world: fast-check asks before every command). */
  enabled(): readonly Stimulus[] {
    this.#enabled ??= modelEnabled(this.#w()) as readonly Stimulus[];
    return this.#enabled;
  }

  apply(s: Stimulus): void {
    const before = this.#w();
    const { world, record } = stepWithRecord(before, s as WorldEvent);
    this.#world = world;
    this.#fired = record.fired.map((f) => f.transition);
    const o = record.outcome;
    if (o !== null) {
      const i = world.config.mns.findIndex((m) => m.id === o.mn);
      this.#outcomes[i] = withOutcome(this.#outcomes[i] ?? NO_OUTCOMES, o);
    }
    // The receiver of the delivered PDU is the entity it was sent to (a lower tester's rewrite
    // of `dst` is still handed to it); its cause is the model's where it can tell.
    if (record.discarded && record.delivered !== null) this.#discards.add(record.delivered.dst, discardCauseOf(before, s as WorldEvent));
    this.#enabled = null;
    this.#observation = null;
  }

  observe(): Observation {
    if (this.#observation !== null) return this.#observation;
    const w = this.#w();
    const last = this.#observed;
    // Uninterned: a run meets few worlds twice, and observe() keeps unchanged parts itself.
    const v = last === null ? cachedView(w, false) : cachedViewAfter(last.world, last.view, w, false);
    if (last !== null && v === last.view && this.#talliesShown(last.observation)) {
      this.#observed = { world: w, view: v, observation: last.observation };
      return (this.#observation = last.observation);
    }
    const prev = last?.observation;
    const mns = sameOr(
      prev?.mns,
      v.mns.map((m, i): MnObservation => {
        const before = prev?.mns[i];
        const outcomes = this.#outcomes[i] ?? NO_OUTCOMES;
        const discards = this.#discards.of(m.id);
        if (before !== undefined && before.id === m.id && before.lifecycle === m.lifecycle && before.attachedTo === m.attachedTo && sameSas(before.sas, m.sas) && before.outcomes === outcomes && before.discards === discards) return before;
        return { ...m, outcomes, discards };
      }),
    );
    const poss = sameOr(
      prev?.poss,
      v.poss.map((p, i): PosObservation => {
        const before = prev?.poss[i];
        const discards = this.#discards.of(p.id);
        return before !== undefined && before.id === p.id && sameSas(before.sas, p.sas) && before.discards === discards ? before : { ...p, discards };
      }),
    );
    const inFlight = sameOr(
      prev?.inFlight,
      w.inFlight.map((src, i) => pduObservation(src, v.inFlight[i]!)),
    );
    const observation = prev !== undefined && mns === prev.mns && poss === prev.poss && inFlight === prev.inFlight ? prev : { mns, poss, inFlight };
    this.#observed = { world: w, view: v, observation };
    if (last === null) initialObserved.set(w, this.#observed);
    return (this.#observation = observation);
  }

  /** The observation shows the outcomes and discards this run recorded (an initial world's cached observation may be another run's). */
  #talliesShown(o: Observation): boolean {
    return o.mns.every((m, i) => m.outcomes === (this.#outcomes[i] ?? NO_OUTCOMES) && m.discards === this.#discards.of(m.id))
      && o.poss.every((p) => p.discards === this.#discards.of(p.id));
  }

  lastTransitions(): readonly string[] {
    return this.#fired;
  }

  /** Transitions of one MN, HPoS, SPoS-role and TPoS-role machine (every instance has the same). */
  transitionsDefined(): number {
    const w = this.#w();
    const m = machinesFor(w.config, w.variant);
    const one = [m.mn[0], m.hpos[0], m.spos[0]?.[0], m.tpos[0]?.[0]];
    return one.reduce((n, x) => n + (x === undefined ? 0 : allTransitionIds(x.logic).length), 0);
  }

  close(): void {
    this.#world = null;
    this.#enabled = null;
    this.#observation = null;
    this.#observed = null;
  }
}

/** The view of a model PDU plus what the view leaves out (the K evidence, the TPoS named). */
function pduObservation(src: InFlightPdu, p: PduObservation): PduObservation {
  let o = pduObservations.get(src);
  if (o === undefined) {
    o = src.corrupted === true ? p : src.type === 'MIS_Prereg_Xfer.response' && src.tpos !== null ? { ...p, tpos: src.tpos } : src.type !== 'MIS_N2N_Prereg_Xfer.request' || src.k === null ? p : { ...p, k: keyClass(src.k), kBound: src.k.boundTo === src.dst };
    pduObservations.set(src, o);
  }
  return o;
}

export const modelOracleFactory = (): Oracle => new ModelOracle();

/** The model as oracle under an interpretation variant (model/variants.ts); `{}` is modelOracleFactory. */
export function modelOracleFor(variant: Partial<Variant>): OracleFactory {
  return () => new ModelOracle(variant);
}
