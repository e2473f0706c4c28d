// The SUT boundary of the lockstep harness (README.md, the walls): whatever is driven, the model or
// an implementation, is reset with a world, fed Stimulus values and read back as Observation
// values. Nothing else crosses it. An SUT in another process or language implements the same
// four calls (asynchronously); the model additionally tells which stimuli are enabled.
import type { Observation, PduObservation, Stimulus, WorldConfig } from '../vocabulary/observation.ts';

export type MaybePromise<T> = T | Promise<T>;

export interface Adapter {
  /** A short name for reports ("reference", "model", "mutant:no-chain-limit", ...). */
  readonly name: string;
  /** Starts a fresh world. `seed` fixes every random choice of the SUT (nonces, keys). */
  reset(config: WorldConfig, seed: number): MaybePromise<void>;
  /** Applies one stimulus; the harness only sends stimuli the model has enabled. */
  apply(stimulus: Stimulus): MaybePromise<void>;
  /** What the SUT is observed to hold and to have in flight now. */
  observe(): MaybePromise<Observation>;
  /** Releases resources (processes, files). The adapter may be reset again afterwards. */
  close(): MaybePromise<void>;
  /** What the tester saw of the last step besides the observation; absent: nothing more. */
  evidence?(): StepEvidence;
}

/** A violation the tester's own wire checks found (harness/tester): a MAC, a key, an encoding. */
export interface TesterFinding {
  /** The SPEC_MAPPING.md ID it is evidence against. */
  readonly requirement: string;
  readonly message: string;
}

export interface StepEvidence {
  readonly findings: readonly TesterFinding[];
  /** What the step's probe broke, as the tester made it (docs/protocol.md §3 `probe`): the copy is never in flight to show it. */
  readonly probed?: Pick<PduObservation, 'spoiltRule' | 'spoiltRequirements'>;
}

export type AdapterFactory = () => MaybePromise<Adapter>;

/**
 * The oracle side: synchronous and pure enough to be asked, at any time, which stimuli are
 * enabled (docs/protocol.md §3). fast-check's command checks call `enabled()` before every
 * step, so the generated stimuli are always applicable.
 */
export interface Oracle {
  readonly name: string;
  reset(config: WorldConfig, seed: number): void;
  apply(stimulus: Stimulus): void;
  observe(): Observation;
  enabled(): readonly Stimulus[];
  close(): void;
  /** Optional coverage: the ids of the transitions the last `apply` fired. */
  lastTransitions?(): readonly string[];
  /** Optional coverage: how many transitions the oracle's machines define in this world. */
  transitionsDefined?(): number;
}

export type OracleFactory = () => Oracle;

/** Thrown by an adapter whose SUT refused or broke on a stimulus it should have accepted. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  //= SPEC_MAPPING.md#A-TLV
  //# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
  //# proauth's own type numbers; decoding is strict and canonical.
  /** Requirement/assumption IDs the failure bears on (e.g. A-TLV for an undecodable PDU). */
  readonly requirements: readonly string[];
  constructor(message: string, requirements: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.requirements = requirements;
  }
}
