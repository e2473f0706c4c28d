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
import { keyAgreement } from './key-agreement.ts';
import { keySeparation } from './key-separation.ts';
import { malformedNoEffect } from './malformed-no-effect.ts';
import { nonceFresh } from './nonce-fresh.ts';
import { replayRejected } from './replay-rejected.ts';
import { roleRotation } from './role-rotation.ts';
import { saContinuity } from './sa-continuity.ts';
import { saProvenance } from './sa-provenance.ts';
import { analyseStep, isEmptyStep } from './step.ts';
import { targetSelection } from './target-selection.ts';
import { tlsExclusion } from './tls-exclusion.ts';
import { advanceFacts, initialFacts, withFactsCore, type TraceFacts } from './trace-facts.ts';
import { trustPrecondition } from './trust-precondition.ts';
import type { Property, PropertyContext, Violation } from './types.ts';
import { IdentityCache } from './identity-cache.ts';
import { watchPolicy } from './watch-policy.ts';
import { unauthorizedSource } from './unauthorized-source.ts';

export type { Property, PropertyContext, Violation } from './types.ts';
export type { TraceFacts } from './trace-facts.ts';
export { initialFacts, advanceFacts, factsWithPolicy, sameFactsButPolicy, TRACE_FACTS_FIELDS, withFactsCore } from './trace-facts.ts';
export { analyseStep } from './step.ts';

export const PROPERTIES: readonly Property[] = [
  malformedNoEffect,
  unauthorizedSource,
  replayRejected,
  nonceFresh,
  keySeparation,
  tlsExclusion,
  trustPrecondition,
  fallbackOnRequest,
  forcedFallback,
  chainLimit,
  depthAccounting,
  idType,
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
 * Judges one step: every property of `catalogue` on (prev, stimulus, next) given the facts so far.
 * `reuse`: the caller hands the judge the very same objects again and again (the explorer: policy
 * siblings share observations and facts maps), so answers are kept by object identity; a caller
 * whose objects are new at every step (a lockstep run's SUT side) would only pay for the keeping.
 */
export function judgeStep(
  config: WorldConfig,
  facts: TraceFacts,
  prev: Observation | null,
  stimulus: Stimulus | null,
  next: Observation,
  catalogue: readonly Property[] = PROPERTIES,
  reuse = false,
): StepVerdict {
  const step = analyseStep(prev, stimulus, next, reuse);
  if (prev !== next || stimulus === null || !isEmptyStep(step)) {
    const ctx: PropertyContext = { config, prev, stimulus, next, facts, step, answers: reuse ? undefined : null };
    const v = runCatalogue(ctx, catalogue);
    return { violations: v.violations, exercised: v.exercised, facts: advanceFacts(ctx, reuse) };
  }
  // A step that changed nothing observed (a fallback-policy change): the context differs from
  // that of another such step out of the same state (same facts object, same observation) in
  // the stimulus alone. The catalogue is run with the stimulus watched; if no property looked
  // past its kind, the verdict holds for every stimulus of that kind out of this state, and the
  // next such step (the explorer takes them one after another) reuses it. With `reuse`, the
  // policy is watched too, and a verdict that did not look at it holds for the state's policy
  // siblings as well (same observation, same facts but the policy).
  const known = keptQuietVerdict(config, facts, next, stimulus.kind, catalogue, reuse);
  if (known !== undefined) {
    return { violations: known.violations, exercised: known.exercised, facts: advanceFacts({ config, prev, stimulus, next, facts, step }, reuse) };
  }
  let lookedPastKind = false;
  const watched = new Proxy(stimulus, {
    get(target, field, receiver) {
      if (field !== 'kind') lookedPastKind = true;
      return Reflect.get(target, field, receiver) as unknown;
    },
  });
  const policy = reuse ? watchPolicy(facts) : null;
  const v = runCatalogue({ config, prev, stimulus: watched, next, facts: policy?.facts ?? facts, step, answers: reuse ? undefined : null }, catalogue);
  if (!lookedPastKind) {
    const verdict: QuietVerdict = { config, catalogue, next, kind: stimulus.kind, ...v, policy: policy === null || policy.looked() ? facts.policy : null };
    if (reuse) keepQuietForSiblings(verdict, facts);
    quietVerdicts.set(facts, verdict);
  }
  return { violations: v.violations, exercised: v.exercised, facts: advanceFacts({ config, prev, stimulus, next, facts, step }, reuse) };
}

interface QuietVerdict {
  readonly config: WorldConfig;
  readonly catalogue: readonly Property[];
  readonly next: Observation;
  readonly kind: Stimulus['kind'];
  readonly violations: readonly Violation[];
  readonly exercised: readonly string[];
  /** The policy map the verdict was judged under if it looked at it; null: it holds under any. */
  readonly policy: TraceFacts['policy'] | null;
}

/** The last verdict of a step that changed nothing observed, by the facts object it started from. */
const quietVerdicts = new WeakMap<TraceFacts, QuietVerdict>();

/** With `reuse`, also by the observation and every facts map but the policy (for siblings). */
const siblingQuietVerdicts = new IdentityCache<QuietVerdict>();

function quietKey(config: WorldConfig, catalogue: readonly Property[], facts: TraceFacts, next: Observation): IdentityCache<QuietVerdict> {
  return withFactsCore(siblingQuietVerdicts.begin().with(config).with(catalogue).with(next), facts);
}

/** A kept verdict of a quiet step of this kind out of (facts, next) that holds under facts' policy. */
function keptQuietVerdict(config: WorldConfig, facts: TraceFacts, next: Observation, kind: Stimulus['kind'], catalogue: readonly Property[], reuse: boolean): QuietVerdict | undefined {
  let known = quietVerdicts.get(facts);
  if (known !== undefined && !(known.next === next && known.kind === kind && known.config === config && known.catalogue === catalogue)) known = undefined;
  if (known === undefined && reuse) {
    known = quietForSiblings(config, catalogue, facts, next, kind);
    if (known !== undefined) quietVerdicts.set(facts, known);
  }
  return known !== undefined && (known.policy === null || known.policy === facts.policy) ? known : undefined;
}

/**
 * The verdict judgeStep(config, facts, o, stimulus, o, catalogue, true) would give, if it is
 * already known (a step that changes nothing observed, whose verdict was kept); else undefined.
 * Computes nothing: for a caller that wants the verdict only when it comes for free.
 * `policyFree`: no property looked at the policy, so the verdict holds for the policy siblings.
 */
export function knownQuietVerdict(
  config: WorldConfig,
  facts: TraceFacts,
  o: Observation,
  stimulus: Stimulus,
  catalogue: readonly Property[],
): { readonly violations: readonly Violation[]; readonly exercised: readonly string[]; readonly policyFree: boolean } | undefined {
  if (!isEmptyStep(analyseStep(o, stimulus, o, true))) return undefined;
  const v = keptQuietVerdict(config, facts, o, stimulus.kind, catalogue, true);
  return v === undefined ? undefined : { violations: v.violations, exercised: v.exercised, policyFree: v.policy === null };
}

function quietForSiblings(config: WorldConfig, catalogue: readonly Property[], facts: TraceFacts, next: Observation, kind: Stimulus['kind']): QuietVerdict | undefined {
  return quietKey(config, catalogue, facts, next).get(kind);
}

function keepQuietForSiblings(v: QuietVerdict, facts: TraceFacts): void {
  quietKey(v.config, v.catalogue, facts, v.next).set(v, v.kind);
}

function runCatalogue(ctx: PropertyContext, catalogue: readonly Property[]): { violations: readonly Violation[]; exercised: readonly string[] } {
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
