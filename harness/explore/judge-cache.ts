// The property judge as the explorer calls it: the pure judge of properties/index.ts (analyse
// the step, run the catalogue, advance the facts), with answers kept by object identity. The
// explorer hands the judge the very same objects again and again: observations and facts are
// immutable, the model hands policy siblings the same view objects, and the facts that follow
// a step are shared among siblings too (see README.md, "Speed comes from sharing among policy
// siblings"). So each part of a verdict is computed once per set of objects it reads:
// - the step analysis, by (prev, next) and the stimulus key;
// - the properties' checks of one observation (properties/per-observation.ts), by observation;
// - the facts after a step, by every object advanceFacts reads; policy maps interned by content;
// - the verdict of a step that changed nothing observed (a fallback-policy change), by the
//   state, for every stimulus of its kind, and for its policy siblings if no property looked
//   at the policy.
// Kept answers are checked against the plain judge's by test/explore/judge-cache.test.ts (model
// walks), test/explore/quiet-steps.test.ts (quiet steps) and test/explore/sibling-steps.test.ts
// (whole explorations with and without sharing).
import {
  advanceFacts,
  analyseStep,
  isEmptyStep,
  policyAfter,
  runCatalogue,
  stimulusKey,
  type ObservationChecks,
  type Property,
  type PropertyContext,
  type StepAnalysis,
  type StepVerdict,
  type TraceFacts,
  type Violation,
} from '../../properties/index.ts';
import type { Observation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { IdentityCache } from './identity-cache.ts';
import { factsWithPolicy, watchPolicy, withFactsCore, type FactsCore } from './sibling-facts.ts';

/** The verdict of a step that changed nothing observed, kept for the next such step. */
interface QuietVerdict {
  readonly next: Observation;
  readonly kind: Stimulus['kind'];
  readonly violations: readonly Violation[];
  readonly exercised: readonly string[];
  /** The policy map the verdict was judged under if it looked at it; null: it holds under any. */
  readonly policy: TraceFacts['policy'] | null;
}

/** A step analysis kept for `next`. */
interface KeptAnalysis {
  readonly prev: Observation;
  readonly key: string;
  readonly analysis: StepAnalysis;
}

/** An observation is reached by a few (prev, stimulus) pairs only. */
const KEPT_PER_OBSERVATION = 32;

/** The answers of a check with an extra argument: the first x's inline, others in a weak map. */
interface WithAnswers<X extends object, R> {
  readonly x: X;
  readonly r: R;
  more: WeakMap<X, { r: R }> | undefined;
}

type Policy = TraceFacts['policy'];

/**
 * judgeStep for one world configuration and catalogue, keeping answers by object identity (the
 * configuration is not part of any key: one judge per configuration).
 */
export class CachingJudge {
  private readonly analyses = new WeakMap<Observation, KeptAnalysis[]>();
  private readonly answers = new WeakMap<Observation, Map<unknown, unknown>>();
  /** The answers of the last observation asked about: the catalogue asks several checks in a row. */
  private lastObservation: Observation | null = null;
  private lastAnswers: Map<unknown, unknown> | null = null;
  private readonly advanced = new IdentityCache<FactsCore>();
  /** The last facts computed: the explorer asks the same question several times in a row (the policy changes out of one state). */
  private lastAdvanced: { readonly ctx: PropertyContext; readonly key: string; readonly core: FactsCore } | null = null;
  private readonly policyByContent = new Map<string, Policy>();
  private readonly policyAfterChange = new WeakMap<Policy, Map<string, Policy>>();
  /** The last verdict of a step that changed nothing observed, by the facts object it started from. */
  private readonly quietVerdicts = new WeakMap<TraceFacts, QuietVerdict>();
  /** The same, by the observation and every facts map but the policy (for policy siblings). */
  private readonly siblingQuietVerdicts = new IdentityCache<QuietVerdict>();

  /** The properties' checks of one observation, each answered once per observation object. */
  readonly observationChecks: ObservationChecks = {
    of: <R>(check: (config: WorldConfig, o: Observation) => R, config: WorldConfig, o: Observation): R => {
      const answers = this.answersFor(o);
      if (answers.has(check)) return answers.get(check) as R;
      const r = check(config, o);
      answers.set(check, r);
      return r;
    },
    with: <X extends object, R>(check: (config: WorldConfig, o: Observation, x: X) => R, config: WorldConfig, o: Observation, x: X): R => {
      const answers = this.answersFor(o);
      // Most observations meet one x only (the facts map of the states that show them).
      const first = answers.get(check) as WithAnswers<X, R> | undefined;
      if (first === undefined) {
        const r = check(config, o, x);
        answers.set(check, { x, r, more: undefined });
        return r;
      }
      if (first.x === x) return first.r;
      const known = first.more?.get(x);
      if (known !== undefined) return known.r;
      const r = check(config, o, x);
      (first.more ??= new WeakMap()).set(x, { r });
      return r;
    },
  };

  constructor(
    private readonly config: WorldConfig,
    private readonly catalogue: readonly Property[],
  ) {}

  /** What judgeStep(config, facts, prev, stimulus, next, catalogue) says. */
  judge(facts: TraceFacts, prev: Observation | null, stimulus: Stimulus | null, next: Observation): StepVerdict {
    const { config, catalogue } = this;
    const step = this.analyse(prev, stimulus, next);
    if (prev !== next || stimulus === null || !isEmptyStep(step)) {
      const ctx: PropertyContext = { config, prev, stimulus, next, facts, step, observationChecks: this.observationChecks };
      const v = runCatalogue(ctx, catalogue);
      return { violations: v.violations, exercised: v.exercised, facts: this.advance(ctx) };
    }
    // A step that changed nothing observed (a fallback-policy change): the context differs from
    // that of another such step out of the same state (same facts object, same observation) in
    // the stimulus alone. The catalogue is run with the stimulus and the policy watched; if no
    // property looked past the stimulus's kind, the verdict holds for every stimulus of that
    // kind out of this state, and the next such step (the explorer takes them one after
    // another) reuses it; if none looked at the policy either, so do the state's policy
    // siblings (same observation, same facts but the policy).
    const ctx: PropertyContext = { config, prev, stimulus, next, facts, step };
    const known = this.keptQuietVerdict(facts, next, stimulus.kind);
    if (known !== undefined) return { violations: known.violations, exercised: known.exercised, facts: this.advance(ctx) };
    let lookedPastKind = false;
    const watched = new Proxy(stimulus, {
      get(target, field, receiver) {
        if (field !== 'kind') lookedPastKind = true;
        return Reflect.get(target, field, receiver) as unknown;
      },
    });
    const policy = watchPolicy(facts);
    const v = runCatalogue({ config, prev, stimulus: watched, next, facts: policy.facts, step, observationChecks: this.observationChecks }, catalogue);
    if (!lookedPastKind) {
      const verdict: QuietVerdict = { next, kind: stimulus.kind, ...v, policy: policy.looked() ? facts.policy : null };
      this.quietKey(facts, next).set(verdict, verdict.kind);
      this.quietVerdicts.set(facts, verdict);
    }
    return { violations: v.violations, exercised: v.exercised, facts: this.advance(ctx) };
  }

  /**
   * The verdict judge(facts, o, stimulus, o) would give, if it is already known (a step that
   * changes nothing observed, whose verdict was kept); else undefined. Computes nothing: for a
   * caller that wants the verdict only when it comes for free.
   * `policyFree`: no property looked at the policy, so the verdict holds for the policy siblings.
   */
  knownQuietVerdict(facts: TraceFacts, o: Observation, stimulus: Stimulus): { readonly violations: readonly Violation[]; readonly exercised: readonly string[]; readonly policyFree: boolean } | undefined {
    if (!isEmptyStep(this.analyse(o, stimulus, o))) return undefined;
    const v = this.keptQuietVerdict(facts, o, stimulus.kind);
    return v === undefined ? undefined : { violations: v.violations, exercised: v.exercised, policyFree: v.policy === null };
  }

  /** analyseStep, kept by the identities of (prev, next) and the stimulus key. */
  private analyse(prev: Observation | null, stimulus: Stimulus | null, next: Observation): StepAnalysis {
    if (prev === null || stimulus === null) return analyseStep(prev, stimulus, next);
    // A step that changed nothing observed is told without a search.
    if (prev === next) {
      const quiet = analyseStep(prev, stimulus, next);
      if (isEmptyStep(quiet)) return quiet;
    }
    const k = stimulusKey(stimulus);
    let kept = this.analyses.get(next);
    if (kept === undefined) {
      kept = [];
      this.analyses.set(next, kept);
    }
    for (const e of kept) if (e.prev === prev && e.key === k) return e.analysis;
    const a = analyseStep(prev, stimulus, next);
    if (kept.length < KEPT_PER_OBSERVATION) kept.push({ prev, key: k, analysis: a });
    return a;
  }

  private answersFor(o: Observation): Map<unknown, unknown> {
    if (o === this.lastObservation) return this.lastAnswers as Map<unknown, unknown>;
    let answers = this.answers.get(o);
    if (answers === undefined) {
      answers = new Map();
      this.answers.set(o, answers);
    }
    this.lastObservation = o;
    this.lastAnswers = answers;
    return answers;
  }

  /**
   * advanceFacts(ctx), with the maps but the policy kept by the identities of everything
   * advanceFacts reads (the facts maps, prev, next, the step analysis, the stimulus key): policy
   * siblings, which share those, share the facts maps that follow too (and whatever is kept per
   * map downstream).
   */
  private advance(ctx: PropertyContext): TraceFacts {
    const { facts, stimulus, prev, next, step } = ctx;
    const k = stimulusKey(stimulus);
    let core: FactsCore;
    let computed: TraceFacts | null = null;
    const last = this.lastAdvanced;
    if (last !== null && last.key === k && last.ctx.facts === facts && last.ctx.step === step && last.ctx.next === next && last.ctx.prev === prev) core = last.core;
    else {
      const c = withFactsCore(this.advanced.begin(), facts).with(step).with(next);
      if (prev !== null) c.with(prev);
      const kept = c.get(k);
      if (kept !== undefined) core = kept;
      else {
        computed = advanceFacts(ctx);
        const { policy: _policy, ...rest } = computed;
        core = c.set(rest, k);
      }
      this.lastAdvanced = { ctx, key: k, core };
    }
    const policy = stimulus !== null && stimulus.kind === 'setFallbackPolicy' ? this.internedPolicyAfter(facts.policy, stimulus, computed) : facts.policy;
    return factsWithPolicy(core, policy);
  }

  /**
   * The policy map after a policy change. Policy maps are never mutated once built, so a change
   * from a given map to a given value can always hand back the same map, interned by content:
   * with a few domains only a handful of maps ever exist (2^domains), and most explored
   * transitions are policy changes. The shared identity keeps per-map answers warm.
   */
  private internedPolicyAfter(policy: Policy, stimulus: Stimulus & { kind: 'setFallbackPolicy' }, computed: TraceFacts | null): Policy {
    const { domain, on } = stimulus;
    if (policy.get(domain) === on) return policy;
    let byChange = this.policyAfterChange.get(policy);
    if (byChange === undefined) {
      byChange = new Map();
      this.policyAfterChange.set(policy, byChange);
    }
    const change = `${domain}\u0000${on ? 1 : 0}`;
    let out = byChange.get(change);
    if (out === undefined) {
      const built = computed?.policy ?? policyAfter(policy, stimulus);
      out = this.interned(built);
      byChange.set(change, out);
    }
    return out;
  }

  private interned(policy: Policy): Policy {
    let content = '';
    for (const [d, v] of policy) content += `${d}\u0000${v ? 1 : 0}\u0001`;
    const known = this.policyByContent.get(content);
    if (known !== undefined) return known;
    this.policyByContent.set(content, policy);
    return policy;
  }

  private quietKey(facts: TraceFacts, next: Observation): IdentityCache<QuietVerdict> {
    return withFactsCore(this.siblingQuietVerdicts.begin().with(next), facts);
  }

  /** A kept verdict of a quiet step of this kind out of (facts, next) that holds under facts' policy. */
  private keptQuietVerdict(facts: TraceFacts, next: Observation, kind: Stimulus['kind']): QuietVerdict | undefined {
    let known = this.quietVerdicts.get(facts);
    if (known !== undefined && !(known.next === next && known.kind === kind)) known = undefined;
    if (known === undefined) {
      known = this.quietKey(facts, next).get(kind);
      if (known !== undefined) this.quietVerdicts.set(facts, known);
    }
    return known !== undefined && (known.policy === null || known.policy === facts.policy) ? known : undefined;
  }
}
