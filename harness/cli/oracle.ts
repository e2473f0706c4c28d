// The model as oracle of a check (design.md: "judges everything against the model"): every
// stimulus is also applied to the model (harness/adapters/model-adapter.ts), the model says
// which stimuli are enabled, and the SUT's observation must equal the model's up to the
// renaming of keys and nonces (harness/compare.ts). Loaded lazily: a tree without the model
// still checks with the property catalogue alone, and says so in the report.
import type { Observation, PduObservation, Stimulus, WorldConfig } from '../observation.ts';

export interface OracleLike {
  reset(config: WorldConfig, seed: number): void;
  apply(stimulus: Stimulus): void;
  observe(): Observation;
  enabled(): readonly Stimulus[];
  close(): void;
}

export interface DivergenceLike {
  readonly where: string;
  readonly expected: string;
  readonly actual: string;
  readonly requirements: readonly string[];
}

export interface ComparatorLike {
  compare(model: Observation, sut: Observation, ctx?: { readonly delivered?: PduObservation | null }): DivergenceLike | null;
}

export interface ModelOracle {
  readonly oracle: OracleLike;
  newComparator(): ComparatorLike;
}

/** The model oracle, or null (with the reason) when the tree does not provide one. */
export async function loadModelOracle(): Promise<{ model: ModelOracle | null; reason?: string }> {
  // Paths in variables: this module compiles whether or not those files exist yet.
  const adapterPath = '../adapters/model-adapter.ts';
  const comparePath = '../compare.ts';
  try {
    const adapters = (await import(adapterPath)) as { modelOracleFactory?: () => OracleLike };
    const compare = (await import(comparePath)) as { ObservationComparator?: new () => ComparatorLike };
    const factory = adapters.modelOracleFactory;
    const Comparator = compare.ObservationComparator;
    if (factory === undefined || Comparator === undefined) return { model: null, reason: 'model oracle exports not found' };
    return { model: { oracle: factory(), newComparator: () => new Comparator() } };
  } catch (e) {
    return { model: null, reason: `model oracle not loadable: ${(e as Error).message.split('\n')[0] ?? ''}` };
  }
}
