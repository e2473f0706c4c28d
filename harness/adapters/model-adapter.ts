// The model as the oracle of a conformance run: a pure world (model/world/world.ts) stepped by
// the same stimuli as the SUT and read back through its view. The model's alphabet is the
// conformance alphabet of docs/protocol.md §3 including the network faults (drop, duplicate
// once, corrupt once), so this adapter only translates. It adds to the view what the model's
// PDUs carry and the view leaves out: the K evidence (the key class of K and whether its term is
// bound to the TPoS it travels to, A-K-BIND) and the TPoS a MIS_Prereg_Xfer.response names.
import { keyClass } from '../../model/keys.ts';
import { allTransitionIds } from '../../model/machines/memo.ts';
import { machinesFor } from '../../model/world/machines.ts';
import { enabled as modelEnabled, initialWorld, stepWithRecord, view, type World, type WorldEvent } from '../../model/world/world.ts';
import type { Oracle } from '../adapter.ts';
import type { Observation, PduObservation, Stimulus, WorldConfig } from '../observation.ts';

export class ModelOracle implements Oracle {
  readonly name = 'model';
  #world: World | null = null;
  #enabled: readonly Stimulus[] | null = null;
  #observation: Observation | null = null;
  #fired: readonly string[] = [];

  reset(config: WorldConfig, _seed: number): void {
    // The model is symbolic: fresh values are tokens, so the seed changes nothing.
    this.#world = initialWorld(config);
    this.#enabled = null;
    this.#observation = null;
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
    const { world, record } = stepWithRecord(this.#w(), s as WorldEvent);
    this.#world = world;
    this.#fired = record.fired.map((f) => f.transition);
    this.#enabled = null;
    this.#observation = null;
  }

  observe(): Observation {
    if (this.#observation !== null) return this.#observation;
    const w = this.#w();
    const v = view(w);
    const inFlight = v.inFlight.map((p, i): PduObservation => {
      const src = w.inFlight[i];
      if (src === undefined || src.corrupted === true) return p;
      if (src.type === 'MIS_Prereg_Xfer.response' && src.tpos !== null) return { ...p, tpos: src.tpos };
      if (src.type !== 'MIS_N2N_Prereg_Xfer.request' || src.k === null) return p;
      return { ...p, k: keyClass(src.k), kBound: src.k.boundTo === src.dst };
    });
    this.#observation = { mns: v.mns, poss: v.poss, inFlight };
    return this.#observation;
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
  }
}

export const modelOracleFactory = (): Oracle => new ModelOracle();
