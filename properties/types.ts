// The vocabulary of the invariant catalogue. A property is a named, documented predicate over
// what the harness observes of one step of a run: the observation before it, the stimulus, the
// observation after it, the world configuration, and the facts the trace has established so
// far (properties/trace-facts.ts). It never looks inside the model or an implementation, so the
// same catalogue judges both (README.md, the walls).
import type { Observation, Stimulus, WorldConfig } from '../vocabulary/observation.ts';
import type { StepAnalysis } from './step.ts';
import type { TraceFacts } from './trace-facts.ts';

export interface PropertyContext {
  readonly config: WorldConfig;
  /** The observation before the stimulus; null for the initial observation of a run. */
  readonly prev: Observation | null;
  /** The stimulus of this step; null for the initial observation of a run. */
  readonly stimulus: Stimulus | null;
  readonly next: Observation;
  /** What the trace established before this step (lineages, pending requests, policies, nonces). */
  readonly facts: TraceFacts;
  /** What this step did, derived once from (prev, stimulus, next): delivered PDU, emissions, new SAs. */
  readonly step: StepAnalysis;
  /**
   * How the checks of `next` alone (properties/per-observation.ts) are run; absent: by calling
   * them. A caller may pass one that remembers their answers by object identity.
   */
  readonly observationChecks?: ObservationChecks | undefined;
}

/**
 * Runs pure checks of one observation: each answer must be the call's (`check(config, o)`,
 * `check(config, o, x)`), however it is found.
 */
export interface ObservationChecks {
  of<R>(check: (config: WorldConfig, o: Observation) => R, config: WorldConfig, o: Observation): R;
  with<X extends object, R>(check: (config: WorldConfig, o: Observation, x: X) => R, config: WorldConfig, o: Observation, x: X): R;
}

export interface Violation {
  /** The id of the violated property. */
  readonly property: string;
  /** The requirement and assumption IDs the property checks (spec/requirements.json, SPEC_MAPPING.md). */
  readonly requirements: readonly string[];
  /** What was observed, in words: entity ids, SA fields, key fingerprints only (never key bytes). */
  readonly message: string;
}

/**
 * A property judges what it sees, not how names are spelt. It compares names (SA keys, nonces,
 * K) only for equality, each kind only with its own kind, and key evidence that says "nothing
 * wrong seen" (absent, kBound: true, kExposed: false) never makes a violation. So a trace whose
 * names are renamed and whose silent evidence is dropped gets the same
 * verdict, and the lockstep driver judges an SUT that mirrors the model by the model's verdict
 * (harness/lockstep.ts); test/properties/renaming.test.ts holds the catalogue to this.
 */
export interface Property {
  /** Stable kebab-case id, e.g. 'forced-fallback'. */
  readonly id: string;
  readonly title: string;
  /** Requirement IDs the property checks; the first is the one a report names. */
  readonly requirements: readonly string[];
  /** A violation of this step, or null. */
  check(ctx: PropertyContext): Violation | null;
  /**
   * Requirement IDs whose precondition this step met (the check was not vacuous), for the
   * "requirements exercised" statistics. Omitted: never counted.
   */
  exercised?(ctx: PropertyContext): readonly string[];
}

/** Builds a violation of `p` (keeps the id and requirements in one place). */
export function violation(p: Pick<Property, 'id' | 'requirements'>, message: string): Violation {
  return { property: p.id, requirements: p.requirements, message };
}
