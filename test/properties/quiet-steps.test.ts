// judgeStep reuses the verdict of a step that changed nothing observed (a fallback-policy
// change) for the next such step out of the same state, but only when no property looked at
// the stimulus beyond its kind. Checked with properties that do and do not look.
import { describe, expect, it } from 'vitest';
import type { Stimulus } from '../../vocabulary/observation.ts';
import { initialFacts, judgeStep, type Property } from '../../properties/index.ts';
import { violation } from '../../properties/types.ts';
import { CONFIG, Script, attach } from './script.ts';

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

describe('verdicts of steps that change nothing observed', () => {
  it('are judged per stimulus when a property reads past the kind', () => {
    const { o, facts } = attachedState();
    const catalogue = [watchesB];
    const a = judgeStep(CONFIG, facts, o, toggle('A', true), o, catalogue);
    const b = judgeStep(CONFIG, facts, o, toggle('B', true), o, catalogue);
    expect(a.violations).toEqual([]);
    expect(b.violations.map((v) => v.message)).toEqual(['B changed']);
  });

  it('are reused for the next step of the same kind out of the same state otherwise', () => {
    const { o, facts } = attachedState();
    const catalogue = [flagsPolicyChanges];
    evaluations = 0;
    const a = judgeStep(CONFIG, facts, o, toggle('A', true), o, catalogue);
    const b = judgeStep(CONFIG, facts, o, toggle('C', true), o, catalogue);
    expect(evaluations).toBe(1);
    expect(b.violations).toEqual(a.violations);
    expect(b.violations.length).toBe(1);
    // The facts still follow each stimulus.
    expect(a.facts.policy.get('A')).toBe(true);
    expect(b.facts.policy.get('A')).toBe(false);
    expect(b.facts.policy.get('C')).toBe(true);
    // Another state (other facts object): judged afresh.
    judgeStep(CONFIG, initialFacts(CONFIG), o, toggle('A', true), o, catalogue);
    expect(evaluations).toBe(2);
  });

  it('with reuse, are shared with policy siblings, unless a property looked at the policy', () => {
    const { o, facts } = attachedState();
    // A policy sibling: the same facts maps but the policy (as advanceFacts makes it).
    const sibling = judgeStep(CONFIG, facts, o, toggle('B', true), o, [], true).facts;
    expect(sibling.policy).not.toBe(facts.policy);
    expect(sibling.lineage).toBe(facts.lineage);
    evaluations = 0;
    const catalogue = [flagsPolicyChanges];
    const a = judgeStep(CONFIG, facts, o, toggle('A', true), o, catalogue, true);
    const b = judgeStep(CONFIG, sibling, o, toggle('C', true), o, catalogue, true);
    expect(evaluations).toBe(1);
    expect(b.violations).toEqual(a.violations);
    expect(b.facts.policy.get('B')).toBe(true);
    expect(b.facts.policy.get('C')).toBe(true);

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
    const byPolicy = [readsPolicyOfB];
    const c = judgeStep(CONFIG, facts, o, toggle('A', true), o, byPolicy, true);
    const d = judgeStep(CONFIG, sibling, o, toggle('A', true), o, byPolicy, true);
    expect(policyEvaluations).toBe(2);
    expect(c.violations).toEqual([]);
    expect(d.violations.map((v) => v.message)).toEqual(['B requests fallback']);
    // Out of the same state again: the verdict it looked at the policy for is reused there.
    const e = judgeStep(CONFIG, sibling, o, toggle('C', true), o, byPolicy, true);
    expect(policyEvaluations).toBe(2);
    expect(e.violations).toEqual(d.violations);
  });
});
