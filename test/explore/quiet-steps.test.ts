// The explorer's judge (harness/explore/judge-cache.ts) reuses the verdict of a step that
// changed nothing observed (a fallback-policy change) for the next such step out of the same
// state, but only when no property looked at the stimulus beyond its kind, and for the state's
// policy siblings only when none looked at the policy. Checked with properties that do and do
// not look, each verdict against the plain judge's.
import { describe, expect, it } from 'vitest';
import type { Observation, Stimulus } from '../../vocabulary/observation.ts';
import { CachingJudge } from '../../harness/explore/judge-cache.ts';
import { initialFacts, judgeStep, type Property, type StepVerdict, type TraceFacts } from '../../properties/index.ts';
import { violation } from '../../properties/types.ts';
import { CONFIG, Script, attach } from '../properties/script.ts';

const toggle = (domain: string, on: boolean): Stimulus => ({ kind: 'setFallbackPolicy', domain, on });

/** Flags a policy change of domain B: it reads the stimulus past its kind. */
const watchesB: Property = {
  id: 'watches-b',
  title: 'test: flags setFallbackPolicy on B',
  requirements: ['test-only'],
  check(ctx) {
    const s = ctx.stimulus;
    return s !== null && s.kind === 'setFallbackPolicy' && s.domain === 'B' ? violation(this, 'B changed') : null;
  },
};

/** Counts its evaluations and flags every policy change: it reads the kind only. */
let evaluations = 0;
const flagsPolicyChanges: Property = {
  id: 'flags-policy-changes',
  title: 'test: flags every setFallbackPolicy',
  requirements: ['test-only'],
  check(ctx) {
    evaluations++;
    return ctx.stimulus?.kind === 'setFallbackPolicy' ? violation(this, 'policy changed') : null;
  },
};

function attachedState() {
  const s = new Script();
  attach(s, 'm1', 'A', 'k1', 'n1');
  const o = s.steps[s.steps.length - 1]!.observation;
  return { o, facts: initialFacts(CONFIG) };
}

/**
 * A caching judge of one catalogue, judging steps out of observation `o` that change nothing;
 * `checkAll()` then checks every verdict it gave against the plain judge's (afterwards, so that
 * the properties' evaluation counts are the caching judge's alone).
 */
function judgeOf(catalogue: readonly Property[]) {
  const judge = new CachingJudge(CONFIG, catalogue);
  const given: { facts: TraceFacts; o: Observation; s: Stimulus; v: StepVerdict }[] = [];
  return {
    judge(facts: TraceFacts, o: Observation, s: Stimulus): StepVerdict {
      const v = judge.judge(facts, o, s, o);
      given.push({ facts, o, s, v });
      return v;
    },
    checkAll(): void {
      for (const { facts, o, s, v } of given) expect(v).toEqual(judgeStep(CONFIG, facts, o, s, o, catalogue));
    },
  };
}

describe('verdicts of steps that change nothing observed', () => {
  it('are judged per stimulus when a property reads past the kind', () => {
    const { o, facts } = attachedState();
    const j = judgeOf([watchesB]);
    const a = j.judge(facts, o, toggle('A', true));
    const b = j.judge(facts, o, toggle('B', true));
    expect(a.violations).toEqual([]);
    expect(b.violations.map((v) => v.message)).toEqual(['B changed']);
    j.checkAll();
  });

  it('are reused for the next step of the same kind out of the same state otherwise', () => {
    const { o, facts } = attachedState();
    const j = judgeOf([flagsPolicyChanges]);
    evaluations = 0;
    const a = j.judge(facts, o, toggle('A', true));
    const b = j.judge(facts, o, toggle('C', true));
    expect(evaluations).toBe(1);
    expect(b.violations).toEqual(a.violations);
    expect(b.violations.length).toBe(1);
    // The facts still follow each stimulus.
    expect(a.facts.policy.get('A')).toBe(true);
    expect(b.facts.policy.get('A')).toBe(false);
    expect(b.facts.policy.get('C')).toBe(true);
    // Another state (other facts object): judged afresh.
    j.judge(initialFacts(CONFIG), o, toggle('A', true));
    expect(evaluations).toBe(2);
    j.checkAll();
  });

  it('are shared with policy siblings, unless a property looked at the policy', () => {
    const { o, facts } = attachedState();
    // A policy sibling: the same facts maps but the policy (as advanceFacts makes it).
    const sibling = judgeStep(CONFIG, facts, o, toggle('B', true), o, []).facts;
    expect(sibling.policy).not.toBe(facts.policy);
    expect(sibling.lineage).toBe(facts.lineage);
    evaluations = 0;
    const j = judgeOf([flagsPolicyChanges]);
    const a = j.judge(facts, o, toggle('A', true));
    const b = j.judge(sibling, o, toggle('C', true));
    expect(evaluations).toBe(1);
    expect(b.violations).toEqual(a.violations);
    expect(b.facts.policy.get('B')).toBe(true);
    expect(b.facts.policy.get('C')).toBe(true);
    j.checkAll();

    // Reads the policy: B's policy decides its verdict.
    let policyEvaluations = 0;
    const readsPolicyOfB: Property = {
      id: 'reads-policy-of-b',
      title: 'test: flags a policy change while B requests fallback',
      requirements: ['test-only'],
      check(ctx) {
        policyEvaluations++;
        return ctx.stimulus?.kind === 'setFallbackPolicy' && ctx.facts.policy.get('B') === true ? violation(this, 'B requests fallback') : null;
      },
    };
    const byPolicy = judgeOf([readsPolicyOfB]);
    const c = byPolicy.judge(facts, o, toggle('A', true));
    const d = byPolicy.judge(sibling, o, toggle('A', true));
    expect(policyEvaluations).toBe(2);
    expect(c.violations).toEqual([]);
    expect(d.violations.map((v) => v.message)).toEqual(['B requests fallback']);
    // Out of the same state again: the verdict it looked at the policy for is reused there.
    const e = byPolicy.judge(sibling, o, toggle('C', true));
    expect(policyEvaluations).toBe(2);
    expect(e.violations).toEqual(d.violations);
    byPolicy.checkAll();
  });
});
