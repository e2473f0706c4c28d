// judgeStep with `reuse` keeps answers by object identity (the explorer's mode). Its verdicts
// and facts must be those of the plain judge: checked along seeded random model walks, each
// judged without reuse, with reuse, and with reuse again (the second pass answers from the
// caches), plus the explorer's situation of policy siblings (the same observations judged from
// facts that differ in the policy only).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { factsKey } from '../../harness/explore/facts-key.ts';
import type { Observation, Stimulus } from '../../vocabulary/observation.ts';
import { initialFacts, judgeStep, type StepVerdict, type TraceFacts } from '../../properties/index.ts';

function run(picks: readonly number[]): { obs: Observation[]; trace: Stimulus[] } {
  const m = new ModelOracle();
  m.reset(DEFAULT_WORLD, 0);
  const obs = [m.observe()];
  const trace: Stimulus[] = [];
  for (const p of picks) {
    const en = m.enabled();
    const progress = en.filter((s) => s.kind === 'deliver' || s.kind === 'complete');
    const pool = progress.length > 0 && p < 0.6 ? progress : en;
    const s = pool[Math.floor(((p * 3) % 1) * pool.length)]!;
    m.apply(s);
    trace.push(s);
    obs.push(m.observe());
  }
  return { obs, trace };
}

/** What a verdict says, as plain data (facts in the facts key's full form). */
function said(v: StepVerdict, o: Observation): string {
  return JSON.stringify({ violations: v.violations, exercised: v.exercised, facts: factsKey(v.facts, o, { mode: 'full' }) });
}

function judgeAll(obs: readonly Observation[], trace: readonly Stimulus[], reuse: boolean, start: TraceFacts = initialFacts(DEFAULT_WORLD)): string[] {
  let v = judgeStep(DEFAULT_WORLD, start, null, null, obs[0]!, undefined, reuse);
  const out = [said(v, obs[0]!)];
  for (let i = 0; i < trace.length; i++) {
    v = judgeStep(DEFAULT_WORLD, v.facts, obs[i]!, trace[i]!, obs[i + 1]!, undefined, reuse);
    out.push(said(v, obs[i + 1]!));
  }
  return out;
}

const picks = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 20, maxLength: 70 });

describe('judging with reuse', () => {
  it('says what the plain judge says, on first and repeated passes', () => {
    fc.assert(
      fc.property(picks, (ps) => {
        const { obs, trace } = run(ps);
        const plain = judgeAll(obs, trace, false);
        expect(judgeAll(obs, trace, true)).toEqual(plain);
        expect(judgeAll(obs, trace, true)).toEqual(plain);
      }),
      { seed: 5140, numRuns: 60 },
    );
  });

  it('keeps policy siblings apart where the policy matters', () => {
    fc.assert(
      fc.property(picks, fc.constantFrom('A', 'B', 'C', 'D'), (ps, domain) => {
        const { obs, trace } = run(ps);
        // The same observations judged from facts in which one TPoS requests fallback.
        const sibling = judgeStep(DEFAULT_WORLD, initialFacts(DEFAULT_WORLD), obs[0]!, { kind: 'setFallbackPolicy', domain, on: true }, obs[0]!).facts;
        const plain = judgeAll(obs, trace, false, sibling);
        judgeAll(obs, trace, true);
        expect(judgeAll(obs, trace, true, sibling)).toEqual(plain);
      }),
      { seed: 5141, numRuns: 40 },
    );
  });
});
