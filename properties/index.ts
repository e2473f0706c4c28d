// The invariant catalogue: every property is a named predicate over what the harness
// observes, citing the requirement IDs it checks. Order matters only for reporting: when several
// properties fail on the same step, the first in this list is the one a report names, so the
// more specific properties (about one PDU or one decision) come before the general ones.
import type { Observation, Stimulus, WorldConfig } from '../vocabulary/observation.ts';
import { chainLimit } from './chain-limit.ts';
import { depthAccounting } from './depth-accounting.ts';
import { fallbackOnRequest } from './fallback-on-request.ts';
import { forcedFallback } from './forced-fallback.ts';
import { idType } from './id-type.ts';
import { kFromEapOrErp } from './k-from-eap-or-erp.ts';
import { keyAgreement } from './key-agreement.ts';
import { keySeparation } from './key-separation.ts';
import { malformedNoEffect } from './malformed-no-effect.ts';
import { nonceFresh } from './nonce-fresh.ts';
import { replayRejected } from './replay-rejected.ts';
import { roleRotation } from './role-rotation.ts';
import { saContinuity } from './sa-continuity.ts';
import { saProvenance } from './sa-provenance.ts';
import { analyseStep } from './step.ts';
import { suiteAgreement } from './suite-agreement.ts';
import { targetSelection } from './target-selection.ts';
import { tlsExclusion } from './tls-exclusion.ts';
import { advanceFacts, initialFacts, type TraceFacts } from './trace-facts.ts';
import { trustPrecondition } from './trust-precondition.ts';
import type { Property, PropertyContext, Violation } from './types.ts';
import { unauthorizedSource } from './unauthorized-source.ts';

export type { ObservationChecks, Property, PropertyContext, Violation } from './types.ts';
export type { TraceFacts } from './trace-facts.ts';
export { initialFacts, advanceFacts, policyAfter } from './trace-facts.ts';
export { analyseStep, isEmptyStep, stimulusKey, type StepAnalysis } from './step.ts';

export const PROPERTIES: readonly Property[] = [
  malformedNoEffect,
  unauthorizedSource,
  replayRejected,
  nonceFresh,
  keySeparation,
  tlsExclusion,
  kFromEapOrErp,
  trustPrecondition,
  fallbackOnRequest,
  forcedFallback,
  chainLimit,
  depthAccounting,
  idType,
  suiteAgreement,
  targetSelection,
  saProvenance,
  saContinuity,
  roleRotation,
  keyAgreement,
];

export function propertyById(id: string): Property | undefined {
  return PROPERTIES.find((p) => p.id === id);
}

const NONE: readonly never[] = [];

/** The result of judging one step with the whole catalogue. */
export interface StepVerdict {
  /** Every violated property of this step, in catalogue order (the first is the one to report). */
  readonly violations: readonly Violation[];
  /** Requirement IDs whose preconditions this step met. */
  readonly exercised: readonly string[];
  /** The facts after this step, to pass to the next one. */
  readonly facts: TraceFacts;
}

/**
 * Judges one step: every property of `catalogue` on (prev, stimulus, next) given the facts so
 * far. Analyse the step, run the catalogue, advance the facts; nothing is kept between calls.
 */
export function judgeStep(
  config: WorldConfig,
  facts: TraceFacts,
  prev: Observation | null,
  stimulus: Stimulus | null,
  next: Observation,
  catalogue: readonly Property[] = PROPERTIES,
): StepVerdict {
  const ctx: PropertyContext = { config, prev, stimulus, next, facts, step: analyseStep(prev, stimulus, next) };
  const v = runCatalogue(ctx, catalogue);
  return { violations: v.violations, exercised: v.exercised, facts: advanceFacts(ctx) };
}

/** Every property of `catalogue` on the step of `ctx`: its violations and the requirements it exercised. */
export function runCatalogue(ctx: PropertyContext, catalogue: readonly Property[]): { violations: readonly Violation[]; exercised: readonly string[] } {
  // Both lists are made on first use: most steps violate nothing, and many exercise nothing.
  let violations: Violation[] | null = null;
  // Requirement ids in order of first mention, without repeats (lists of a few ids).
  let exercised: string[] | null = null;
  for (let i = 0; i < catalogue.length; i++) {
    const p = catalogue[i]!;
    const v = p.check(ctx);
    if (v !== null) (violations ??= []).push(v);
    if (p.exercised === undefined) continue;
    const rs = p.exercised(ctx);
    for (let j = 0; j < rs.length; j++) if (exercised === null || !exercised.includes(rs[j]!)) (exercised ??= []).push(rs[j]!);
  }
  return { violations: violations ?? NONE, exercised: exercised ?? NONE };
}

/** Judges a whole trace from its initial observation; the first violating step, or null. */
export function judgeTrace(
  config: WorldConfig,
  initial: Observation,
  steps: readonly { readonly stimulus: Stimulus; readonly observation: Observation }[],
  catalogue: readonly Property[] = PROPERTIES,
): { readonly step: number; readonly violations: readonly Violation[] } | null {
  let v = judgeStep(config, initialFacts(config), null, null, initial, catalogue);
  if (v.violations.length > 0) return { step: 0, violations: v.violations };
  let prev = initial;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    v = judgeStep(config, v.facts, prev, s.stimulus, s.observation, catalogue);
    if (v.violations.length > 0) return { step: i + 1, violations: v.violations };
    prev = s.observation;
  }
  return null;
}
