// The explorer's judge (harness/explore/judge-cache.ts) keeps answers by object identity. Its
// verdicts and facts must be those of the plain judge: checked along seeded random model walks,
// each judged by the plain judge, by the caching judge, and by it again (the second pass answers
// from its caches), plus the explorer's situation of policy siblings (the same observations
// judged from facts that differ in the policy only).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { factsKey } from '../../harness/explore/facts-key.ts';
import { CachingJudge } from '../../harness/explore/judge-cache.ts';
import type { Observation, Stimulus } from '../../vocabulary/observation.ts';
import { initialFacts, judgeStep, PROPERTIES, type StepVerdict, type TraceFacts } from '../../properties/index.ts';

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

/** One caching judge for every walk: walks meet the model's shared view objects again. */
const caching = new CachingJudge(DEFAULT_WORLD, PROPERTIES);
const plainJudge = (f: TraceFacts, prev: Observation | null, s: Stimulus | null, next: Observation): StepVerdict => judgeStep(DEFAULT_WORLD, f, prev, s, next);
const cachingJudge = (f: TraceFacts, prev: Observation | null, s: Stimulus | null, next: Observation): StepVerdict => caching.judge(f, prev, s, next);

function judgeAll(obs: readonly Observation[], trace: readonly Stimulus[], judge: typeof plainJudge, start: TraceFacts = initialFacts(DEFAULT_WORLD)): string[] {
  let v = judge(start, null, null, obs[0]!);
  const out = [said(v, obs[0]!)];
  for (let i = 0; i < trace.length; i++) {
    v = judge(v.facts, obs[i]!, trace[i]!, obs[i + 1]!);
    out.push(said(v, obs[i + 1]!));
  }
  return out;
}

const picks = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 20, maxLength: 70 });

describe('the caching judge', () => {
  it('says what the plain judge says, on first and repeated passes', () => {
    fc.assert(
      fc.property(picks, (ps) => {
        const { obs, trace } = run(ps);
        const plain = judgeAll(obs, trace, plainJudge);
        expect(judgeAll(obs, trace, cachingJudge)).toEqual(plain);
        expect(judgeAll(obs, trace, cachingJudge)).toEqual(plain);
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
        const plain = judgeAll(obs, trace, plainJudge, sibling);
        judgeAll(obs, trace, cachingJudge);
        expect(judgeAll(obs, trace, cachingJudge, sibling)).toEqual(plain);
      }),
      { seed: 5141, numRuns: 40 },
    );
  });
});
