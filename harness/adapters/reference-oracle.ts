// The reference implementation as an oracle: enabled stimuli by the profile's own rules
// (harness/enabled.ts) over its observation. Used to test the lockstep driver independently of
// the model, and for differential runs (an SUT against the reference) where the model lacks a
// feature. A conformance verdict proper uses the model as oracle.
import type { Oracle } from '../adapter.ts';
import { advanceDuplicated, advanceHistory, enabledStimuli } from '../enabled.ts';
import type { Observation, PduObservation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { ReferenceAdapter, type ImplModule } from './reference-adapter.ts';

export class ReferenceOracle implements Oracle {
  readonly name: string;
  readonly #adapter: ReferenceAdapter;
  #config: WorldConfig | null = null;
  #duplicated: boolean[] = [];
  #history: PduObservation[] = [];
  #enabled: Stimulus[] | null = null;

  constructor(impl: ImplModule, name = 'reference-oracle') {
    this.name = name;
    this.#adapter = new ReferenceAdapter(impl, { name, keyEvidence: false });
  }

  reset(config: WorldConfig, seed: number): void {
    this.#config = config;
    this.#duplicated = [];
    this.#history = [];
    this.#enabled = null;
    this.#adapter.reset(config, seed);
  }

  apply(s: Stimulus): void {
    this.#history = advanceHistory(this.#history, s, this.#adapter.observe());
    this.#adapter.apply(s);
    this.#duplicated = advanceDuplicated(this.#duplicated, s, this.#adapter.observe().inFlight.length);
    this.#enabled = null;
  }

  observe(): Observation {
    return this.#adapter.observe();
  }

  enabled(): readonly Stimulus[] {
    if (this.#config === null) return [];
    this.#enabled ??= enabledStimuli(this.#config, this.#adapter.observe(), this.#duplicated, { lowerTester: true, history: this.#history });
    return this.#enabled;
  }

  close(): void {
    this.#adapter.close();
  }
}
