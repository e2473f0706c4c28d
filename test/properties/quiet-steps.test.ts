// judgeStep reuses the verdict of a step that changed nothing observed (a fallback-policy
// change) for the next such step out of the same state, but only when no property looked at
// the stimulus beyond its kind. Checked with properties that do and do not look.
import { describe, expect, it } from 'vitest';
import type { Stimulus } from '../../harness/observation.ts';
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
});
